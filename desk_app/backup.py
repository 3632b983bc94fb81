"""`desk-app backup --out FILE` and `desk-app restore FILE`: the desk's database, in plain Chinese.

Kept apart from desk_app/cli.py (one line registers them there); the logic is in
desk_app/storage/backup.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desk_app.storage.backup import BackupError, backup_database, restore_database
from desk_app.storage.db import database_path

# Sync settings that are credentials and transport, not data: a restored backup keeps the current
# ones (same enrolment), so it never brings back a token rotated since the backup.
CARRIED_SETTINGS = ("sync.token", "sync.token_at", "sync.fingerprint", "sync.allow_insecure", "sync.server_url")

COMMANDS = ("backup", "restore")


def add_commands(sub: Any) -> None:
    bk = sub.add_parser("backup", help="copy the desk's database to a file (safe while the desk is open)")
    bk.add_argument("--out", type=Path, required=True, help="the backup file to write")
    rs = sub.add_parser("restore", help="replace the desk's database by a backup (close the desk first); "
                                        "the replaced file is kept")
    rs.add_argument("file", type=Path, help="a file made by `desk-app backup`")


def run(args: argparse.Namespace, data_dir: Path) -> int:
    from desk_app.storage.migrate import known_revisions

    db = database_path(data_dir)
    try:
        if args.command == "backup":
            backup_database(db, args.out)
            print(f"已备份到 {args.out}")
            return 0
        replaced = restore_database(db, args.file, known_revisions(), carry_over=CARRIED_SETTINGS,
                                    same_if="sync.desk_id")
    except BackupError as exc:
        print(f"{'备份' if args.command == 'backup' else '恢复'}失败：{_zh(exc)}", file=sys.stderr)
        return 1
    from desk_app.storage.store import DeskStore

    DeskStore.open(data_dir).close()  # an older backup is brought to this desk's schema now
    if replaced:
        print(f"原数据库已另存为 {replaced}")
    print(f"已从 {args.file} 恢复。如已注册到中心，下次同步会重新发送本机记录，并取回备份之后已上传的内容。")
    return 0


def _zh(exc: BackupError) -> str:
    text = str(exc)
    if "newer version" in text:
        return f"该文件由更新版本的接待台生成，本机版本无法使用（{text}）"
    if "not a Station Desk database" in text or "not an SQLite database" in text:
        return f"该文件不是接待台的数据库（{text}）"
    if "in use" in text:
        return "数据库正在使用中，请先关闭接待台窗口再恢复"
    if "no file" in text or "no desk database" in text:
        return f"找不到文件（{text}）"
    return text
