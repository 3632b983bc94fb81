"""A correction of 接待人数 and 备注 made at one desk is accepted by the server and reaches the other."""

from __future__ import annotations

from desk_app.domain.validation import ReceptionDraft


def corrected_draft(desk, rid: str, *, headcount: int, note: str) -> ReceptionDraft:  # type: ignore[no-untyped-def]
    d = desk.store.case_detail(rid)
    return ReceptionDraft(
        received_at=d.received_at,
        channel=d.channel,
        content=d.content,
        outcome=d.outcome,
        citizen_name=d.citizen_name,
        citizen_phone=d.citizen_phone,
        citizen_address=d.citizen_address,
        category_id=d.category_id,
        on_site_answer=d.on_site_answer,
        headcount=headcount,
        note=note,
    )


def test_corrected_headcount_and_note_are_accepted_and_pulled_by_the_other_desk(
    make_desk, server, station
) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    a.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    rid = a.register("小区电梯停运，业主代表一行五人来访")
    assert a.sync().ok
    a.store.correct_registration(
        rid, corrected_draft(a, rid, headcount=5, note="业主代表集体来访"), reason="人数漏登", by=a.clerk.id
    )
    report = a.sync()
    assert report.ok and report.rejected == 0 and report.sent > 0
    b = make_desk("b", server=server, station_id=station.station_id)
    detail = b.store.case_detail(rid)
    assert (detail.headcount, detail.note) == (5, "业主代表集体来访")
    (event,) = [e for e in detail.timeline if e.kind == "corrected"]
    assert event.detail["reason"] == "人数漏登"
