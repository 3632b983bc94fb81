"""`desk-app enroll` and `desk-app sync`: messages in plain Chinese, non-zero exit on failure.

They act for the desk, not for an operator: no PIN (the desk's own token authenticates it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from desk_app.cli.common import open_store
from desk_app.cli.table import CommandTable

if TYPE_CHECKING:
    from desk_app.sync.engine import SyncEngine, SyncReport


def register(table: CommandTable) -> None:
    enroll = table.add(
        "enroll", help="enrol this desk with the central server (one-time code)", handler=enroll_desk
    )
    enroll.add_argument("--server", required=True, help="server address, e.g. https://10.0.0.5:8765")
    enroll.add_argument("--code", required=True, help="the one-time enrolment code from the centre")
    enroll.add_argument(
        "--fingerprint",
        default=None,
        help="the server certificate's fingerprint from the centre (SHA256:…): pinned, "
        "and checked on every connection",
    )
    enroll.add_argument(
        "--allow-insecure",
        action="store_true",
        help="allow plain http:// to another computer (data travels unencrypted)",
    )
    enroll.add_argument(
        "--name", default=None, help="this desk's name on the server (default: the computer's)"
    )
    table.add(
        "sync",
        help="one sync round with the central server; prints what was sent and received",
        handler=sync_once,
    )
    compact = table.add(
        "compact",
        help="drop from the change log the values of records the server has confirmed "
        "(as every good sync does, without its time limit)",
        handler=compact_log,
    )
    compact.add_argument(
        "--vacuum",
        action="store_true",
        help="then rewrite the file without its free space (close the desk first: it holds "
        "the database for tens of seconds on a big desk)",
    )
    compact.add_argument(
        "--keep-days",
        type=int,
        default=None,
        metavar="DAYS",
        help="delete from the change log the records' entries compacted more than DAYS days ago "
        "(default 90; keep it longer than the oldest server backup you would restore: a server "
        "restored from an older backup does not get those records again from this desk)",
    )


def report_lines(report: SyncReport) -> list[str]:
    lines = [
        f"已发送 {report.sent} 条更改（重复 {report.duplicates} 条，被拒 {report.rejected} 条）",
        f"已接收 {report.received} 条更改",
    ]
    if report.conflicts:
        lines.append(f"冲突 {report.conflicts} 条（落败的内容已保存在冲突记录中）")
    if report.rekeys:
        lines.append(f"与中心目录合并 {report.rekeys} 项")
    if report.serials_granted:
        lines.append(f"获得交办单编号 {report.serials_granted} 个")
    if report.renumbered:
        lines.append(f"交办单编号与同站其他交办单重复，已改号 {report.renumbered} 张（请重新打印）")
    for moved in report.moved_deadlines:
        lines.append(f"节假日安排更新：交办单 {moved.serial} 的期限由 {moved.old_due} 改为 {moved.new_due}")
    return lines


def enroll_desk(args: argparse.Namespace) -> int:
    from desk_app.sync import credentials
    from desk_app.sync.client import SyncError

    def enroll_then_sync(engine: SyncEngine) -> SyncReport | None:
        try:
            enrolment = engine.enroll(
                args.server,
                args.code,
                args.name,
                fingerprint=args.fingerprint,
                allow_insecure=args.allow_insecure,
            )
        except SyncError as exc:
            print(f"注册失败：{exc.message_zh()}", file=sys.stderr)
            return None
        station = enrolment.station or {}
        print(f"已注册到中心服务器：站点 {station.get('name', '（区中心）')}，本机编号 {enrolment.desk_id}")
        token = engine.store.setting("sync.token")
        if credentials.where_kept(token if isinstance(token, str) else None) == "database":
            print("提示：本机没有系统凭据库，同步授权保存在本机数据库中；请妥善保管数据文件夹。")
        return engine.sync_once()

    return _with_engine(args, enroll_then_sync)


def sync_once(args: argparse.Namespace) -> int:
    return _with_engine(args, lambda engine: engine.sync_once())


def _with_engine(args: argparse.Namespace, work: Callable[[SyncEngine], SyncReport | None]) -> int:
    """Run `work`, print its report; 1 when it failed (it said why) or the sync reported an error."""
    from desk_app.storage.errors import DeskError
    from desk_app.sync.client import describe_zh
    from desk_app.sync.engine import SyncEngine

    with open_store(args, set_up=False) as store:
        engine = SyncEngine(store)
        try:
            report = work(engine)
            if report is None:
                return 1
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


def compact_log(args: argparse.Namespace) -> int:
    """`desk-app compact [--vacuum]`: the compaction of storage/compaction.py, all of it now."""
    from datetime import timedelta

    from desk_app.storage import compaction
    from desk_app.storage.compaction import vacuum
    from desk_app.sync.engine import SyncEngine

    if args.keep_days is not None and args.keep_days < 0:
        print("保留天数不能为负数", file=sys.stderr)
        return 2
    with open_store(args) as store:
        engine = SyncEngine(store)
        try:
            folded = engine.compact()
            kept = compaction.FOLDED_KEPT if args.keep_days is None else timedelta(days=args.keep_days)
            dropped = engine.drop_folded(kept=kept)
        finally:
            engine.close()
        print(f"已精简 {folded} 条已上传记录的变更内容")
        print(f"已删除 {dropped} 条精简超过 {kept.days} 天的变更记录（记录本身及其创建人、创建时间保留）")
        if args.vacuum:
            store.db.dispose()
            before, after = vacuum(store.db.path)
            size = store.db.path.stat().st_size
            print(f"数据库文件已整理：{before} 页 → {after} 页（{size / 1e6:.0f} MB）")
    return 0
