"""Face-to-face referral meetings (交办会, issue 13 item 3): planning, picking, referring the cases
all at once in one write (all or nothing), the minutes' lines and what comes back to the meeting."""

from __future__ import annotations

from datetime import date

import pytest
from storage_helpers import Desk

from desk_app.domain.meetings import MeetingDraft, MeetingItemDraft
from desk_app.domain.numbering import parse_serial
from desk_app.domain.periods import month_period
from desk_app.storage.errors import ValidationFailed
from desk_app.storage.meetings import MeetingBlocked, MeetingStore


def _plan(desk: Desk, **kw: object) -> str:
    draft = MeetingDraft(
        held_on=kw.pop("held_on", desk.now.date()),  # type: ignore[arg-type]
        place="五星街道人大代表工作站",
        presiding="区人大常委会副主任 张华",
        units="区住建局、区城管局",
        **kw,  # type: ignore[arg-type]
    )
    return MeetingStore(desk.store).plan(draft, by=desk.clerk.id)


def _items(desk: Desk, ids: list[str]) -> list[MeetingItemDraft]:
    return [MeetingItemDraft(rid, desk.unit.id, "王科长", 10) for rid in ids]


def test_a_meeting_without_a_title_is_named_by_its_number_in_the_year(desk: Desk) -> None:
    meetings = MeetingStore(desk.store)
    _plan(desk)
    _plan(desk)
    assert [m.title for m in meetings.meetings()][::-1] == [
        "2026年第1次群众意见面对面沟通交办会",
        "2026年第2次群众意见面对面沟通交办会",
    ]


def test_a_meeting_needs_its_place_and_presiding_leader(desk: Desk) -> None:
    with pytest.raises(ValidationFailed) as caught:
        MeetingStore(desk.store).plan(
            MeetingDraft(held_on=desk.now.date(), place=" ", presiding="", units=""), by=desk.clerk.id
        )
    assert {e.field for e in caught.value.errors} == {"place", "presiding"}


def test_a_meeting_refers_thirty_cases_in_one_write_one_numbered_slip_each(desk: Desk) -> None:
    ids = [desk.register(f"第{n}件：小区路灯不亮") for n in range(30)]
    meeting_id = _plan(desk)
    writes: list[str | None] = []
    real_writing = desk.store.db.writing

    def counted(operator_id: str | None):  # type: ignore[no-untyped-def]
        writes.append(operator_id)
        return real_writing(operator_id)

    desk.store.db.writing = counted  # type: ignore[method-assign]
    slips = MeetingStore(desk.store).refer_all(
        meeting_id, _items(desk, ids), supervisor="赵代表", by=desk.clerk.id
    )
    desk.store.db.writing = real_writing  # type: ignore[method-assign]
    assert len(slips) == 30 and writes == [desk.clerk.id]
    details = [desk.store.case_detail(rid) for rid in ids]
    assert {d.status for d in details} == {"referred"}
    seqs = sorted(parse_serial(d.referrals[0].serial).seq for d in details)  # type: ignore[union-attr]
    assert seqs == list(range(1, 31))
    assert {d.referrals[0].referred_on for d in details} == {desk.now.date()}
    assert MeetingStore(desk.store).meeting(meeting_id).counts.referred == 30


def test_a_meeting_slip_has_the_same_deadline_as_a_single_referral(desk: Desk) -> None:
    one, other = desk.register("楼道灯不亮"), desk.register("井盖缺失")
    single = desk.refer(one, days=10)
    meeting_id = _plan(desk)
    MeetingStore(desk.store).refer_all(
        meeting_id, _items(desk, [other]), supervisor="赵代表", by=desk.clerk.id
    )
    assert desk.store.case_detail(other).referrals[0].reply_due == single.reply_due


def test_a_case_that_cannot_be_referred_blocks_the_whole_meeting_and_is_named(desk: Desk) -> None:
    ids = [desk.register(f"第{n}件：小区路灯不亮") for n in range(29)]
    blocker = desk.register("已经交办过的井盖缺失问题")
    desk.refer(blocker)
    meeting_id = _plan(desk)
    serials_before = [desk.store.case_detail(blocker).referrals[0].serial]
    with pytest.raises(MeetingBlocked) as caught:
        MeetingStore(desk.store).refer_all(
            meeting_id, _items(desk, [*ids, blocker]), supervisor="赵代表", by=desk.clerk.id
        )
    assert caught.value.reception_id == blocker
    assert "已经交办过的井盖缺失问题" in caught.value.message_zh
    assert {desk.status(rid) for rid in ids} == {"awaiting_referral"}
    assert MeetingStore(desk.store).meeting(meeting_id).counts.referred == 0
    assert [desk.store.case_detail(blocker).referrals[0].serial] == serials_before


def test_a_blocked_meeting_uses_no_slip_number(desk: Desk) -> None:
    ok, bad = desk.register("路灯不亮"), desk.register("井盖缺失")
    desk.refer(bad)
    meeting_id = _plan(desk)
    with pytest.raises(MeetingBlocked):
        MeetingStore(desk.store).refer_all(
            meeting_id, _items(desk, [ok, bad]), supervisor="赵代表", by=desk.clerk.id
        )
    slip = desk.refer(ok)
    assert parse_serial(slip.serial).seq == 2  # type: ignore[union-attr]


def test_a_case_without_a_unit_blocks_the_meeting_with_the_field_named(desk: Desk) -> None:
    rid = desk.register("路灯不亮")
    meeting_id = _plan(desk)
    with pytest.raises(MeetingBlocked) as caught:
        MeetingStore(desk.store).refer_all(
            meeting_id, [MeetingItemDraft(rid, None, "王科长", 10)], supervisor="赵代表", by=desk.clerk.id
        )
    assert "承办单位未填写" in caught.value.message_zh


def test_a_meeting_planned_for_a_later_day_refers_nothing_yet(desk: Desk) -> None:
    rid = desk.register("路灯不亮")
    meeting_id = _plan(desk, held_on=date(2026, 12, 1))
    with pytest.raises(ValidationFailed):
        MeetingStore(desk.store).refer_all(
            meeting_id, _items(desk, [rid]), supervisor="赵代表", by=desk.clerk.id
        )
    assert desk.status(rid) == "awaiting_referral"


def test_the_picker_filters_cases_waiting_for_a_slip_by_category(desk: Desk) -> None:
    cats = {c.name: c.id for c in desk.store.categories()}
    a = desk.register("路灯不亮", category_id=cats["城建"])
    desk.register("医保报销", category_id=cats["医保"])
    referred = desk.register("井盖缺失", category_id=cats["城建"])
    desk.refer(referred)
    rows = MeetingStore(desk.store).candidates(category_ids=[cats["城建"]])
    assert [r.reception_id for r in rows] == [a]


def test_replies_and_callbacks_count_back_to_the_meeting(desk: Desk) -> None:
    ids = [desk.register(f"第{n}件") for n in range(3)]
    meeting_id = _plan(desk)
    MeetingStore(desk.store).refer_all(meeting_id, _items(desk, ids), supervisor="赵代表", by=desk.clerk.id)
    desk.reply(ids[0])
    desk.reply(ids[1])
    desk.callback(ids[0], "satisfied")
    desk.callback(ids[1], "dissatisfied")
    counts = MeetingStore(desk.store).meeting(meeting_id).counts
    assert (counts.referred, counts.answered, counts.called_back, counts.satisfied) == (3, 2, 2, 1)


def test_the_minutes_list_each_case_with_its_unit_handler_and_deadline(desk: Desk) -> None:
    rid = desk.register("路灯不亮", citizen_name="王芳")
    meeting_id = _plan(desk)
    MeetingStore(desk.store).refer_all(meeting_id, _items(desk, [rid]), supervisor="赵代表", by=desk.clerk.id)
    [line] = MeetingStore(desk.store).minutes(meeting_id)
    slip = desk.store.case_detail(rid).referrals[0]
    assert (line.content, line.citizen_name, line.unit_name, line.handler, line.reply_due, line.serial) == (
        "路灯不亮",
        "王芳",
        desk.unit.name,
        "王科长",
        slip.reply_due,
        slip.serial,
    )


def test_the_tally_counts_meetings_held_and_matters_referred_and_answered(desk: Desk) -> None:
    ids = [desk.register(f"第{n}件") for n in range(2)]
    meeting_id = _plan(desk)
    _plan(desk)
    MeetingStore(desk.store).refer_all(meeting_id, _items(desk, ids), supervisor="赵代表", by=desk.clerk.id)
    desk.reply(ids[0])
    meetings = MeetingStore(desk.store)
    month = (date(2026, 11, 1), date(2026, 11, 30))
    assert meetings.held(*month) == 2
    t = meetings.tally(*month)
    assert (t.referred, t.answered) == (2, 1)


def test_the_monthly_tally_shows_meetings_held_and_matters_referred_and_answered(desk: Desk) -> None:
    ids = [desk.register(f"第{n}件") for n in range(3)]
    meeting_id = _plan(desk)
    _plan(desk)
    MeetingStore(desk.store).refer_all(meeting_id, _items(desk, ids), supervisor="赵代表", by=desk.clerk.id)
    desk.reply(ids[0])
    figures = desk.store.tally(month_period(2026, 11)).current
    assert (figures.meetings_held, figures.meeting_matters, figures.meeting_answered) == (2, 3, 1)
    assert desk.store.tally(month_period(2026, 10)).current.meetings_held == 0
