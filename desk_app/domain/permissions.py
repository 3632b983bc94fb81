"""Who may do what: the permission table of docs/design.md, written once.

The bulletin's practice: deputies on duty receive citizens, record what they raise and call them
back; the office (驻站工作人员, the street's 人大工委 or the township's 主席团 staff) decides the
handling unit and the handler, issues the slip, chases, decides extensions and signs off. The
district centre's staff do the office's work for every station of the district. An administrator
keeps the desk itself: operators, the station's settings, enrolment with the server.

`DeskStore` checks every write against this table (not only the window's greyed buttons), and
the central server checks every pushed change against it with the role of the operator the
change names.
"""

from __future__ import annotations

from enum import StrEnum

from desk_app.domain.lifecycle import Move
from desk_app.domain.vocab import OperatorRole


class Action(StrEnum):
    REGISTER = "register"  # 接待登记
    CASE_WORK = "case_work"  # the office's case moves: refer, reply, return, extensions, sign off …
    CALLBACK = "callback"  # 回访 (and 未接通)
    CHASE = "chase"  # 催办
    CHECK_IN = "check_in"  # 代表签到签退、进站记录
    DIRECTORIES = "directories"  # handling units, categories, the deputy roster
    ROTA = "rota"  # duty pattern, groups, making and changing the rota
    IMPORT_LEDGER = "import_ledger"  # a ledger carries sign-offs: the office's work
    CALENDAR = "calendar"  # holidays and swapped workdays
    RESET_DEPUTY_PIN = "reset_deputy_pin"  # the office resets a duty deputy's PIN
    OPERATORS = "operators"  # add, deactivate, change roles, reset any PIN
    STATION_SETTINGS = "station_settings"  # name, slip prefix and pattern, waiting deadlines
    ENROL = "enrol"  # enrol the desk with the central server
    AUDIT = "audit"  # read the audit trail
    FULL_NUMBERS = "full_numbers"  # print or export citizens' full phone numbers
    FORWARD_12345 = "forward_12345"  # 转12345: forward a case to the 12345 platform


_DEPUTY = frozenset({Action.REGISTER, Action.CALLBACK, Action.CHASE, Action.CHECK_IN})
_OFFICE = _DEPUTY | {
    Action.CASE_WORK,
    Action.DIRECTORIES,
    Action.ROTA,
    Action.IMPORT_LEDGER,
    Action.CALENDAR,
    Action.RESET_DEPUTY_PIN,
    Action.FULL_NUMBERS,
    Action.AUDIT,
    Action.FORWARD_12345,
}

PERMISSIONS: dict[OperatorRole, frozenset[Action]] = {
    OperatorRole.DEPUTY: _DEPUTY,
    OperatorRole.CLERK: _OFFICE,
    OperatorRole.CENTRE_STAFF: _OFFICE,
    OperatorRole.ADMIN: frozenset(Action),
}

ACTION_ZH: dict[Action, str] = {
    Action.REGISTER: "接待登记",
    Action.CASE_WORK: "交办、答复、延期、退回、销号等办理",
    Action.CALLBACK: "回访",
    Action.CHASE: "催办",
    Action.CHECK_IN: "代表签到、签退和进站记录",
    Action.DIRECTORIES: "维护承办单位、类别和代表名册",
    Action.ROTA: "排班",
    Action.IMPORT_LEDGER: "导入台账",
    Action.CALENDAR: "维护节假日安排",
    Action.RESET_DEPUTY_PIN: "重置值班代表的 PIN",
    Action.OPERATORS: "管理操作员",
    Action.STATION_SETTINGS: "修改站点设置",
    Action.ENROL: "注册到中心服务器",
    Action.AUDIT: "查看审计记录",
    Action.FULL_NUMBERS: "打印或导出完整电话号码",
    Action.FORWARD_12345: "转12345",
}

# The action each lifecycle move needs.
MOVE_ACTION: dict[Move, Action] = {
    Move.REFER: Action.CASE_WORK,
    Move.REPLY: Action.CASE_WORK,
    Move.CALLBACK: Action.CALLBACK,
    Move.CALLBACK_NOT_REACHED: Action.CALLBACK,
    Move.SIGN_OFF: Action.CASE_WORK,
    Move.RETURN: Action.CASE_WORK,
    Move.CHASE: Action.CHASE,
    Move.REQUEST_EXTENSION: Action.CASE_WORK,
    Move.DECIDE_EXTENSION: Action.CASE_WORK,
    Move.CLOSE_EXPLAINED: Action.CASE_WORK,
    Move.REOPEN: Action.CASE_WORK,
    Move.WITHDRAW: Action.CASE_WORK,
    Move.VOID: Action.CASE_WORK,
    Move.MERGE: Action.CASE_WORK,
    Move.CORRECT_REGISTRATION: Action.CASE_WORK,
    Move.CORRECT_REFERRAL: Action.CASE_WORK,
    Move.CORRECT_REPLY: Action.CASE_WORK,
    Move.CORRECT_VERDICT: Action.CASE_WORK,
}

# Roles a station's desk may give; the centre's staff exist only on a district centre's desk.
STATION_ROLES = frozenset({OperatorRole.DEPUTY, OperatorRole.CLERK, OperatorRole.ADMIN})
CENTRE_ROLES = frozenset({OperatorRole.CENTRE_STAFF, OperatorRole.ADMIN})


def role_of(value: str | None) -> OperatorRole | None:
    try:
        return OperatorRole(value) if value else None
    except ValueError:
        return None


def permits(role: OperatorRole | str | None, action: Action) -> bool:
    found = role if isinstance(role, OperatorRole) else role_of(role)
    return found is not None and action in PERMISSIONS[found]


def may_reset_pin(actor: OperatorRole | str | None, target: OperatorRole | str | None) -> bool:
    """An administrator resets anyone's PIN; the office resets a duty deputy's."""
    if permits(actor, Action.OPERATORS):
        return True
    return permits(actor, Action.RESET_DEPUTY_PIN) and role_of(str(target)) is OperatorRole.DEPUTY


class NotPermitted(Exception):
    """An operator tried what their role does not allow (or is not a signed-in, active operator)."""

    def __init__(self, action: Action, role: str | None, reason: str = "role") -> None:
        super().__init__(f"{action.value} not permitted for role {role!r} ({reason})")
        self.action = action
        self.role = role
        # role: the role does not allow it; unknown: no such operator; inactive: deactivated.
        self.reason = reason

    def message_zh(self) -> str:
        if self.reason == "unknown":
            return "没有这个操作员，或操作员未登录：这一步没有保存。"
        if self.reason == "inactive":
            return "该操作员已停用：这一步没有保存。"
        return f"当前身份无权{ACTION_ZH[self.action]}：这一步没有保存。"
