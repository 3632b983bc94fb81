"""`desk-app backup --out FILE` and `desk-app restore FILE`: the desk's database, in plain Chinese.

A backup holds every citizen's full phone number: it is the office's to take (Action.FULL_NUMBERS,
in the audit trail); a restore replaces the whole desk: an administrator's (Action.OPERATORS).
Both name their operator and need their PIN (common.acting_operator). The work is
desk_app/storage/backup.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desk_app.cli.common import OPERATOR_HELP, CommandFailed, acting_operator, open_store
from desk_app.cli.table import CommandTable

# Sync settings that are credentials and transport, not data: a restored backup keeps the current
# ones (same enrolment), so it never brings back a token rotated since the backup.
CARRIED_SETTINGS = (
    "sync.token",
    "sync.token_at",
    "sync.fingerprint",
    "sync.allow_insecure",
    "sync.server_url",
)


def register(table: CommandTable) -> None:
    bk = table.add(
        "backup", help="copy the desk's database to a file (safe while the desk is open)", handler=backup
    )
    bk.add_argument("--out", type=Path, required=True, help="the backup file to write")
    bk.add_argument("--operator", default=None, help=OPERATOR_HELP)
    rs = table.add(
        "restore",
        help="replace the desk's database by a backup (close the desk first); the replaced file is kept",
        handler=restore,
    )
    rs.add_argument("file", type=Path, help="a file made by `desk-app backup`")
    rs.add_argument("--operator", default=None, help=OPERATOR_HELP)


def _allowed(args: argparse.Namespace, action: str) -> None:
    """The operator's PIN, and the role that may do it; the audit trail records a backup."""
    from desk_app.domain.permissions import Action, permits

    wanted = Action(action)
    with open_store(args) as store:
        operator = acting_operator(store, args)
        if not permits(operator.role, wanted):
            from desk_app.domain.permissions import NotPermitted

            raise CommandFailed(NotPermitted(wanted, operator.role).message_zh())
        if wanted is Action.FULL_NUMBERS:
            store.record_full_numbers(by=operator.id, printed=False, subject=f"备份 {args.out}")


def backup(args: argparse.Namespace) -> int:
    from desk_app.storage.backup import BackupError, backup_database
    from desk_app.storage.db import database_path

    _allowed(args, "full_numbers")
    try:
        backup_database(database_path(args.data_dir), args.out)
    except BackupError as exc:
        raise CommandFailed(f"备份失败：{_zh(exc)}") from exc
    print(f"已备份到 {args.out}")
    return 0


def restore(args: argparse.Namespace) -> int:
    from desk_app.storage.backup import BackupError, restore_database
    from desk_app.storage.db import database_path
    from desk_app.storage.migrate import known_revisions
    from desk_app.storage.store import DeskStore

    _allowed(args, "operators")
    try:
        replaced = restore_database(
            database_path(args.data_dir),
            args.file,
            known_revisions(),
            carry_over=CARRIED_SETTINGS,
            same_if="sync.desk_id",
        )
    except BackupError as exc:
        raise CommandFailed(f"恢复失败：{_zh(exc)}") from exc
    DeskStore.open(args.data_dir).close()  # an older backup is brought to this desk's schema now
    if replaced:
        print(f"原数据库已另存为 {replaced}")
    print(f"已从 {args.file} 恢复。如已注册到中心，下次同步会重新发送本机记录，并取回备份之后已上传的内容。")
    return 0


def _zh(exc: Exception) -> str:
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
