"""Studios' rules and exceptions and theme reception days through DeskStore, on a real SQLite file."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desk_app.domain.permissions import NotPermitted
from desk_app.domain.roster import RosterEntry
from desk_app.domain.rota import Period, SlotTemplate
from desk_app.domain.validation import ReceptionDraft
from desk_app.domain.vocab import Channel, DeputyLevel, Outcome
from desk_app.storage.errors import NotFound, ValidationFailed
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from tests.constants import CLERK_PIN, DEPUTY_PIN

MON = 0
FEB = (date(2026, 2, 1), date(2026, 2, 28))


@pytest.fixture
def studio(store: DeskStore) -> OperatorInfo:
    """A studio's desk: opens every Monday morning with 3 deputies; eight deputies on the roster."""
    admin = store.set_up(
        station_name="银都区七里河社区人大代表工作室",
        short_name="七里河工作室",
        kind="studio",
        district="银都区",
        operator_name="赵红",
        secret=CLERK_PIN,
    )
    entries = [RosterEntry(f"代表{i}", DeputyLevel.COUNTY, phone=f"1390000010{i}") for i in range(8)]
    store.import_roster(entries, by=admin.id)
    store.set_duty_pattern([SlotTemplate(MON, Period.MORNING, 3)], by=admin.id)
    return admin


def _days(store: DeskStore, start: date, end: date) -> set[date]:
    return {a.day for a in store.rota(start, end)}


def test_a_studio_rota_leaves_out_the_swapped_saturday(store: DeskStore, studio: OperatorInfo) -> None:
    # 2026-02-28 is a working Saturday that pays for Monday 02-23: a station would sit, a studio not.
    store.make_rota(*FEB, by=studio.id)
    assert _days(store, *FEB) == {date(2026, 2, 2), date(2026, 2, 9)}


def test_a_township_station_still_sits_on_the_swapped_saturday(store: DeskStore, clerk: OperatorInfo) -> None:
    store.import_roster([RosterEntry(f"代表{i}", DeputyLevel.COUNTY) for i in range(4)], by=clerk.id)
    store.set_duty_pattern([SlotTemplate(MON, Period.MORNING, 2)], by=clerk.id)
    store.make_rota(*FEB, by=clerk.id)
    assert date(2026, 2, 28) in _days(store, *FEB)


def test_an_office_exception_opens_the_studio_on_the_swapped_saturday(
    store: DeskStore, studio: OperatorInfo
) -> None:
    station = store.studios()[0].station_id
    store.add_studio_exception(
        station, date(2026, 2, 28), decided_by="王主任", reason="年前积案集中接待", by=studio.id
    )
    store.make_rota(*FEB, by=studio.id)
    assert date(2026, 2, 28) in _days(store, *FEB)
    exception = store.studios()[0].exceptions[0]
    assert (exception.day, exception.decided_by, exception.reason) == (
        date(2026, 2, 28),
        "王主任",
        "年前积案集中接待",
    )


def test_an_exception_needs_who_decided_it(store: DeskStore, studio: OperatorInfo) -> None:
    station = store.studios()[0].station_id
    with pytest.raises(ValidationFailed):
        store.add_studio_exception(station, date(2026, 2, 28), decided_by=" ", reason="", by=studio.id)


def test_an_exception_is_only_for_a_swapped_workday(store: DeskStore, studio: OperatorInfo) -> None:
    station = store.studios()[0].station_id
    with pytest.raises(ValidationFailed):
        store.add_studio_exception(station, date(2026, 3, 1), decided_by="王主任", reason="", by=studio.id)


def test_a_removed_exception_closes_the_saturday_again(store: DeskStore, studio: OperatorInfo) -> None:
    station = store.studios()[0].station_id
    exception_id = store.add_studio_exception(
        station, date(2026, 2, 28), decided_by="王主任", reason="", by=studio.id
    )
    store.remove_studio_exception(exception_id, by=studio.id)
    store.make_rota(*FEB, by=studio.id)
    assert date(2026, 2, 28) not in _days(store, *FEB)


def test_moving_holidays_opens_on_the_next_working_day_and_the_sheet_says_so(
    store: DeskStore, studio: OperatorInfo
) -> None:
    station = store.studios()[0].station_id
    store.set_studio_holiday_move(station, "next_working_day", by=studio.id)
    store.make_rota(*FEB, by=studio.id)
    assert _days(store, *FEB) == {date(2026, 2, 2), date(2026, 2, 9), date(2026, 2, 24)}
    notes = {r.day: r.note for r in store.rota_sheet(*FEB) if r.note}
    assert notes == {date(2026, 2, 16): "2月16日逢春节，本周停开", date(2026, 2, 24): "由2月23日（春节）顺延"}


def test_skipping_holidays_lists_each_dropped_opening_on_the_sheet(
    store: DeskStore, studio: OperatorInfo
) -> None:
    store.make_rota(*FEB, by=studio.id)
    dropped = [r for r in store.rota_sheet(*FEB) if r.note]
    assert [(r.day, r.deputy_names, r.missing) for r in dropped] == [
        (date(2026, 2, 16), (), 0),
        (date(2026, 2, 23), (), 0),
    ]


def test_studios_lists_the_fixed_weekday_and_deputies_per_opening(
    store: DeskStore, studio: OperatorInfo
) -> None:
    info = store.studios()[0]
    assert (info.name, info.weekdays, info.deputies, info.holiday_move) == (
        "银都区七里河社区人大代表工作室",
        (MON,),
        3,
        "skip",
    )


def test_a_deputy_may_not_change_a_studio_rule(store: DeskStore, studio: OperatorInfo) -> None:
    deputy = store.add_operator(by=studio.id, name="值班代表", role="deputy", secret=DEPUTY_PIN)
    with pytest.raises(NotPermitted):
        store.set_studio_holiday_move(store.studios()[0].station_id, "next_working_day", by=deputy.id)


def test_a_station_that_is_not_a_studio_has_no_studio_rule(store: DeskStore, clerk: OperatorInfo) -> None:
    with pytest.raises(NotFound):
        store.set_studio_holiday_move(store.station().id, "skip", by=clerk.id)


# -- theme reception days ---------------------------------------------------------------------


def _theme_day(store: DeskStore, by: str, day: date = date(2026, 11, 18), **more: object) -> str:
    return store.save_theme_day(
        by=by,
        day=day,
        theme="老旧小区加装电梯",
        place="区代表联络中心一楼",
        invited_deputies="张伟、李娜",
        invited_units="区住建局、区自然资源局",
        **more,  # type: ignore[arg-type]
    )


def _reception(store: DeskStore, by: str, at: datetime) -> str:
    draft = ReceptionDraft(at, Channel.WALK_IN, "三号楼想加装电梯，一楼住户不同意", Outcome.NEEDS_REFERRAL)
    return store.register_reception(draft, by=by)


def test_a_theme_day_is_listed_with_its_invitees(store: DeskStore, clerk: OperatorInfo) -> None:
    _theme_day(store, clerk.id)
    [t] = store.theme_days(date(2026, 10, 1), date(2026, 12, 31))
    assert (t.theme, t.place, t.invited_deputies, t.invited_units, t.receptions) == (
        "老旧小区加装电梯",
        "区代表联络中心一楼",
        "张伟、李娜",
        "区住建局、区自然资源局",
        0,
    )


def test_a_theme_day_needs_a_theme(store: DeskStore, clerk: OperatorInfo) -> None:
    with pytest.raises(ValidationFailed):
        store.save_theme_day(by=clerk.id, day=date(2026, 11, 18), theme="  ")


def test_a_reception_of_that_day_is_tagged_and_counted(store: DeskStore, clerk: OperatorInfo) -> None:
    theme_day_id = _theme_day(store, clerk.id)
    reception = _reception(store, clerk.id, datetime(2026, 11, 18, 9, 30))
    store.tag_reception_to_theme_day(reception, theme_day_id, by=clerk.id)
    assert store.theme_day_of(reception) == theme_day_id
    assert store.theme_days(date(2026, 11, 1), date(2026, 11, 30))[0].receptions == 1


def test_a_reception_of_another_day_cannot_be_tagged(store: DeskStore, clerk: OperatorInfo) -> None:
    theme_day_id = _theme_day(store, clerk.id)
    reception = _reception(store, clerk.id, datetime(2026, 11, 17, 9, 30))
    with pytest.raises(ValidationFailed):
        store.tag_reception_to_theme_day(reception, theme_day_id, by=clerk.id)


def test_a_reception_saved_with_its_theme_day_is_tagged_in_the_same_write(
    store: DeskStore, clerk: OperatorInfo
) -> None:
    theme_day_id = _theme_day(store, clerk.id)
    draft = ReceptionDraft(datetime(2026, 11, 18, 9, 30), Channel.WALK_IN, "路灯不亮", Outcome.NEEDS_REFERRAL)
    reception = store.register_reception(draft, by=clerk.id, theme_day_id=theme_day_id)
    assert store.theme_day_of(reception) == theme_day_id


def test_a_refused_theme_day_tag_saves_no_reception(store: DeskStore, clerk: OperatorInfo) -> None:
    """The form would say "not saved": nothing may be left behind that a second save would double."""
    theme_day_id = _theme_day(store, clerk.id)
    before = store.count_cases(store.case_filter())
    draft = ReceptionDraft(datetime(2026, 11, 17, 9, 30), Channel.WALK_IN, "路灯不亮", Outcome.NEEDS_REFERRAL)
    with pytest.raises(ValidationFailed):
        store.register_reception(draft, by=clerk.id, theme_day_id=theme_day_id)
    assert store.count_cases(store.case_filter()) == before


def test_untagging_a_reception_removes_it_from_the_count(store: DeskStore, clerk: OperatorInfo) -> None:
    theme_day_id = _theme_day(store, clerk.id)
    reception = _reception(store, clerk.id, datetime(2026, 11, 18, 9, 30))
    store.tag_reception_to_theme_day(reception, theme_day_id, by=clerk.id)
    store.tag_reception_to_theme_day(reception, None, by=clerk.id)
    assert store.theme_day_of(reception) is None


def test_the_tally_counts_held_theme_days_and_their_receptions(store: DeskStore, clerk: OperatorInfo) -> None:
    held = _theme_day(store, clerk.id)
    _theme_day(store, clerk.id, day=date(2026, 8, 19), cancelled=True)
    _theme_day(store, clerk.id, day=date(2026, 12, 16))  # after the fixed today, 2026-11-20
    for hour in (9, 10):
        reception = _reception(store, clerk.id, datetime(2026, 11, 18, hour, 0))
        store.tag_reception_to_theme_day(reception, held, by=clerk.id)
    tally = store.theme_day_tally(date(2026, 1, 1), date(2026, 12, 31))
    assert (tally.held, tally.planned, tally.receptions) == (1, 1, 2)


def test_a_deputy_may_not_plan_a_theme_day(store: DeskStore, clerk: OperatorInfo) -> None:
    deputy = store.add_operator(by=clerk.id, name="值班代表", role="deputy", secret=DEPUTY_PIN)
    with pytest.raises(NotPermitted):
        _theme_day(store, deputy.id)


def test_the_period_tally_carries_theme_days_into_its_workbook(
    store: DeskStore, clerk: OperatorInfo, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from desk_app.domain.periods import Period as TallyPeriod
    from desk_app.reports.tally_xlsx import write_tally_xlsx

    held = _theme_day(store, clerk.id)
    reception = _reception(store, clerk.id, datetime(2026, 11, 18, 9, 30))
    store.tag_reception_to_theme_day(reception, held, by=clerk.id)
    tally = store.tally(TallyPeriod(date(2026, 11, 1), date(2026, 11, 30)))
    assert (tally.theme_days_held, tally.theme_day_receptions) == (1, 1)
    write_tally_xlsx(tmp_path / "t.xlsx", tally)
    cells = [c.value for row in load_workbook(tmp_path / "t.xlsx").worksheets[0].iter_rows() for c in row]
    assert "主题接待日：举办1次，当日接待群众反映问题1件。" in cells


def test_a_studio_pattern_of_one_deputy_is_refused(store: DeskStore, studio: OperatorInfo) -> None:
    with pytest.raises(ValidationFailed):
        store.set_duty_pattern([SlotTemplate(MON, Period.MORNING, 1)], by=studio.id)
    assert [s.needed for s in store.duty_pattern()] == [3]
