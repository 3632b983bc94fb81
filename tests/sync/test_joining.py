"""Two desks that numbered slips on their own join one station (issue 15: 59 slips were merged
into other cases' slips by their number). A slip is never merged by its number: the later one is
renumbered, keeps the printed number as `former_serial`, and the clerk is told."""

from __future__ import annotations

from sqlalchemy import select
from sync_helpers import fill

from desk_app.storage.models import Callback, Referral
from tests.sync.conftest import enroll


def _slips(desk) -> dict[str, tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """slip id -> (its case, its number, the number it had before)."""
    with desk.store.db.reading() as s:
        return {r.id: (r.reception_id, r.serial, r.former_serial) for r in s.scalars(select(Referral))}


def test_two_standalone_desks_joining_one_station_keep_every_slip(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a, b = make_desk("a"), make_desk("b")
    fill(a, 12)
    fill(b, 14)
    before_a, before_b = _slips(a), _slips(b)
    assert {n for _c, n, _f in before_a.values()} & {n for _c, n, _f in before_b.values()}  # they clash
    enroll(a, server, station)
    assert a.sync().ok
    enroll(b, server, station)
    for desk in (b, a, b):
        assert desk.sync().ok
    after_a, after_b = _slips(a), _slips(b)
    # Every slip of both desks, on both desks, each still on its own case.
    assert set(after_a) == set(after_b) == set(before_a) | set(before_b)
    assert all(after_b[i][0] == case for i, (case, _n, _f) in (before_a | before_b).items())
    numbers = [n for _c, n, _f in after_a.values()]
    assert len(numbers) == len(set(numbers)) and after_a == after_b
    # The later desk's clashing slips were renumbered; the printed number stays on them.
    moved = {i: v for i, v in after_b.items() if i in before_b and v[1] != before_b[i][1]}
    assert moved and all(f == before_b[i][1] for i, (_c, _n, f) in moved.items())
    told = [c for c in b.engine.conflicts() if c.kind == "renumbered"]
    assert {c.entity_id for c in told} == set(moved)


def test_callbacks_stay_with_their_own_cases_slip(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a, b = make_desk("a"), make_desk("b")
    for desk in (a, b):
        for rid in fill(desk, 4):
            if desk.status(rid) == "replied":
                desk.callback(rid, "satisfied")
    enroll(a, server, station)
    assert a.sync().ok
    enroll(b, server, station)
    for desk in (b, a):
        assert desk.sync().ok
    with a.store.db.reading() as s:
        pairs = s.execute(
            select(Callback.reception_id, Referral.reception_id).join(
                Referral, Referral.id == Callback.referral_id
            )
        ).all()
    assert pairs and all(c == r for c, r in pairs)
