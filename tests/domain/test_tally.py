"""The tally's definitions, on facts alone (no database). Expected figures are worked out by hand
from the dates (the comments say how), never read back from the code."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from desk_app.domain.casebook import WaitingRules
from desk_app.domain.lifecycle import CaseStatus
from desk_app.domain.tally import (
    CASE_BREAKDOWN_KEYS,
    MEASURE_BY_KEY,
    MEASURES,
    SATISFACTION_DEFINITION,
    STEP_MEASURE,
    TOTAL,
    UNIT_BREAKDOWN_KEYS,
    CallbackFact,
    CallRecord,
    CaseHistory,
    EventRecord,
    Figures,
    Period,
    ReceptionFact,
    ReferralFact,
    SlipRecord,
    Step,
    StepFact,
    TallyFacts,
    build_tally,
    count,
    format_percent,
    month_period,
    percent,
    state_on,
)
from desk_app.domain.workcalendar import DayKind, HolidayName, OfficeDay, WorkCalendar

OCTOBER = month_period(2026, 10)
NOVEMBER = month_period(2026, 11)
TODAY = date(2026, 11, 20)  # a Friday


def test_percent_has_two_decimals_rounded_half_up() -> None:
    assert percent(8237, 10000) == Decimal("82.37")
    assert percent(1, 800) == Decimal("0.13")  # 0.125: half up, not to even
    assert format_percent(percent(2, 3)) == "66.67%"


def test_rate_without_callbacks_is_a_dash() -> None:
    assert Figures().satisfaction_text == "—"


def test_satisfaction_counts_basically_satisfied_as_satisfied() -> None:
    f = Figures(callbacks=4, satisfied=1, basically_satisfied=2, dissatisfied=1)
    assert f.satisfaction_text == "75.00%"


def test_previous_of_a_month_is_the_calendar_month_before() -> None:
    assert month_period(2026, 3).previous() == Period(date(2026, 2, 1), date(2026, 2, 28))
    assert month_period(2026, 1).previous() == month_period(2025, 12)


def test_previous_of_a_range_is_the_same_length_before() -> None:
    assert Period(date(2026, 10, 5), date(2026, 10, 14)).previous() == Period(
        date(2026, 9, 25), date(2026, 10, 4)
    )


def test_callbacks_count_in_the_month_they_were_made() -> None:
    cb = CallbackFact("r", "s", datetime(2026, 10, 31, 23, 59), "satisfied", "某单位", "walk_in", "")
    tally = build_tally(
        TallyFacts(callbacks=[cb]), month_period(2026, 11), today=date(2026, 11, 20), stations=["站"]
    )
    assert (tally.current.callbacks, tally.previous.callbacks) == (0, 1)
    assert tally.previous.satisfaction_text == "100.00%"


# -- every measure has a label, a definition and a field ---------------------------------------------


def test_every_measure_is_a_figure_and_every_breakdown_key_a_measure() -> None:
    figures = Figures()
    for m in MEASURES:
        assert m.label and m.definition and hasattr(figures, m.key), m.key
    assert (
        set(CASE_BREAKDOWN_KEYS) <= MEASURE_BY_KEY.keys()
        and set(UNIT_BREAKDOWN_KEYS) <= MEASURE_BY_KEY.keys()
    )
    assert set(STEP_MEASURE.values()) <= MEASURE_BY_KEY.keys() and set(STEP_MEASURE) == set(Step)


def test_the_new_moves_have_their_chinese_labels() -> None:
    labels = {m.key: m.label for m in MEASURES}
    assert labels["returned"] == "退回(件次)" and labels["extensions_approved"] == "批准延期(件次)"
    assert labels["extensions_requested"] == "延期申请(件次)" and labels["chases"] == "催办(次)"
    assert labels["not_reached"] == "未接通(次)" and labels["closed_explained"] == "解释办结(件)"
    assert labels["reopened"] == "重办(件)" and labels["withdrawn"] == "撤回(件)"
    assert labels["callback_overdue"] == "超期未回访(件)" and labels["refer_overdue"] == "超期未交办(件)"


def test_closing_with_explanation_is_defined_apart_from_the_rate() -> None:
    definition = MEASURE_BY_KEY["closed_explained"].definition
    assert "不计入满意率的分子" in definition and "计入分母" in definition
    assert "未接通" in SATISFACTION_DEFINITION and "解释办结" in SATISFACTION_DEFINITION


# -- slips: returns are not referrals, a re-referral is not a round ---------------------------------


def _ref(
    referred: date,
    due: date,
    replied: date | None = None,
    *,
    returned: date | None = None,
    round_no: int = 1,
    unit: str = "某单位",
) -> ReferralFact:
    return ReferralFact("r", "s", round_no, unit, "walk_in", "物业", referred, due, replied, returned)


def test_returned_slips_count_as_returned_never_as_referred() -> None:
    facts = TallyFacts(
        referrals=[
            _ref(
                date(2026, 10, 5), date(2026, 10, 12), returned=date(2026, 10, 8), unit="甲局"
            ),  # returned in Oct
            _ref(date(2026, 10, 9), date(2026, 10, 16)),  # its re-referral (attempt 2): a referral, round 1
            _ref(
                date(2026, 10, 30), date(2026, 11, 6), returned=date(2026, 11, 3), unit="乙局"
            ),  # returned in Nov
            _ref(date(2026, 10, 15), date(2026, 10, 22), round_no=2),  # a second round
            _ref(
                date(2026, 10, 16), date(2026, 10, 23), returned=date(2026, 10, 20), round_no=2, unit="甲局"
            ),
        ]
    )
    october = count(facts, OCTOBER, TODAY)
    assert (october[TOTAL].referred, october[TOTAL].second_rounds, october[TOTAL].returned) == (2, 1, 2)
    assert october[("unit", "甲局")].returned == 2 and october[("unit", "甲局")].referred == 0
    november = count(facts, NOVEMBER, TODAY)
    assert (november[TOTAL].returned, november[TOTAL].referred) == (1, 0)
    assert november[("unit", "乙局")].returned == 1


def test_replied_on_time_is_judged_by_the_extended_deadline() -> None:
    # An approved extension moved the slip's deadline to 10-30: a reply on 10-28 is on time.
    facts = TallyFacts(referrals=[_ref(date(2026, 10, 12), date(2026, 10, 30), date(2026, 10, 28))])
    assert count(facts, OCTOBER, TODAY)[TOTAL].replied_on_time == 1


# -- the office's moves, counted as they happen ------------------------------------------------------


def _step(kind: Step, on: date, unit: str = "甲局", rid: str = "r") -> StepFact:
    return StepFact(rid, "s", kind.value, on, unit, "walk_in", "物业")


def test_each_move_counts_in_the_period_of_its_date() -> None:
    steps = [_step(kind, date(2026, 10, 5 + i)) for i, kind in enumerate(Step)]
    steps += [_step(kind, date(2026, 11, 2)) for kind in Step]  # all in November: not October's
    october = count(TallyFacts(steps=steps), OCTOBER, TODAY)[TOTAL]
    assert (
        october.extensions_requested,
        october.extensions_approved,
        october.chases,
        october.not_reached,
        october.signed_off,
        october.closed_explained,
        october.withdrawn,
        october.reopened,
    ) == (1,) * 8


def test_a_unit_answers_for_its_slips_not_for_unreached_calls_or_withdrawals() -> None:
    steps = [
        _step(Step.EXTENSION_APPROVED, date(2026, 10, 6)),
        _step(Step.CHASED, date(2026, 10, 7)),
        _step(Step.NOT_REACHED, date(2026, 10, 8)),
        _step(Step.WITHDRAWN, date(2026, 10, 9)),
        _step(Step.SIGNED_OFF, date(2026, 10, 10)),
        _step(Step.REOPENED, date(2026, 10, 12)),
    ]
    unit = count(TallyFacts(steps=steps), OCTOBER, TODAY)[("unit", "甲局")]
    assert (unit.extensions_approved, unit.chases, unit.signed_off, unit.reopened) == (1, 1, 1, 1)
    assert (unit.not_reached, unit.withdrawn) == (0, 0)


def test_unreached_calls_and_explained_closings_leave_the_rate_at_82_37_percent() -> None:
    # The bulletin's 82.37%: 8,237 satisfied or basically satisfied callbacks of 10,000 reached.
    verdicts = ["satisfied"] * 6000 + ["basically_satisfied"] * 2237 + ["dissatisfied"] * 1763
    callbacks = [
        CallbackFact(f"r{i}", "s", datetime(2026, 10, 10, 9), v, "甲局", "walk_in", "")
        for i, v in enumerate(verdicts)
    ]
    steps = [_step(Step.NOT_REACHED, date(2026, 10, 9), rid=f"n{i}") for i in range(400)]
    steps += [_step(Step.CLOSED_EXPLAINED, date(2026, 10, 12), rid=f"r{i}") for i in range(9700, 10000)]
    october = count(TallyFacts(callbacks=callbacks, steps=steps), OCTOBER, TODAY)[TOTAL]
    assert (october.callbacks, october.not_reached, october.closed_explained) == (10000, 400, 300)
    assert (october.dissatisfied, october.satisfaction_text) == (1763, "82.37%")


# -- voided and merged registrations count nowhere ---------------------------------------------------


def _reception(rid: str, phone: str, outcome: str = "needs_referral") -> ReceptionFact:
    return ReceptionFact(
        rid, "s", datetime(2026, 10, 12, 9), "walk_in", "物业", outcome, "tel:" + phone, None, ""
    )


def test_voided_and_merged_registrations_count_nowhere() -> None:
    facts = TallyFacts(
        receptions=[
            _reception("kept", "13900000001"),
            _reception("voided", "13900000002", "resolved_on_site"),
            _reception("merged", "13900000003"),
        ],
        steps=[_step(Step.WITHDRAWN, date(2026, 10, 13), rid="merged")],
        histories=[CaseHistory("voided", "s", "walk_in", "", date(2026, 10, 1), "needs_referral")],
        gone=frozenset({"voided", "merged"}),
    )
    october = count(facts, OCTOBER, TODAY)[TOTAL]
    assert (
        october.opinions,
        october.citizens,
        october.on_site,
        october.withdrawn,
        october.refer_overdue,
    ) == (1, 1, 0, 0, 0)


# -- the overdue snapshots ----------------------------------------------------------------------------

RULES = {"s": WaitingRules(callback_working_days=1, refer_working_days=3)}


def _case(
    rid: str,
    received: date,
    *slips: SlipRecord,
    calls: tuple[CallRecord, ...] = (),
    events: tuple[EventRecord, ...] = (),
    outcome: str = "needs_referral",
) -> CaseHistory:
    return CaseHistory(rid, "s", "walk_in", "物业", received, outcome, slips, calls, events)


def _slip(
    referred: date,
    due: date,
    replied: date | None = None,
    *,
    returned: date | None = None,
    round_no: int = 1,
    attempt: int = 1,
    unit: str = "甲局",
    extended: tuple[tuple[date, date], ...] = (),
) -> SlipRecord:
    return SlipRecord(round_no, attempt, unit, referred, due, replied, returned, extended)


def _overdue(
    histories: list[CaseHistory],
    period: Period,
    today: date = TODAY,
    *,
    rules: dict[str, WaitingRules] | None = None,
    calendar: WorkCalendar | None = None,
) -> tuple[int, int, int]:
    f = count(
        TallyFacts(histories=histories, rules=RULES if rules is None else rules, calendar=calendar),
        period,
        today,
    )[TOTAL]
    return f.overdue, f.callback_overdue, f.refer_overdue


def test_overdue_is_a_snapshot_at_the_period_end() -> None:
    histories = [
        _case("a", date(2026, 9, 1), _slip(date(2026, 9, 1), date(2026, 9, 10))),  # still open: overdue
        # replied after the period: on 10-31 it still waited past 9-10
        _case("b", date(2026, 9, 1), _slip(date(2026, 9, 1), date(2026, 9, 10), date(2026, 11, 2))),
        _case("c", date(2026, 10, 20), _slip(date(2026, 10, 20), date(2026, 11, 5))),  # not due yet
    ]
    assert _overdue(histories, OCTOBER) == (2, 0, 0)


def test_overdue_snapshot_stops_at_today() -> None:
    due_tomorrow = _case("a", date(2026, 11, 1), _slip(date(2026, 11, 2), date(2026, 11, 18)))
    assert _overdue([due_tomorrow], NOVEMBER, date(2026, 11, 17)) == (0, 0, 0)
    assert _overdue([due_tomorrow], NOVEMBER, date(2026, 11, 19)) == (1, 0, 0)


def test_reply_deadline_on_a_past_day_is_the_one_in_force_that_day() -> None:
    # Due 10-19; an extension approved on 11-05 moved it to 11-25: on 10-31 the slip was overdue,
    # on 11-20 it is not. Another, approved on 10-15 (to 11-06), had moved it before 10-31.
    late_approval = _case(
        "a",
        date(2026, 10, 9),
        _slip(date(2026, 10, 12), date(2026, 11, 25), extended=((date(2026, 11, 5), date(2026, 10, 19)),)),
    )
    early_approval = _case(
        "b",
        date(2026, 10, 9),
        _slip(date(2026, 10, 12), date(2026, 11, 6), extended=((date(2026, 10, 15), date(2026, 10, 19)),)),
    )
    assert _overdue([late_approval], OCTOBER) == (1, 0, 0)
    assert _overdue([late_approval], NOVEMBER) == (0, 0, 0)
    assert _overdue([early_approval], OCTOBER) == (0, 0, 0)
    assert _overdue([early_approval], NOVEMBER) == (1, 0, 0)  # 11-06 < 11-20


def test_a_returned_or_withdrawn_slip_is_not_waiting_for_a_reply() -> None:
    returned = _case(
        "a",
        date(2026, 9, 1),
        _slip(date(2026, 9, 1), date(2026, 9, 10), returned=date(2026, 9, 3)),
        _slip(date(2026, 9, 4), date(2026, 12, 1), attempt=2),
    )
    withdrawn = _case(
        "b",
        date(2026, 9, 1),
        _slip(date(2026, 9, 1), date(2026, 9, 10)),
        events=(EventRecord("withdrawn", 1, datetime(2026, 9, 20, 10)),),
    )
    assert _overdue([returned, withdrawn], OCTOBER) == (0, 0, 0)


def test_callback_overdue_counts_working_days_after_the_reply() -> None:
    # Replied Wed 10-28: the next working day is Thu 10-29, past on 10-31. Replied Fri 10-30: the
    # next working day is Mon 11-02, not yet past on Sat 10-31.
    wednesday = _case(
        "a", date(2026, 10, 20), _slip(date(2026, 10, 21), date(2026, 11, 4), date(2026, 10, 28))
    )
    friday = _case("b", date(2026, 10, 20), _slip(date(2026, 10, 21), date(2026, 11, 4), date(2026, 10, 30)))
    called = _case(
        "c",
        date(2026, 10, 20),
        _slip(date(2026, 10, 21), date(2026, 11, 4), date(2026, 10, 22)),
        calls=(CallRecord(1, datetime(2026, 10, 30, 9), "satisfied"),),
    )
    assert _overdue([wednesday, friday, called], OCTOBER) == (0, 1, 0)
    # With two working days for the callback (a station setting), 10-28 is due on Fri 10-30.
    two_days = {"s": WaitingRules(callback_working_days=2, refer_working_days=3)}
    assert _overdue([wednesday, friday], OCTOBER, rules=two_days) == (0, 1, 0)
    three_days = {"s": WaitingRules(callback_working_days=3, refer_working_days=3)}
    assert _overdue([wednesday, friday], OCTOBER, rules=three_days) == (0, 0, 0)  # due Mon 11-02


def test_next_slip_overdue_for_a_new_a_dissatisfied_a_returned_and_a_reopened_case() -> None:
    # Three working days to issue the next slip; every start below is a weekday of late October.
    new = _case("new", date(2026, 10, 27))  # Tue -> due Fri 10-30, past on 10-31
    new_not_due = _case("new2", date(2026, 10, 28))  # Wed -> due Mon 11-02
    dissatisfied = _case(
        "dis",
        date(2026, 10, 7),
        _slip(date(2026, 10, 8), date(2026, 10, 15), date(2026, 10, 12)),
        calls=(CallRecord(1, datetime(2026, 10, 13, 10), "dissatisfied"),),
    )  # due 10-16
    returned = _case(
        "ret", date(2026, 10, 19), _slip(date(2026, 10, 20), date(2026, 10, 27), returned=date(2026, 10, 26))
    )  # Mon -> due Thu 10-29
    reopened = _case(
        "reo",
        date(2026, 10, 7),
        _slip(date(2026, 10, 8), date(2026, 10, 15), date(2026, 10, 9)),
        calls=(CallRecord(1, datetime(2026, 10, 12, 10), "satisfied"),),
        events=(
            EventRecord("signed_off", 1, datetime(2026, 10, 13, 9)),
            EventRecord("reopened", 1, datetime(2026, 10, 26, 10)),
        ),
    )  # due Thu 10-29
    closed = _case(
        "clo",
        date(2026, 10, 7),
        _slip(date(2026, 10, 8), date(2026, 10, 15), date(2026, 10, 12)),
        calls=(CallRecord(1, datetime(2026, 10, 13, 10), "dissatisfied"),),
        events=(EventRecord("closed_explained", 1, datetime(2026, 10, 14, 10)),),
    )
    histories = [new, new_not_due, dissatisfied, returned, reopened, closed]
    assert _overdue(histories, OCTOBER) == (0, 0, 4)
    by_category = count(TallyFacts(histories=histories, rules=RULES), OCTOBER, TODAY)
    assert by_category[("category", "物业")].refer_overdue == 4
    assert ("unit", "甲局") not in by_category  # the next slip is the office's to issue, not the unit's


def test_deadlines_follow_the_holiday_calendar() -> None:
    # Received Wed 09-30; 10-01..10-07 is the National Day break and Sat 10-10 a swapped workday:
    # three working days are 10-08, 10-09, 10-10. Monday-Friday counting would give 10-05.
    case = _case("a", date(2026, 9, 30))
    assert _overdue([case], Period(date(2026, 10, 1), date(2026, 10, 10))) == (0, 0, 0)
    assert _overdue([case], Period(date(2026, 10, 1), date(2026, 10, 12))) == (0, 0, 1)
    # The office's calendar makes 10-10 a day off: three working days end Tue 10-13.
    office = WorkCalendar([OfficeDay(date(2026, 10, 10), DayKind.HOLIDAY, HolidayName.NATIONAL_DAY)])
    assert _overdue([case], Period(date(2026, 10, 1), date(2026, 10, 12)), calendar=office) == (0, 0, 0)


def test_each_station_has_its_own_rules() -> None:
    a = _case("a", date(2026, 10, 27))  # station "s": 3 working days -> 10-30, past on 10-31
    b = CaseHistory(
        "b", "t", "walk_in", "物业", date(2026, 10, 27), "needs_referral"
    )  # station "t": 5 -> 11-03
    rules = {"s": RULES["s"], "t": WaitingRules(callback_working_days=1, refer_working_days=5)}
    assert _overdue([a, b], OCTOBER, rules=rules) == (0, 0, 1)


# -- a case's state on a day ---------------------------------------------------------------------------


def test_state_on_a_day_is_replayed_from_the_records() -> None:
    case = _case(
        "a",
        date(2026, 10, 7),
        _slip(date(2026, 10, 8), date(2026, 10, 15), returned=date(2026, 10, 9)),
        _slip(date(2026, 10, 9), date(2026, 10, 16), date(2026, 10, 14), attempt=2),
        _slip(date(2026, 10, 20), date(2026, 10, 27), round_no=2),
        calls=(CallRecord(1, datetime(2026, 10, 15, 9), "dissatisfied"),),
    )
    states = {d: state_on(case, date(2026, 10, d)) for d in (6, 7, 8, 9, 14, 15, 20)}
    assert states[6] is None
    assert [states[d].status for d in (7, 8, 14, 15, 20)] == [  # type: ignore[union-attr]
        CaseStatus.AWAITING_REFERRAL,
        CaseStatus.REFERRED,
        CaseStatus.REPLIED,
        CaseStatus.DISSATISFIED,
        CaseStatus.REFERRED,
    ]
    # Returned and referred again on the same day: the new slip is the one waited on.
    assert states[9] is not None and states[9].status is CaseStatus.REFERRED and states[9].slip is not None
    assert (states[9].slip.attempt, states[20].round_no) == (2, 2)  # type: ignore[union-attr]


def test_the_last_step_by_a_day_is_enough_to_know_the_state() -> None:
    full = _case(
        "a",
        date(2025, 12, 1),
        _slip(date(2025, 12, 2), date(2025, 12, 9), date(2025, 12, 5)),
        _slip(date(2026, 10, 8), date(2026, 10, 15), round_no=2),
        calls=(CallRecord(1, datetime(2025, 12, 8, 9), "dissatisfied"),),
    )
    partial = _case("a", date(2025, 12, 1), _slip(date(2026, 10, 8), date(2026, 10, 15), round_no=2))
    assert state_on(full, date(2026, 10, 31)) == state_on(partial, date(2026, 10, 31))


@pytest.mark.parametrize(
    "outcome, status",
    [("resolved_on_site", CaseStatus.RESOLVED_ON_SITE), ("needs_referral", CaseStatus.AWAITING_REFERRAL)],
)
def test_a_new_registration_waits_only_when_it_needs_a_slip(outcome: str, status: CaseStatus) -> None:
    state = state_on(_case("a", date(2026, 10, 1), outcome=outcome), date(2026, 10, 31))
    assert state is not None and state.status is status


# -- issue 11: the other satisfaction rates, the same period last year, the late cases ------------


def test_the_bulletin_s_rate_stays_82_37_beside_the_other_two() -> None:
    f = Figures(callbacks=10000, satisfied=6000, basically_satisfied=2237, dissatisfied=1763)
    assert format_percent(f.satisfaction_rate) == "82.37%"
    assert format_percent(f.satisfied_only_rate) == "60.00%"  # 6,000 / 10,000


def test_the_rate_per_settled_case_counts_sign_offs_against_explained_closings() -> None:
    # 3 signed off (each after a satisfied callback), 1 closed with an explanation: 3 / 4.
    assert format_percent(Figures(signed_off=3, closed_explained=1).settled_satisfaction_rate) == "75.00%"
    assert Figures(withdrawn=2).settled_satisfaction_rate is None  # withdrawals have no verdict


def test_every_rate_has_a_measure_with_its_definition() -> None:
    for key in ("satisfaction_rate", "settled_satisfaction_rate", "satisfied_only_rate"):
        m = MEASURE_BY_KEY[key]
        assert m.is_rate and m.definition, key


def test_the_same_month_last_year_is_counted_from_its_own_facts() -> None:
    cb = CallbackFact("r", "s", datetime(2025, 10, 9, 10), "satisfied", "某单位", "walk_in", "")
    tally = build_tally(
        TallyFacts(), OCTOBER, today=TODAY, stations=["站"], year_ago_facts=TallyFacts(callbacks=[cb])
    )
    assert tally.year_ago_period == month_period(2025, 10)
    assert (tally.current.callbacks, tally.previous.callbacks, tally.year_ago.callbacks) == (0, 0, 1)


def test_a_late_slip_is_named_with_the_day_it_was_referred() -> None:
    slip = SlipRecord(1, 1, "某单位", date(2026, 10, 12), date(2026, 10, 19))
    history = CaseHistory("r", "s", "walk_in", "", date(2026, 10, 10), "referred", slips=(slip,))
    tally = build_tally(TallyFacts(histories=[history]), OCTOBER, today=TODAY, stations=["站"])
    [late] = tally.late
    assert (late.reception_id, late.waiting, late.referred_on) == ("r", "overdue", date(2026, 10, 12))
    assert tally.current.overdue == 1


# -- consultations and groups (issue 11) ---------------------------------------------------------------


def _came(rid: str, outcome: str, *, phone: str = "", headcount: int = 1) -> ReceptionFact:
    key = "tel:" + phone if phone else ""
    return ReceptionFact(
        rid, "s", datetime(2026, 10, 12, 9), "walk_in", "", outcome, key, None, "", headcount
    )


def test_consultations_are_counted_apart_from_matters_solved_on_the_spot() -> None:
    # The Shihe posts' bulletin: 200 consultations, 8 solved on the spot, 5 referred.
    receptions = [_came(f"c{i}", "consultation") for i in range(200)]
    receptions += [_came(f"o{i}", "resolved_on_site") for i in range(8)]
    receptions += [_came(f"x{i}", "needs_referral") for i in range(5)]
    referrals = [
        ReferralFact(
            f"x{i}", "s", 1, "甲局", "walk_in", "", date(2026, 10, 12), date(2026, 10, 30), None, None
        )
        for i in range(5)
    ]
    october = count(TallyFacts(receptions=receptions, referrals=referrals), OCTOBER, TODAY)[TOTAL]
    assert (october.consultations, october.on_site, october.referred, october.opinions) == (200, 8, 5, 213)


def test_a_group_reception_counts_its_head_count_as_citizens() -> None:
    facts = TallyFacts(receptions=[_came("g", "needs_referral", phone="13900000001", headcount=12)])
    assert count(facts, OCTOBER, TODAY)[TOTAL].citizens == 12


def test_a_group_and_its_contact_coming_again_count_the_group_once() -> None:
    facts = TallyFacts(
        receptions=[
            _came("g", "needs_referral", phone="13900000001", headcount=12),
            _came("again", "consultation", phone="13900000001"),
        ]
    )
    assert count(facts, OCTOBER, TODAY)[TOTAL].citizens == 12
