"""`desk-app calendar import | show | template`: the State Council's notice from a table, with the
operator's PIN; a bad row saves nothing; the deadlines that moved are listed."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from desk_app.cli import main
from desk_app.domain.validation import ReceptionDraft, ReferralDraft
from desk_app.domain.workcalendar import DayKind, HolidayName, OfficeDay, calendar_years
from desk_app.reports.calendar_table import write_template
from desk_app.storage.store import DeskStore
from tests.conftest import FakeClock
from tests.constants import CLERK_PIN

LAST = calendar_years()[1]
NEXT = LAST + 1


@pytest.fixture
def desk(data_dir: Path, new_desk_dir: Callable[[Path], Path]) -> Path:
    """A set-up desk with a slip handed over at the end of the known years (deadline estimated)."""
    store = DeskStore.open(new_desk_dir(data_dir), clock=FakeClock(datetime(LAST, 12, 30, 10, 0)))
    try:
        clerk = store.set_up(
            station_name="浉河区五星街道人大代表监督岗",
            short_name="浉河监督岗",
            kind="supervision_post",
            district="浉河区",
            operator_name="李明",
            secret=CLERK_PIN,
        )
        unit = store.save_handling_unit(by=clerk.id, name="区住建局")
        rid = store.register_reception(
            ReceptionDraft(datetime(LAST, 12, 30, 9, 0), "walk_in", "电梯故障", "needs_referral"), by=clerk.id
        )
        store.refer(rid, ReferralDraft(unit.id, "王强", date(LAST, 12, 30), 2, "王代表"), by=clerk.id)
    finally:
        store.close()
    return data_dir


def run(monkeypatch: pytest.MonkeyPatch, data_dir: Path, *args: str, pin: str | None = CLERK_PIN) -> int:
    if pin is None:
        monkeypatch.delenv("DESK_PIN", raising=False)
    else:
        monkeypatch.setenv("DESK_PIN", pin)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    return main(["--data-dir", str(data_dir), *args])


def notice(tmp_path: Path, days: list[OfficeDay]) -> Path:
    path = tmp_path / "notice.xlsx"
    write_template(path, NEXT, days)
    return path


NEW_YEAR = [OfficeDay(date(NEXT, 1, d), DayKind.HOLIDAY, HolidayName.NEW_YEAR) for d in (1, 2, 3, 4, 5)]


def test_import_saves_the_year_and_lists_the_deadlines_that_moved(
    monkeypatch,
    desk: Path,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    capsys,
) -> None:
    assert (
        run(monkeypatch, desk, "calendar", "import", str(notice(tmp_path, NEW_YEAR)), "--year", str(NEXT))
        == 0
    )
    out = capsys.readouterr().out
    assert f"已保存 {NEXT} 年节假日安排：放假 5 天" in out
    assert "浉河监督岗" in out and "→" in out
    store = DeskStore.open(desk)
    try:
        assert store.office_days(NEXT) == NEW_YEAR
    finally:
        store.close()


def test_a_bad_row_saves_nothing_and_is_named(monkeypatch, desk: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "notice.csv"
    path.write_text(f"日期,类型,节日\n{NEXT}-01-01,放假,元旦\n{NEXT}-02-30,放假,春节\n", encoding="utf-8")
    assert run(monkeypatch, desk, "calendar", "import", str(path), "--year", str(NEXT)) == 1
    err = capsys.readouterr().err
    assert "第3行 [日期] 日期看不懂" in err and "未保存任何内容" in err
    store = DeskStore.open(desk)
    try:
        assert store.office_days(NEXT) == []
    finally:
        store.close()


def test_import_needs_the_pin(monkeypatch, desk: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert (
        run(
            monkeypatch,
            desk,
            "calendar",
            "import",
            str(notice(tmp_path, NEW_YEAR)),
            "--year",
            str(NEXT),
            pin=None,
        )
        == 1
    )
    assert "没有提供 PIN" in capsys.readouterr().err


def test_show_lists_the_office_days_or_says_none_were_entered(
    monkeypatch,
    desk: Path,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    capsys,
) -> None:
    assert run(monkeypatch, desk, "calendar", "show", "--year", str(NEXT), pin=None) == 0
    assert "办公室没有录入" in capsys.readouterr().out
    run(monkeypatch, desk, "calendar", "import", str(notice(tmp_path, NEW_YEAR)), "--year", str(NEXT))
    capsys.readouterr()
    assert run(monkeypatch, desk, "calendar", "show", "--year", str(NEXT), pin=None) == 0
    out = capsys.readouterr().out
    assert f"{NEXT}-01-01  放假  元旦" in out and f"最后一年：{NEXT} 年" in out


def test_template_is_written(monkeypatch, desk: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "t.csv"
    assert (
        run(monkeypatch, desk, "calendar", "template", "--year", str(NEXT), "-o", str(target), pin=None) == 0
    )
    assert target.read_text(encoding="utf-8-sig").startswith("日期*,类型*,节日")
