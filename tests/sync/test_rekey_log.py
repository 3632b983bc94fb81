"""A row the server rekeys (a handling unit the district already has, matched by name) takes the
kept id on the desk without rewriting its change log (issue 16: a `replace()` over every unpushed
entry's JSON took ~1 s a rekey on a desk with 378k changes waiting). Changes logged under the
former id take the kept one when they are read to be pushed (`engine.renamed_ids`, setting
`sync.rekeyed_ids`)."""

from __future__ import annotations

import json

from sqlalchemy import select
from sync_helpers import fill, pending, recording_pushes, rows, scalar

from desk_app.storage.models import Referral
from desk_app.sync import engine as engine_module
from tests.sync.conftest import enroll


def _rekeyed_desk(make_desk, server, station, monkeypatch):  # type: ignore[no-untyped-def]
    """Desk a at the station first; then standalone desk b, with slips naming its own unit of the
    same name, pushes one change a batch: the server rekeys b's unit in an early batch's answer,
    and b's slips go in later batches. Returns (a, b, b's unit id before, changes b sent)."""
    a = make_desk("a")
    enroll(a, server, station)
    assert a.sync().ok
    b = make_desk("b")
    fill(b, 4)
    own = b.unit.id
    enroll(b, server, station)
    b.engine.push_batch = 1
    monkeypatch.setattr(engine_module, "COMPACT_SECONDS", 0.0)  # nothing folded: the log's text goes
    sent = recording_pushes(b, monkeypatch)
    report = b.engine.push_round()  # pushed before anything is pulled: the server rekeys
    assert report.rekeys >= 1 and not report.errors and pending(b.store) == 0, report
    assert b.sync().ok
    return a, b, own, sent


def test_a_rekey_leaves_the_log_as_written_and_maps_the_former_id(
    make_desk, server, station, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    a, b, own, _sent = _rekeyed_desk(make_desk, server, station, monkeypatch)
    assert rows(b.store, "handling_unit") == {a.unit.id}
    assert scalar(b.store, "SELECT count(*) FROM change_log WHERE instr(changes, :o) > 0", o=own)
    assert b.store.setting("sync.rekeyed_ids")[own] == a.unit.id  # (the default categories too)


def test_slips_logged_under_the_former_unit_id_go_up_under_the_kept_one(
    make_desk, server, station, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    a, _b, own, sent = _rekeyed_desk(make_desk, server, station, monkeypatch)
    slips = [c for c in sent if c["entity"] == "referral" and c["op"] == "insert"]
    assert len(slips) == 2
    assert {c["fields"]["handling_unit_id"][1] for c in slips} == {a.unit.id}
    assert own not in json.dumps([c for c in sent if c["entity"] != "handling_unit"])


def test_the_rekeyed_units_slips_reach_another_desk_with_the_kept_unit(
    make_desk, server, station, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    a, b, _own, _sent = _rekeyed_desk(make_desk, server, station, monkeypatch)
    c = make_desk("c", server=server, station_id=station.station_id)
    with b.store.db.reading() as s:
        slips_b = dict(s.execute(select(Referral.id, Referral.handling_unit_id)).all())
    with c.store.db.reading() as s:
        slips_c = dict(s.execute(select(Referral.id, Referral.handling_unit_id)).all())
    assert len(slips_b) == 2 and set(slips_b.values()) == {a.unit.id}
    assert {k: slips_c.get(k) for k in slips_b} == slips_b


def test_a_later_rekey_of_the_kept_id_carries_the_former_one_along(make_desk) -> None:  # type: ignore[no-untyped-def]
    from desk_app.sync.engine import renamed_ids, rewrite_id

    desk = make_desk("a")
    unit = desk.unit.id
    with desk.engine._writing() as s:
        rewrite_id(s, "handling_unit", unit, "kept-1")
    with desk.engine._writing() as s:
        rewrite_id(s, "handling_unit", "kept-1", "kept-2")
    with desk.store.db.reading() as s:
        assert renamed_ids(s) == {unit: "kept-2", "kept-1": "kept-2"}
    assert rows(desk.store, "handling_unit") == {"kept-2"}


def test_a_corrected_category_shows_the_id_it_has_after_a_rekey(make_desk) -> None:  # type: ignore[no-untyped-def]
    """The history's old -> new values come from the log's text, which keeps the former id."""
    from desk_app.domain.validation import ReceptionDraft
    from desk_app.sync.engine import rewrite_id

    desk = make_desk("a")
    rid = desk.register("小区电梯停运")
    d = desk.store.case_detail(rid)
    corrected = next(c for c in desk.store.categories() if c.id != d.category_id)
    keep = ("received_at", "channel", "content", "outcome", "citizen_name", "citizen_phone")
    keep += ("citizen_address", "on_site_answer", "headcount", "note")
    draft = ReceptionDraft(category_id=corrected.id, **{k: getattr(d, k) for k in keep})
    desk.store.correct_registration(rid, draft, reason="类别选错", by=desk.clerk.id)
    with desk.engine._writing() as s:
        rewrite_id(s, "category", corrected.id, "kept-category")
    (event,) = [e for e in desk.store.case_detail(rid).timeline if e.kind == "corrected"]
    assert ("category_id", d.category_id, "kept-category") in event.detail["changes"]
