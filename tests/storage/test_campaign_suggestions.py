"""A campaign's suggestions are deputies' suggestions (issue 14 remainders, item 3): drafted from
the campaign's problems in one transaction, numbered, sent, answered and rated like any, counted
on the board from there; a record made before the link (schema 0017) survives the migration,
still counts, and becomes a deputy's suggestion when the office drafts it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desk_app.domain.campaigns import CampaignDraft
from desk_app.domain.suggestions import SendDraft, SuggestionDraft
from desk_app.domain.validation import ReceptionDraft
from desk_app.domain.vocab import Verdict
from desk_app.storage.campaign_store import CampaignStore
from desk_app.storage.db import make_engine
from desk_app.storage.errors import NotFound, ValidationFailed
from desk_app.storage.models import CampaignSuggestion, Suggestion
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.storage.suggestions import SuggestionStore
from tests.constants import CLERK_PIN


@pytest.fixture
def camp(store: DeskStore) -> CampaignStore:
    return CampaignStore(store)


@pytest.fixture
def cid(camp: CampaignStore, clerk: OperatorInfo) -> str:
    return camp.save_campaign(
        CampaignDraft("交通规范执法", date(2026, 3, 1), date(2026, 12, 31)), by=clerk.id
    )


@pytest.fixture
def deputy(store: DeskStore, clerk: OperatorInfo) -> str:
    return store.save_deputy(by=clerk.id, name="张伟").id


def _problem(camp: CampaignStore, clerk: OperatorInfo, cid: str, content: str = "卡口对货车重复罚款") -> str:
    draft = ReceptionDraft(
        received_at=datetime(2026, 5, 2, 9), channel="window_visit", content=content, outcome="needs_referral"
    )
    return camp.register_problem(cid, draft, by=clerk.id)


def _draft(deputy: str, *cases: str) -> SuggestionDraft:
    return SuggestionDraft(deputy, "关于统一货车执法标准的建议", "建议统一执法标准、公开执法程序。", cases)


def test_a_campaign_suggestion_is_a_deputy_suggestion_made_from_its_problems(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str, deputy: str
) -> None:
    cases = (_problem(camp, clerk, cid), _problem(camp, clerk, cid, "执法人员未出示证件"))
    sid = camp.draft_suggestion(cid, _draft(deputy, *cases), by=clerk.id)
    row = SuggestionStore(store).suggestion(sid)
    assert (row.state, row.deputy_name, row.reception_ids) == ("drafted", "张伟", cases)


def test_the_board_counts_the_deputy_suggestions_tagged_with_the_campaign(
    camp: CampaignStore, clerk: OperatorInfo, cid: str, deputy: str
) -> None:
    case = _problem(camp, clerk, cid)
    for _ in range(2):
        camp.draft_suggestion(cid, _draft(deputy, case), by=clerk.id)
    assert camp.board(cid).suggestions == 2


def test_a_suggestion_from_a_case_of_no_campaign_is_refused_and_nothing_is_written(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str, deputy: str
) -> None:
    other = store.register_reception(
        ReceptionDraft(
            received_at=datetime(2026, 5, 2, 9),
            channel="walk_in",
            content="暖气不热",
            outcome="needs_referral",
        ),
        by=clerk.id,
    )
    with pytest.raises(ValidationFailed) as refused:
        camp.draft_suggestion(cid, _draft(deputy, other), by=clerk.id)
    assert [e.field for e in refused.value.errors] == ["reception_ids"]
    assert (SuggestionStore(store).suggestions(), camp.suggestions(cid)) == ([], [])


def test_a_campaign_suggestion_is_numbered_sent_answered_and_rated_like_any(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str, deputy: str
) -> None:
    sid = camp.draft_suggestion(cid, _draft(deputy, _problem(camp, clerk, cid)), by=clerk.id)
    book = SuggestionStore(store)
    unit = store.save_handling_unit(by=clerk.id, name="市交通运输局").id
    book.send(sid, SendDraft(unit, store.today(), 20), by=clerk.id)
    book.answer(sid, replied_on=store.today(), text="已统一执法标准。", by=clerk.id)
    book.verdict(sid, verdict=Verdict.SATISFIED, on=store.today(), by=clerk.id)
    (info,) = camp.suggestions(cid)
    assert (info.serial, info.state, info.unit, info.deputy) == (
        f"浉河监督岗代表建议〔{store.today().year}〕第001号",
        "satisfied",
        "市交通运输局",
        "张伟",
    )


def test_drafting_writes_the_suggestion_its_cases_and_the_tag_to_the_log(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str, deputy: str
) -> None:
    sid = camp.draft_suggestion(cid, _draft(deputy, _problem(camp, clerk, cid)), by=clerk.id)
    tag = next(c for c in store.change_log() if c.entity == "campaign_suggestion")
    assert tag.changes["suggestion_id"][1] == sid
    assert {"suggestion", "suggestion_case"} <= {c.entity for c in store.change_log()}


def _legacy_row(store: DeskStore, cid: str) -> str:
    """A suggestion recorded the way schema 0017 did (no deputy suggestion behind it)."""
    with store.db.writing(None) as s:
        row = CampaignSuggestion(
            station_id=store.station().id,
            campaign_id=cid,
            day=date(2026, 6, 1),
            title="建立长效机制",
            content="旧记录",
        )
        s.add(row)
        s.flush()
        return row.id


def test_a_record_made_before_the_link_becomes_a_deputy_suggestion(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str, deputy: str
) -> None:
    record = _legacy_row(store, cid)
    assert camp.board(cid).suggestions == 1 and not camp.suggestions(cid)[0].linked
    sid = camp.draft_suggestion(
        cid, _draft(deputy, _problem(camp, clerk, cid)), by=clerk.id, record_id=record
    )
    (info,) = camp.suggestions(cid)
    assert (info.id, info.suggestion_id, info.day, camp.board(cid).suggestions) == (
        record,
        sid,
        date(2026, 6, 1),
        1,
    )


def test_a_record_is_linked_once(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str, deputy: str
) -> None:
    record = _legacy_row(store, cid)
    case = _problem(camp, clerk, cid)
    camp.draft_suggestion(cid, _draft(deputy, case), by=clerk.id, record_id=record)
    with pytest.raises(NotFound):
        camp.draft_suggestion(cid, _draft(deputy, case), by=clerk.id, record_id=record)
    with store.db.reading() as s:
        assert len(s.scalars(select(Suggestion)).all()) == 1


@pytest.mark.text_ids
def test_a_desk_at_schema_0017_keeps_its_campaign_suggestions(
    store: DeskStore,
    camp: CampaignStore,
    clerk: OperatorInfo,
    cid: str,
    data_dir: Path,
    clock: Callable[[], datetime],
) -> None:
    """Migration 0019: the rows of a desk at 0018 are kept, counted, and can be linked."""
    from alembic import command

    from desk_app.storage import migrate
    from desk_app.storage.db import database_path

    station_id = store.station().id
    store.close()
    engine = make_engine(database_path(data_dir))
    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0018")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO campaign_suggestion (id, created_at, updated_at, station_id, campaign_id, day, title, content)"
                " VALUES ('old-1', '2026-06-01 08:00:00', '2026-06-01 08:00:00', :st, :c, '2026-06-01', '建立长效机制', '旧记录')"
            ),
            {"st": station_id, "c": cid},
        )
    engine.dispose()
    again = DeskStore.open(data_dir, clock=clock)
    try:
        assert migrate.current_revision(again.db.engine) == migrate.head_revision()
        camp2 = CampaignStore(again)
        (info,) = camp2.suggestions(cid)
        assert (info.title, info.content, info.linked, camp2.board(cid).suggestions) == (
            "建立长效机制",
            "旧记录",
            False,
            1,
        )
        operator = again.sign_in(clerk.id, CLERK_PIN)
        deputy = again.save_deputy(by=operator.id, name="王芳").id
        case = _problem(camp2, operator, cid)
        camp2.draft_suggestion(cid, _draft(deputy, case), by=operator.id, record_id="old-1")
        assert camp2.suggestions(cid)[0].linked and camp2.board(cid).suggestions == 1
    finally:
        again.close()
