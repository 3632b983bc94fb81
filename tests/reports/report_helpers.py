"""Helpers of the report tests (imported by name): a desk with known cases, reading PDFs back."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from desk_app.domain.validation import ReceptionDraft, ReferralDraft
from desk_app.reports.fonts import CjkFontMissing, register_cjk_font
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
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else []),
             *(["-layout"] if layout else [])]
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


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

    def register(self, at: datetime, content: str, *, outcome: str = "needs_referral", **fields: object) -> str:
        draft = ReceptionDraft(received_at=at, channel=fields.pop("channel", "walk_in"), content=content,
                               outcome=outcome, **fields)  # type: ignore[arg-type]
        return self.store.register_reception(draft, by=self.clerk.id)

    def refer(self, rid: str, on: date, *, days: int = 5, unit_id: str | None = None, note: str = "") -> str:
        draft = ReferralDraft(unit_id or self.unit_id, "王科长", on, days, "赵代表", note)
        return self.store.refer(rid, draft, by=self.clerk.id).serial

    def reply(self, rid: str, on: date, text: str = "已修复") -> None:
        self.store.record_reply(rid, replied_on=on, reply_text=text, by=self.clerk.id)

    def callback(self, rid: str, verdict: str, at: datetime, words: str = "") -> None:
        cause = "unit_fault" if verdict == "dissatisfied" else ""
        self.store.record_callback(rid, CallbackDraft(called_at=at, caller="李明", method="phone", verdict=verdict,
                                                      citizen_words=words, cause=cause), by=self.clerk.id)

    def sign_off(self, rid: str, at: datetime) -> None:
        saved = self.clock.now  # type: ignore[attr-defined]
        self.clock.now = at  # type: ignore[attr-defined]
        try:
            self.store.sign_off(rid, by=self.clerk.id, note="群众满意")
        finally:
            self.clock.now = saved  # type: ignore[attr-defined]


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
    ids["A"] = c.register(datetime(2026, 10, 8, 9), "楼道灯坏了", outcome="resolved_on_site", citizen_name="张三",
                          citizen_phone="13900000001", category_id=cats["物业"], on_site_answer="已报修")
    ids["B"] = c.register(datetime(2026, 10, 9, 9), "垃圾清运不及时", outcome="resolved_on_site",
                          citizen_name="张三", citizen_phone="139-0000-0001", channel="qr_scan",
                          category_id=cats["物业"], on_site_answer="已联系物业")
    ids["C"] = c.register(datetime(2026, 10, 10, 9), "路口红绿灯时间太短", citizen_name="李四",
                          category_id=cats["交通"])
    ids["D"] = c.register(datetime(2026, 10, 10, 10), "公交站牌损坏", citizen_name="王五", category_id=cats["交通"])
    ids["E"] = c.register(datetime(2026, 10, 11, 10), "小区电梯停运", citizen_name="赵六", category_id=cats["物业"])
    ids["F"] = c.register(datetime(2026, 9, 20, 10), "占道经营", citizen_name="钱七", category_id=cats["城建"])
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
