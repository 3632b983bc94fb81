"""The campaign board (issue 14) and the reception form's campaign choice, in real widgets on a
real desk file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from desk_app.domain.campaigns import CampaignDraft, PlaceDraft, PlaceKind
from desk_app.domain.validation import ReceptionDraft
from desk_app.storage.campaign_store import CampaignStore
from desk_app.storage.store import DeskStore
from desk_app.ui.campaigns.panel import CampaignPanel
from desk_app.ui.reception_form import ReceptionForm
from desk_app.ui.session import DeskSession
from tests.ui.conftest import type_chinese, wait_for_ops


def _campaign(session: DeskSession) -> str:
    camp = CampaignStore(session.store)
    by = session.operator.id
    cid = camp.save_campaign(CampaignDraft("飞线治理", date(2026, 3, 1), date(2026, 12, 31)), by=by)
    for name in ("五星小区", "北湖小区"):
        camp.add_place(cid, PlaceDraft(name, PlaceKind.ESTATE), by=by)
    draft = ReceptionDraft(
        received_at=session.store.clock(), channel="opinion_box", content="楼道飞线", outcome="needs_referral"
    )
    camp.register_problem(cid, draft, by=by)
    return cid


def _panel(qtbot, session: DeskSession) -> CampaignPanel:  # type: ignore[no-untyped-def]
    panel = CampaignPanel(session)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show()
    return panel


def test_the_board_shows_the_campaigns_places_and_problems(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    _campaign(session)
    panel = _panel(qtbot, session)
    figures = dict(panel.board_model.rows)
    assert (figures["Places visited"], figures["Problems found"]) == ("2", "1")
    assert panel.board_model.rowCount() == 11
    assert panel.problem_model.rowCount() == 1
    wait_for_ops(qtbot)


def test_the_problem_list_is_exported_from_the_board(qtbot, session: DeskSession, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cid = _campaign(session)
    panel = _panel(qtbot, session)
    target = tmp_path / "list.xlsx"
    panel.export_to(cid, target, report=False)
    qtbot.waitUntil(target.exists, timeout=10_000)
    rows = list(load_workbook(target)["问题清单"].iter_rows(values_only=True))
    assert any(len(r) > 3 and r[3] == "楼道飞线" for r in rows)
    wait_for_ops(qtbot)


def test_a_reception_saved_with_a_campaign_is_tagged_with_it(
    qtbot, session: DeskSession, store: DeskStore
) -> None:  # type: ignore[no-untyped-def]
    cid = _campaign(session)
    form = ReceptionForm(session)
    qtbot.addWidget(form)
    with qtbot.waitSignal(form.loaded, timeout=10_000):
        form.show()
    qtbot.waitUntil(form.campaign_row.isVisible, timeout=10_000)
    form.campaign.setCurrentIndex(form.campaign.findData(cid))
    type_chinese(form.content, "小区飞线私拉乱接")
    with qtbot.waitSignal(form.saved, timeout=10_000) as blocker:
        form.save()
    tagged = CampaignStore(store).campaign_of_case(blocker.args[0])
    assert tagged is not None and tagged.id == cid
    wait_for_ops(qtbot)


def test_without_a_running_campaign_the_form_offers_none(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    form = ReceptionForm(session)
    qtbot.addWidget(form)
    with qtbot.waitSignal(form.loaded, timeout=10_000):
        form.show()
    wait_for_ops(qtbot)
    assert not form.campaign_row.isVisible()
