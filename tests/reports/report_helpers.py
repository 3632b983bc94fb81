"""Helpers of the report tests (imported by name): a desk with known cases, reading PDFs back."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from desk_app.domain.validation import ReceptionDraft, ReferralDraft
from desk_app.reports.fonts import CjkFontMissing, register_cjk_font
from desk_app.storage.case_moves import AttemptDraft, ChaseDraft, ExtensionDraft
from desk_app.storage.cases import CallbackDraft
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore


def _font_available() -> bool:
    try:
        register_cjk_font()
    except CjkFontMissing:
        return False
    return True


needs_font = pytest.mark.skipif(not _font_available(), reason="no Chinese TrueType font on this machine")


def pdf_text(path: Path, first: int | None = None, last: int | None = None, *, layout: bool = False) -> str:
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed to read PDFs back"
    pages = [
        *(["-f", str(first)] if first else []),
        *(["-l", str(last)] if last else []),
        *(["-layout"] if layout else []),
    ]
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def flat(text: str) -> str:
    """pdftotext breaks lines where the PDF wraps: compare without whitespace."""
    return "".join(text.split())


@dataclass
class Cases:
    store: DeskStore
    clerk: OperatorInfo
    clock: object
    unit_id: str
    other_unit_id: str

    def register(
        self, at: datetime, content: str, *, outcome: str = "needs_referral", **fields: object
    ) -> str:
        draft = ReceptionDraft(
            received_at=at,
            channel=fields.pop("channel", "walk_in"),
            content=content,
            outcome=outcome,
            **fields,
        )  # type: ignore[arg-type]
        return self.store.register_reception(draft, by=self.clerk.id)

    def refer(self, rid: str, on: date, *, days: int = 5, unit_id: str | None = None, note: str = "") -> str:
        draft = ReferralDraft(unit_id or self.unit_id, "王科长", on, days, "赵代表", note)
        return self.store.refer(rid, draft, by=self.clerk.id).serial

    def reply(self, rid: str, on: date, text: str = "已修复") -> None:
        self.store.record_reply(rid, replied_on=on, reply_text=text, by=self.clerk.id)

    def callback(self, rid: str, verdict: str, at: datetime, words: str = "") -> None:
        cause = "unit_fault" if verdict == "dissatisfied" else ""
        if verdict == "dissatisfied" and not words:
            words = "还是没有解决"  # a dissatisfied citizen's words are required (casebook.callback_refusal)
        self.store.record_callback(
            rid,
            CallbackDraft(
                called_at=at, caller="李明", method="phone", verdict=verdict, citizen_words=words, cause=cause
            ),
            by=self.clerk.id,
        )

    @contextlib.contextmanager
    def at(self, when: datetime) -> Iterator[None]:
        """The desk's clock says `when` meanwhile (moves dated by the clock: sign-off, closing …)."""
        saved = self.clock.now  # type: ignore[attr-defined]
        self.clock.now = when  # type: ignore[attr-defined]
        try:
            yield
        finally:
            self.clock.now = saved  # type: ignore[attr-defined]

    def sign_off(self, rid: str, at: datetime) -> None:
        with self.at(at):
            self.store.sign_off(rid, by=self.clerk.id, note="群众满意")

    def callback_with(self, rid: str, verdict: str, at: datetime, cause: str, words: str = "") -> None:
        if verdict == "dissatisfied" and not words:
            words = "还是没有解决"  # a dissatisfied citizen's words are required (casebook.callback_refusal)
        self.store.record_callback(
            rid,
            CallbackDraft(
                called_at=at, caller="李明", method="phone", verdict=verdict, citizen_words=words, cause=cause
            ),
            by=self.clerk.id,
        )

    def return_slip(self, rid: str, on: date, reason: str = "不属本单位职责") -> None:
        self.store.return_slip(rid, returned_on=on, reason=reason, by=self.clerk.id)

    def extend(
        self, rid: str, asked: date, days: int, decided: date, reason: str = "需采购材料"
    ) -> date | None:
        ext = self.store.request_extension(
            rid, ExtensionDraft(asked, reason, days, "刘主任"), by=self.clerk.id
        )
        return self.store.decide_extension(
            ext, approve=True, note="同意", by=self.clerk.id, decided_on=decided
        )

    def chase(self, rid: str, at: datetime) -> None:
        self.store.record_chase(rid, ChaseDraft(at, "phone", "王科长", "答应尽快答复"), by=self.clerk.id)

    def not_reached(self, rid: str, at: datetime) -> None:
        self.store.record_callback_attempt(
            rid, AttemptDraft(at, "李明", "phone", "无人接听"), by=self.clerk.id
        )

    def close_explained(self, rid: str, at: datetime, reason: str = "诉求超出政策规定，已书面解释") -> None:
        with self.at(at):
            self.store.close_explained(rid, reason=reason, by=self.clerk.id)

    def reopen(self, rid: str, at: datetime, reason: str = "群众反映问题复发") -> None:
        with self.at(at):
            self.store.reopen(rid, reason=reason, by=self.clerk.id)

    def withdraw(self, rid: str, at: datetime, reason: str = "群众表示已自行解决") -> None:
        with self.at(at):
            self.store.withdraw(rid, reason=reason, by=self.clerk.id)

    def void(self, rid: str, at: datetime, reason: str = "误登记") -> None:
        with self.at(at):
            self.store.void(rid, reason=reason, by=self.clerk.id)

    def merge(self, rid: str, into: str, at: datetime, reason: str = "重复登记") -> None:
        with self.at(at):
            self.store.merge(rid, into_id=into, reason=reason, by=self.clerk.id)


def make_cases(store: DeskStore, clerk: OperatorInfo, clock: object) -> Cases:
    unit = store.save_handling_unit(by=clerk.id, name="五星街道办事处", contact_person="王科长")
    other = store.save_handling_unit(by=clerk.id, name="浉河区交通运输局")
    return Cases(store, clerk, clock, unit.id, other.id)


def october_desk(store: DeskStore, clerk: OperatorInfo, clock: object) -> dict[str, str]:
    """Known cases in September and October 2026 (the clock says 2026-11-20); see test_tally.py."""
    c = make_cases(store, clerk, clock)
    cats = {cat.name: cat.id for cat in store.categories()}
    deputy = store.save_deputy(by=clerk.id, name="王建国", level="city")
    for day in (date(2026, 10, 9), date(2026, 10, 16), date(2026, 10, 23), date(2026, 9, 25)):
        store.record_visit(deputy.id, by=clerk.id, day=day, kind="duty")
    ids = {}
    ids["A"] = c.register(
        datetime(2026, 10, 8, 9),
        "楼道灯坏了",
        outcome="resolved_on_site",
        citizen_name="张三",
        citizen_phone="13900000001",
        category_id=cats["物业"],
        on_site_answer="已报修",
    )
    ids["B"] = c.register(
        datetime(2026, 10, 9, 9),
        "垃圾清运不及时",
        outcome="resolved_on_site",
        citizen_name="张三",
        citizen_phone="139-0000-0001",
        channel="qr_scan",
        category_id=cats["物业"],
        on_site_answer="已联系物业",
    )
    ids["C"] = c.register(
        datetime(2026, 10, 10, 9), "路口红绿灯时间太短", citizen_name="李四", category_id=cats["交通"]
    )
    ids["D"] = c.register(
        datetime(2026, 10, 10, 10), "公交站牌损坏", citizen_name="王五", category_id=cats["交通"]
    )
    ids["E"] = c.register(
        datetime(2026, 10, 11, 10), "小区电梯停运", citizen_name="赵六", category_id=cats["物业"]
    )
    ids["F"] = c.register(
        datetime(2026, 9, 20, 10), "占道经营", citizen_name="钱七", category_id=cats["城建"]
    )
    ids["G"] = c.register(datetime(2026, 10, 20, 10), "建议增设健身器材")
    c.refer(ids["C"], date(2026, 10, 12), unit_id=c.other_unit_id)
    c.reply(ids["C"], date(2026, 10, 13))
    c.callback(ids["C"], "satisfied", datetime(2026, 10, 14, 10))
    c.sign_off(ids["C"], datetime(2026, 10, 15, 10))
    c.refer(ids["D"], date(2026, 10, 12), unit_id=c.other_unit_id)
    c.reply(ids["D"], date(2026, 10, 30))  # late: 5 working days from 10-12 is 10-19
    c.callback(ids["D"], "basically_satisfied", datetime(2026, 10, 31, 10))
    c.refer(ids["E"], date(2026, 10, 12))  # never replied: overdue at 10-31
    c.refer(ids["F"], date(2026, 9, 21))
    c.reply(ids["F"], date(2026, 9, 22))
    c.callback(ids["F"], "dissatisfied", datetime(2026, 10, 2, 10))
    c.refer(ids["F"], date(2026, 10, 9), days=20, note="二次督办：请实地核查")  # due after 10-31
    return ids


def moves_desk(store: DeskStore, clerk: OperatorInfo, clock: object) -> dict[str, str]:
    """October 2026 with every move of issue 9 (the clock says 2026-11-20); see test_tally_moves.py.

    五星街道办事处 is "the unit", 浉河区交通运输局 "the other". Deadlines in working days (no holiday
    falls in these weeks): 10-12 + 5 = 10-19, 10-13 + 5 = 10-20, 10-14 + 5 = 10-21, 10-15 + 5 = 10-22,
    10-19 + 3 = 10-22, 10-26 + 5 = 11-02; the station waits 1 working day for a callback and 3 for a slip.
    """
    c = make_cases(store, clerk, clock)
    cats = {cat.name: cat.id for cat in store.categories()}
    ids: dict[str, str] = {}

    def reg(key: str, at: datetime, content: str, phone: str, category: str) -> str:
        ids[key] = c.register(
            at, content, citizen_name=f"群众{key}", citizen_phone=phone, category_id=cats[category]
        )
        return ids[key]

    # H: referred to the wrong unit, returned, referred again (same round), replied, signed off.
    h = reg("H", datetime(2026, 10, 12, 9), "窨井盖缺失", "13900000011", "城建")
    ids["H_first"] = c.refer(h, date(2026, 10, 12), unit_id=c.other_unit_id)
    c.return_slip(h, date(2026, 10, 13))
    ids["H_second"] = c.refer(h, date(2026, 10, 14))
    c.reply(h, date(2026, 10, 20))
    c.callback(h, "satisfied", datetime(2026, 10, 21, 10))
    c.sign_off(h, datetime(2026, 10, 22, 10))
    # I: extension asked and approved (10-20 -> 10-23), chased, replied on the new deadline; a call
    # that did not get through, then dissatisfied beyond policy, closed with an explanation.
    i = reg("I", datetime(2026, 10, 12, 10), "路灯不亮", "13900000012", "城建")
    ids["I_slip"] = c.refer(i, date(2026, 10, 13))
    c.extend(i, date(2026, 10, 16), 3, date(2026, 10, 19))
    c.chase(i, datetime(2026, 10, 22, 9))
    c.reply(i, date(2026, 10, 23))
    c.not_reached(i, datetime(2026, 10, 26, 9))
    c.callback_with(i, "dissatisfied", datetime(2026, 10, 27, 10), "beyond_policy", "要求全部更换新路灯")
    c.close_explained(i, datetime(2026, 10, 28, 10))
    # J: signed off, then reopened on Mon 10-26 and not referred again (due 10-29).
    j = reg("J", datetime(2026, 10, 14, 9), "噪音扰民", "13900000013", "物业")
    c.refer(j, date(2026, 10, 14))
    c.reply(j, date(2026, 10, 16))
    c.callback(j, "satisfied", datetime(2026, 10, 19, 10))
    c.sign_off(j, datetime(2026, 10, 20, 10))
    c.reopen(j, datetime(2026, 10, 26, 10))
    # K: referred, then withdrawn by the citizen.
    k = reg("K", datetime(2026, 10, 15, 9), "占道停车", "13900000014", "交通")
    c.refer(k, date(2026, 10, 15), unit_id=c.other_unit_id)
    c.withdraw(k, datetime(2026, 10, 19, 10))
    # L: registered by mistake and voided; M: a duplicate of H, merged into it.
    c.void(
        reg("L", datetime(2026, 10, 16, 9), "建议增加公交线路", "13900000015", "交通"),
        datetime(2026, 10, 16, 10),
    )
    c.merge(
        reg("M", datetime(2026, 10, 12, 11), "窨井盖缺失（重复）", "13900000016", "城建"),
        h,
        datetime(2026, 10, 12, 12),
    )
    # N: registered Mon 10-26, never referred (due 10-29).
    reg("N", datetime(2026, 10, 26, 9), "楼道堆物", "13900000017", "物业")
    # P: replied Wed 10-28, never called back (due Thu 10-29).
    p = reg("P", datetime(2026, 10, 26, 10), "电梯异响", "13900000018", "物业")
    c.refer(p, date(2026, 10, 26))
    c.reply(p, date(2026, 10, 28))
    # Q: referred Mon 10-19 for 3 working days (due 10-22), never replied.
    q = reg("Q", datetime(2026, 10, 19, 9), "小区漏水", "13900000019", "物业")
    c.refer(q, date(2026, 10, 19), days=3)
    return ids
