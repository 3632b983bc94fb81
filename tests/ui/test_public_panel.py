"""The public channel's queue at the desk (issue 12), in a real window on a real desk file: a
submission as sync brings it, its photos, taking it into a case, refusing it with a reason."""

from __future__ import annotations

import base64
import io
from datetime import datetime

from PIL import Image
from PySide6.QtWidgets import QLabel
from sqlalchemy import insert

from desk_app.storage.models import PublicPhoto, PublicSubmission, new_id, utcnow
from desk_app.storage.public_store import PublicStore
from desk_app.storage.store import DeskStore
from desk_app.ui.case_view import CaseView
from desk_app.ui.public_panel import PublicPanel
from desk_app.ui.session import DeskSession
from tests.ui.conftest import wait_for_ops


def _jpeg(colour: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(out, "JPEG")
    return out.getvalue()


def pulled_submission(store: DeskStore, *, matter: str = "楼下的路灯坏了一个月", photos: int = 1) -> str:
    """A submission as a pull applies it: written straight to the tables, not logged."""
    sub_id = new_id()
    now = utcnow()
    values = {
        "id": sub_id,
        "created_at": now,
        "updated_at": now,
        "station_id": store.station().id,
        "code": "34679ACDEF",
        "submitted_at": datetime(2026, 11, 20, 9, 30),
        "matter": matter,
        "category": "城建",
        "place": "建设路12号",
        "phone": "13812341234",
        "name": "张女士",
        "photo_count": photos,
        "state": "pending",
        "reject_reason": "",
        "online_verdict": "",
        "online_words": "",
    }
    with store.db.engine.begin() as conn:
        conn.execute(insert(PublicSubmission), [values])
        for seq in range(1, photos + 1):
            conn.execute(
                insert(PublicPhoto),
                [
                    {
                        "id": new_id(),
                        "created_at": now,
                        "updated_at": now,
                        "station_id": store.station().id,
                        "submission_id": sub_id,
                        "seq": seq,
                        "jpeg": base64.b64encode(_jpeg()).decode(),
                        "width": 320,
                        "height": 240,
                    }
                ],
            )
    return sub_id


def test_the_queue_lists_what_sync_brought(session: DeskSession, qtbot) -> None:  # type: ignore[no-untyped-def]
    pulled_submission(session.store)
    view = PublicPanel(session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.table.rowCount() == 1)
    assert view.table.item(0, 1).text() == "34679ACDEF"


def test_the_open_submission_shows_its_photos(session: DeskSession, qtbot) -> None:  # type: ignore[no-untyped-def]
    pulled_submission(session.store, photos=2)
    view = PublicPanel(session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: len(view.findChildren(QLabel, "publicPhoto")) == 2)


def test_the_phone_is_masked_in_the_queue(session: DeskSession, qtbot) -> None:  # type: ignore[no-untyped-def]
    pulled_submission(session.store)
    view = PublicPanel(session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: "138****1234" in view.detail.text())
    assert "13812341234" not in view.detail.text()


def test_accepting_makes_a_qr_case_and_empties_the_queue(session: DeskSession, qtbot) -> None:  # type: ignore[no-untyped-def]
    pulled_submission(session.store)
    view = PublicPanel(session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.accept_button.isEnabled())
    with qtbot.waitSignal(view.open_case_requested, timeout=10_000) as opened:
        view.accept_current()
        qtbot.waitUntil(lambda: view.banner.button.isVisible())
        view.banner.button.click()
    detail = session.store.case_detail(opened.args[0])
    assert (detail.channel, detail.content) == ("qr_scan", "楼下的路灯坏了一个月")
    qtbot.waitUntil(lambda: view.table.rowCount() == 0)


def test_rejecting_keeps_the_reason_for_the_citizen(session: DeskSession, qtbot) -> None:  # type: ignore[no-untyped-def]
    sub_id = pulled_submission(session.store)
    view = PublicPanel(session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.reject_button.isEnabled())
    dialog = view.open_reject_dialog()
    assert dialog is not None
    dialog.reason.setPlainText("属于诉讼事项，请向法院反映")
    dialog._check()
    wait_for_ops(qtbot)
    row = PublicStore(session.store).submission(sub_id)
    assert (row.state, row.reject_reason) == ("rejected", "属于诉讼事项，请向法院反映")


def test_a_rejection_without_a_reason_is_not_sent(session: DeskSession, qtbot) -> None:  # type: ignore[no-untyped-def]
    sub_id = pulled_submission(session.store)
    view = PublicPanel(session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.reject_button.isEnabled())
    dialog = view.open_reject_dialog()
    assert dialog is not None
    dialog._check()
    wait_for_ops(qtbot)
    assert dialog.isVisible() and PublicStore(session.store).submission(sub_id).state == "pending"


def test_the_case_view_shows_the_citizens_photos(session: DeskSession, qtbot) -> None:  # type: ignore[no-untyped-def]
    sub_id = pulled_submission(session.store, photos=2)
    case_id = PublicStore(session.store).accept(sub_id, by=session.operator.id)
    view = CaseView(session, case_id)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: len(view.findChildren(QLabel, "publicPhoto")) == 2)


def test_the_waiting_count_is_not_capped_by_the_queue_s_page(session: DeskSession) -> None:
    queue = PublicStore(session.store)
    for _ in range(501):
        pulled_submission(session.store, photos=0)
    assert len(queue.submissions()) == 500  # what the queue shows at most
    assert queue.pending_count() == 501
