"""What every command of the desk's command line shares: refusing with a plain Chinese message
and an exit code, opening the store, plain file errors, and the operator a write acts for.

Messages are in Chinese, like the documents, because the clerks reading them are. Heavy modules
(the store, SQLAlchemy, argon2) are imported inside the functions, so `desk-app --help` and the
commands that never open the database start quickly.
"""

from __future__ import annotations

import argparse
import calendar
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desk_app.reports.font_errors import CjkFontMissing
    from desk_app.storage.errors import SignInRefused
    from desk_app.storage.records import OperatorInfo
    from desk_app.storage.store import DeskStore

NOT_SET_UP = "这个数据目录还没有设置站点：请先打开桌面程序完成设置。"
PIN_ENV = "DESK_PIN"
OPERATOR_HELP = (
    "operator the change is made by, who must give their PIN (default: the first active "
    "operator of the office, clerk or administrator, in name order). The PIN is read from "
    f"${PIN_ENV} if set, else from one line of standard input when it is piped, else asked for "
    "at a prompt"
)


class CommandFailed(Exception):
    """A command refused or failed in a way the user can act on: `message` goes to stderr as is,
    the process exits with `exit_code`. Anything else escaping a command is a bug."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def file_error_message(exc: OSError) -> str:
    # A folder that does not exist, a read-only disk, -o naming a directory: say so plainly.
    return f"无法读写文件 {exc.filename or ''}：{exc.strerror or exc}"


STORAGE_PROBLEM_ZH = {
    "busy": "数据库正被其他程序使用，请稍后再试",
    "disk_full": "磁盘已满",
    "read_only": "数据目录是只读的",
    "corrupt": "数据库文件已损坏，请从备份恢复",
    "cannot_open": "无法打开数据库文件，请检查数据目录",
    "too_new": "数据由更新版本的接待台写入，请安装新版本后再用",
}


def no_cjk_font(exc: CjkFontMissing) -> CommandFailed:
    """A PDF without a Chinese font would print empty boxes: refuse, naming the fonts looked for;
    a character no font has would vanish from the paper: refuse, naming the character."""
    from desk_app.reports.font_errors import GlyphMissing

    if isinstance(exc, GlyphMissing):
        return CommandFailed(exc.message_zh)
    return CommandFailed(
        "找不到中文字体，无法生成 PDF（否则汉字会显示成方框）。请安装文泉驿微米黑或宋体。已查找："
        + "、".join(map(str, exc.tried))
    )


def storage_problem_message(problem: str) -> str:
    return f"本机数据库无法使用：{STORAGE_PROBLEM_ZH.get(problem, problem)}。"


@contextmanager
def open_store(args: argparse.Namespace, *, set_up: bool = True) -> Iterator[DeskStore]:
    """The desk in `args.data_dir`, closed afterwards. With `set_up`, a desk whose station was
    never set up is refused (NOT_SET_UP): there is nobody to act for and nothing to print."""
    from desk_app.cli import collector
    from desk_app.storage.store import DeskStore

    store = DeskStore.open(args.data_dir)
    collector.settle()  # start-up is over: what it made stays to the end (cli.collector)
    try:
        if set_up and not store.is_set_up():
            raise CommandFailed(NOT_SET_UP)
        yield store
    finally:
        store.close()


def acting_operator(store: DeskStore, args: argparse.Namespace) -> OperatorInfo:
    """The operator a write command acts for, once they have proved it with their PIN.

    `args.operator` names them (default: the first active operator of the office, clerk or
    administrator, in name order); the PIN comes from read_pin. The check is DeskStore.sign_in's, the window's own, so whatever sign-in
    learns (lockouts, delays, an audit trail) applies here too. Raises CommandFailed, before
    anything is written, when the operator is unknown, no PIN is given or sign-in refuses it.
    """
    from desk_app.domain.vocab import OperatorRole
    from desk_app.storage.errors import SignInRefused

    active = store.operators()
    name: str | None = getattr(args, "operator", None)
    if name is not None:
        operator = next((o for o in active if o.name == name), None)
        if operator is None:
            raise CommandFailed(f"操作员 {name} 不存在或已停用：请用 --operator 指定一位在用的操作员。")
    else:
        office = (OperatorRole.CLERK.value, OperatorRole.ADMIN.value, OperatorRole.CENTRE_STAFF.value)
        operator = next((o for o in active if o.role in office), None)
        if operator is None:
            raise CommandFailed("没有在用的驻站工作人员：请用 --operator 指定操作员。")
    pin = read_pin(operator.name)
    if not pin:
        raise CommandFailed(
            f"没有提供 PIN：请在提示处输入，或通过管道/环境变量 {PIN_ENV} 提供。未做任何更改。"
        )
    try:
        return store.sign_in(operator.id, pin)
    except SignInRefused as refused:
        raise CommandFailed(sign_in_refused_message(operator.name, refused)) from refused


def sign_in_refused_message(name: str, refused: SignInRefused) -> str:
    """The refusal's words: a wrong PIN, a wait after several, a lock, a deactivated operator."""
    until = refused.until.strftime("%H:%M:%S") if refused.until is not None else ""
    if refused.reason == "wait":
        return f"PIN 输错次数过多：操作员 {name} 须等到 {until} 后再试，未做任何更改。"
    if refused.reason == "locked":
        return f"PIN 连续输错，操作员 {name} 已被锁定（至 {until}，或由办公室重置 PIN），未做任何更改。"
    if refused.reason in ("inactive", "unknown"):
        return f"操作员 {name} 不存在或已停用，未做任何更改。"
    left = f"（还可再试 {refused.tries_left} 次）" if refused.tries_left is not None else ""
    return f"PIN 不正确：操作员 {name} 未能通过验证{left}，未做任何更改。"


def read_pin(operator_name: str) -> str:
    """The PIN: ${DESK_PIN} if set (scripts), else one line of piped standard input, else asked
    for at a prompt without echo. An empty string when none was given."""
    from_env = os.environ.get(PIN_ENV)
    if from_env:
        return from_env
    stdin = sys.stdin
    if stdin is None:  # a windowed (frozen) program has no console to ask at
        return ""
    if not stdin.isatty():
        return stdin.readline().rstrip("\r\n")
    try:
        return getpass.getpass(f"操作员 {operator_name} 的 PIN：")
    except EOFError:
        return ""


def month_arg(text: str) -> tuple[date, date]:
    """`--month YYYY-MM` as its first and last day."""
    try:
        year, month = (int(x) for x in text.split("-"))
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"月份格式应为 YYYY-MM：{text}") from exc
