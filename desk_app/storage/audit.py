"""The desk's audit trail of what the change log cannot show: who signed in (or failed to), who
was locked out, whose PIN changed, and who printed or exported citizens' full phone numbers.

Desk-local (models.AuditEvent): it is about this desk's keyboard, not about shared records.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

# SQLAlchemy and the models are imported where they are used: the window's labels import
# AuditKind before the store is open (start-up time, desk_app/ui/app.py).
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desk_app.storage.models import AuditEvent


class AuditKind(StrEnum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_BLOCKED = "sign_in_blocked"  # a try during a wait or a lock: not even checked
    LOCKED_OUT = "locked_out"
    PIN_CHANGED = "pin_changed"
    PIN_RESET = "pin_reset"
    FULL_NUMBERS_PRINTED = "full_numbers_printed"
    FULL_NUMBERS_EXPORTED = "full_numbers_exported"
    CALENDAR_CHANGED = "calendar_changed"


AUDIT_ZH: dict[AuditKind, str] = {
    AuditKind.SIGN_IN: "登录",
    AuditKind.SIGN_IN_FAILED: "登录失败（PIN 错误）",
    AuditKind.SIGN_IN_BLOCKED: "登录被拒（等待或锁定期间）",
    AuditKind.LOCKED_OUT: "多次输错 PIN，已锁定",
    AuditKind.PIN_CHANGED: "修改本人 PIN",
    AuditKind.PIN_RESET: "重置他人 PIN",
    AuditKind.FULL_NUMBERS_PRINTED: "打印含完整电话号码的文件",
    AuditKind.FULL_NUMBERS_EXPORTED: "导出含完整电话号码的文件",
    AuditKind.CALENDAR_CHANGED: "修改节假日安排",
}


def record(
    session: Session,
    kind: AuditKind,
    operator_id: str | None,
    subject: str = "",
    detail: str = "",
    at: datetime | None = None,
) -> None:
    from desk_app.storage.models import AuditEvent, utcnow

    session.add(
        AuditEvent(
            at=at or utcnow(), kind=kind.value, operator_id=operator_id, subject=subject[:200], detail=detail
        )
    )


def trail(session: Session, *, limit: int = 500, offset: int = 0) -> list[AuditEvent]:
    from sqlalchemy import select

    from desk_app.storage.models import AuditEvent

    return list(
        session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).offset(offset).limit(limit))
    )
