"""Helpers of the storage tests (imported by name: a module name no other test directory uses)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy import text

from desk_app.domain.validation import ReceptionDraft, ReferralDraft
from desk_app.storage.cases import CallbackDraft
from desk_app.storage.records import HandlingUnitInfo, OperatorInfo
from desk_app.storage.store import DeskStore

# Argon2 with the shipped cost takes ~0.2 s per hash; tests need the format, not the cost
# (tests/conftest.py sets it for every test; some module-scoped fixtures set it themselves).
# A dissatisfied callback carries the citizen's words (casebook.callback_refusal).
DISSATISFIED_WORDS = "还是没有解决"

CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

TABLES = (
    "station",
    "operator",
    "deputy",
    "category",
    "handling_unit",
    "reception",
    "reception_deputy",
    "referral",
    "callback",
    "change_log",
    "setting",
    "reception_fts",
)


@dataclass
class Desk:
    """A set-up desk and short-hands for the case lifecycle (all dated from the fake clock)."""

    store: DeskStore
    clerk: OperatorInfo
    unit: HandlingUnitInfo
    clock: object

    @property
    def now(self) -> datetime:
        return self.store.clock()

    def draft(self, content: str = "小区电梯停运三天", **fields: object) -> ReceptionDraft:
        return ReceptionDraft(
            received_at=self.now - timedelta(hours=1),
            channel="walk_in",
            content=content,
            outcome="needs_referral",
            **fields,
        )  # type: ignore[arg-type]

    def callback_draft(self, verdict: str, cause: str = "") -> CallbackDraft:
        return CallbackDraft(
            called_at=self.now,
            caller="李明",
            method="phone",
            verdict=verdict,
            citizen_words=DISSATISFIED_WORDS if verdict == "dissatisfied" else "",
            cause=cause,
        )

    def register(
        self,
        content: str = "小区电梯停运三天",
        *,
        outcome: str = "needs_referral",
        received_at: datetime | None = None,
        **fields: object,
    ) -> str:
        draft = ReceptionDraft(
            received_at=received_at or self.now - timedelta(hours=1),
            channel=fields.pop("channel", "walk_in"),
            content=content,
            outcome=outcome,
            **fields,  # type: ignore[arg-type]
        )
        return self.store.register_reception(draft, by=self.clerk.id)

    def refer(self, rid: str, *, on: date | None = None, days: int = 5, unit_id: str | None = None):  # type: ignore[no-untyped-def]
        draft = ReferralDraft(unit_id or self.unit.id, "王科长", on or self.now.date(), days, "赵代表")
        return self.store.refer(rid, draft, by=self.clerk.id)

    def reply(self, rid: str, *, on: date | None = None) -> None:
        self.store.record_reply(rid, replied_on=on or self.now.date(), reply_text="已修复", by=self.clerk.id)

    def callback(
        self, rid: str, verdict: str | None, *, at: datetime | None = None, cause: str | None = None
    ) -> None:
        if cause is None:
            cause = "unit_fault" if verdict == "dissatisfied" else ""
        draft = CallbackDraft(
            called_at=at or self.now,
            caller="李明",
            method="phone",
            verdict=verdict,
            citizen_words=DISSATISFIED_WORDS if verdict == "dissatisfied" else "",
            cause=cause,
        )
        self.store.record_callback(rid, draft, by=self.clerk.id)

    def sign_off(self, rid: str) -> None:
        self.store.sign_off(rid, by=self.clerk.id, note="群众满意")

    def counts(self) -> dict[str, int]:
        with self.store.db.engine.connect() as conn:
            return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}

    def status(self, rid: str) -> str:
        return self.store.case_detail(rid).status


class FixedClock:
    """A settable clock for fixtures broader than one test (tests/conftest.py's `clock` is per test)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now
