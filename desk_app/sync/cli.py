"""`desk-app enroll` and `desk-app sync`: messages in plain Chinese, non-zero exit on failure."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk_app.storage.errors import DeskError
from desk_app.storage.store import DeskStore
from desk_app.sync import credentials
from desk_app.sync.client import SyncError, describe_zh
from desk_app.sync.engine import SyncEngine, SyncReport


def report_lines(report: SyncReport) -> list[str]:
    lines = [f"已发送 {report.sent} 条更改（重复 {report.duplicates} 条，被拒 {report.rejected} 条）",
             f"已接收 {report.received} 条更改"]
    if report.conflicts:
        lines.append(f"冲突 {report.conflicts} 条（落败的内容已保存在冲突记录中）")
    if report.rekeys:
        lines.append(f"与中心目录合并 {report.rekeys} 项")
    if report.serials_granted:
        lines.append(f"获得交办单编号 {report.serials_granted} 个")
    return lines


def run(args: argparse.Namespace, data_dir: Path) -> int:
    store = DeskStore.open(data_dir)
    engine = SyncEngine(store)
    try:
        if args.command == "enroll":
            try:
                enrolment = engine.enroll(args.server, args.code, args.name,
                                          fingerprint=args.fingerprint, allow_insecure=args.allow_insecure)
            except SyncError as exc:
                print(f"注册失败：{exc.message_zh()}", file=sys.stderr)
                return 1
            station = enrolment.station or {}
            print(f"已注册到中心服务器：站点 {station.get('name', '（区中心）')}，本机编号 {enrolment.desk_id}")
            if credentials.where_kept(store.setting("sync.token")) == "database":
                print("提示：本机没有系统凭据库，同步授权保存在本机数据库中；请妥善保管数据文件夹。")
            report = engine.sync_once()
        else:
            report = engine.sync_once()
        for line in report_lines(report):
            print(line)
        if report.errors:
            print(f"同步失败：{describe_zh(report.errors[0], report.error_detail)}", file=sys.stderr)
            return 1
        print(f"同步完成，待同步 {engine.pending_count()} 条")
        return 0
    except DeskError as exc:
        print(f"同步失败：本机数据库无法使用（{exc}）", file=sys.stderr)
        return 1
    finally:
        engine.close()
        store.close()
