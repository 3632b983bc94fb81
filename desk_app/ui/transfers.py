"""Transfers between levels in the window (issue 13): the moves as dialogs of the case view
(转办至区中心, 转办至站点, 区中心接办, and on the centre's desk the city level: 转办至市级 with the city
office's reference number, 市级交回 with the city's answer), and the register of what this level
sent and received (转办登记簿) with its Excel export. Rules: domain.transfers; storage:
transfer_store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.transfers import CITY_REF_MAX, CITY_REPLY_EVENT, TransferKind
from desk_app.storage.records import CaseDetail
from desk_app.storage.transfer_store import TransferEntry
from desk_app.ui.case_office_moves import ReasonDialog
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.files import choose_save_file, file_problem_text, with_suffix
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession


class _TransferDialog(ReasonDialog):
    kind = TransferKind.UP

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName(f"{self.kind.value}Dialog")

    def reason_placeholder(self) -> str:
        return self.tr("Why this level should handle it: e.g. it concerns several streets")

    def store_call(self, reason: str) -> Callable[[], Any]:
        store, reception_id, by, kind = (
            self._session.store,
            self.detail.id,
            self._session.operator.id,
            self.kind,
        )
        return lambda: store.transfer(reception_id, kind, reason=reason, by=by)


class TransferUpDialog(_TransferDialog):
    kind = TransferKind.UP

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setWindowTitle(self.tr("Transfer up to the district centre"))
        self.save_button.setText(self.tr("Transfer up"))

    def question_text(self) -> str:
        return self.tr(
            "Send this case to the district centre? The centre handles it from now on; this desk "
            "keeps the case and its history to read, and the transfer in its register."
        )


class TransferDownDialog(_TransferDialog):
    kind = TransferKind.DOWN

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setWindowTitle(self.tr("Transfer down to the station"))
        self.save_button.setText(self.tr("Transfer down"))

    def question_text(self) -> str:
        return self.tr("Send this case back to its station, which handles it from now on?")


class TakeOverDialog(_TransferDialog):
    kind = TransferKind.TAKE_OVER

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setWindowTitle(self.tr("Take the case over"))
        self.save_button.setText(self.tr("Take over"))

    def question_text(self) -> str:
        return self.tr(
            "Take this case over from its station? The centre handles it from now on; the station "
            "sees it taken over, with its whole history."
        )


class TransferToCityDialog(_TransferDialog):
    """转办至市级: the centre sends a case it handles to the city congress's office, with the
    reason and, when the city gave one, its reference number."""

    kind = TransferKind.TO_CITY

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setWindowTitle(self.tr("Transfer to the city"))
        self.save_button.setText(self.tr("Transfer to the city"))

    def question_text(self) -> str:
        return self.tr(
            "Send this case to the city congress's office? Nobody in the district acts on it until "
            "the city hands it back; record the city's return here when it does."
        )

    def build(self) -> None:
        self.city_ref_edit = QLineEdit()
        self.city_ref_edit.setObjectName("cityRefEdit")
        self.city_ref_edit.setMaxLength(CITY_REF_MAX)
        self.city_ref_edit.setPlaceholderText(self.tr("Optional, e.g. the number of the city's letter"))
        self.add_field(self.tr("City reference number"), "city_ref", self.city_ref_edit)

    def reason_placeholder(self) -> str:
        return self.tr("Why the city should handle it: e.g. it concerns two districts")

    def store_call(self, reason: str) -> Callable[[], Any]:
        store, reception_id, by, ref = (
            self._session.store,
            self.detail.id,
            self._session.operator.id,
            self.city_ref_edit.text(),
        )
        return lambda: store.transfer(reception_id, TransferKind.TO_CITY, reason=reason, by=by, city_ref=ref)


class ReturnFromCityDialog(_TransferDialog):
    """市级交回: the centre records the city handing the case back, with the city's answer."""

    kind = TransferKind.FROM_CITY

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setWindowTitle(self.tr("Returned by the city"))
        self.save_button.setText(self.tr("Record the return"))

    def question_text(self) -> str:
        return self.tr("Record that the city handed this case back? The centre handles it from now on.")

    def reason_caption(self) -> str:
        return self.tr("The city's answer")

    def reason_placeholder(self) -> str:
        return self.tr("What the city answered, and why it hands the case back")


class CityReplyDialog(ReasonDialog):
    """市级答复: what the city replied about a case it handles, recorded by the centre for the
    timeline (the case stays at the city)."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("cityRepliedDialog")
        self.setWindowTitle(self.tr("The city's reply"))
        self.save_button.setText(self.tr("Record the reply"))

    def question_text(self) -> str:
        return self.tr(
            "Record what the city replied about this case? It stays with the city until the city "
            "hands it back."
        )

    def reason_caption(self) -> str:
        return self.tr("The city's reply")

    def reason_placeholder(self) -> str:
        return self.tr("The city's reply as received: e.g. a meeting of both districts is planned")

    def store_call(self, reason: str) -> Callable[[], Any]:
        store, reception_id, by = self._session.store, self.detail.id, self._session.operator.id
        return lambda: store.record_city_reply(reception_id, text=reason, by=by)


def transfer_dialogs(centre_desk: bool) -> tuple[type[_TransferDialog], ...]:
    """The transfers a desk offers: a station sends up; the centre takes over or sends down, and
    sends to the city and records the city's return."""
    if centre_desk:
        return (TakeOverDialog, TransferDownDialog, TransferToCityDialog, ReturnFromCityDialog)
    return (TransferUpDialog,)


def add_transfer_actions(view: Any, menu: Any, centre_desk: bool) -> list[QAction]:
    """Append the transfers to a case view's "Other moves" menu (view._open opens a dialog); each
    action's data is its TransferKind value."""
    captions = {
        TransferUpDialog: QCoreApplication.translate("Transfers", "Transfer up to the district centre…"),
        TransferDownDialog: QCoreApplication.translate("Transfers", "Transfer down to the station…"),
        TakeOverDialog: QCoreApplication.translate("Transfers", "Take the case over…"),
        TransferToCityDialog: QCoreApplication.translate("Transfers", "Transfer to the city…"),
        ReturnFromCityDialog: QCoreApplication.translate("Transfers", "Returned by the city…"),
    }
    actions = []
    menu.addSeparator()
    for cls in transfer_dialogs(centre_desk):
        action = QAction(captions[cls], view)
        action.setObjectName(f"{cls.kind.value}Action")
        action.setData(cls.kind.value)
        action.triggered.connect(lambda _c=False, c=cls: view._open(c))
        menu.addAction(action)
        actions.append(action)
    if centre_desk:  # the city's reply while it handles the case: no move, a timeline entry
        reply = QAction(QCoreApplication.translate("Transfers", "Record the city's reply…"), view)
        reply.setObjectName(f"{CITY_REPLY_EVENT}Action")
        reply.setData(CITY_REPLY_EVENT)
        reply.triggered.connect(lambda _c=False: view._open(CityReplyDialog))
        menu.addAction(reply)
        actions.append(reply)
    return actions


class TransferRegisterTab(QWidget):
    """The register of transfers (转办登记簿) of a period: what this level sent and received."""

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transferRegisterTab")
        self._session = session
        self.entries: list[TransferEntry] = []
        self.choose_save_path = lambda title, name, flt: choose_save_file(self, title, name, flt)
        today = session.store.today()
        self.date_from = QDateEdit(qdate(today.replace(day=1)))
        self.date_to = QDateEdit(qdate(today))
        for edit, name in ((self.date_from, "registerFrom"), (self.date_to, "registerTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(lambda _d: self.load())
        self.export_button = QPushButton(self.tr("Export to Excel…"))
        self.export_button.setObjectName("exportRegister")
        self.export_button.clicked.connect(self.export_to_excel)
        self.result_label = QLabel()
        self.result_label.setObjectName("registerResult")
        self.table = QTableWidget(0, 8)
        self.table.setObjectName("registerTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("When"),
                self.tr("Move"),
                self.tr("Station"),
                self.tr("Slip number"),
                self.tr("Case"),
                self.tr("Reason"),
                self.tr("By"),
                self.tr("City reference number"),
            ]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("From")))
        top.addWidget(self.date_from)
        top.addWidget(QLabel(self.tr("to")))
        top.addWidget(self.date_to)
        top.addStretch(1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result_label)
        # A bound method, not a lambda over self (desk_app/ui/case_list.py says why).
        session.events.case_changed.connect(self._case_changed)
        self.load()

    def _period(self) -> tuple[date, date]:
        return pydate(self.date_from.date()), pydate(self.date_to.date())

    def _case_changed(self, _reception_id: str) -> None:
        self.load()

    def load(self) -> None:
        store, (since, until) = self._session.store, self._period()
        DbOp(lambda: store.transfer_register(since=since, until=until), parent=self).success(
            self._loaded
        ).failure(lambda exc: self.result_label.setText(describe_error(exc))).run()

    def _loaded(self, entries: list[TransferEntry]) -> None:
        self.entries = entries
        moves = {
            TransferKind.UP.value: self.tr("Transferred up to the district centre"),
            TransferKind.DOWN.value: self.tr("Transferred down to the station"),
            TransferKind.TAKE_OVER.value: self.tr("Taken over by the district centre"),
            TransferKind.TO_CITY.value: self.tr("Transferred to the city"),
            TransferKind.FROM_CITY.value: self.tr("Returned by the city"),
        }
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            values = (
                e.at.strftime("%Y-%m-%d %H:%M"),
                moves.get(e.kind, e.kind),
                e.station_name,
                e.serial,
                e.summary,
                e.reason,
                e.by,
                e.city_ref,
            )
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, e.reception_id)
                self.table.setItem(r, c, item)
        self.result_label.setText(self.tr("%1 transfers").replace("%1", str(len(entries))))

    def export_to_excel(self) -> None:
        store, (since, until) = self._session.store, self._period()
        path = self.choose_save_path(
            self.tr("Export the transfer register to Excel"),
            self.tr("Transfers %1.xlsx").replace("%1", until.isoformat()),
            self.tr("Excel files (*.xlsx)"),
        )
        if not path:
            return
        target = Path(with_suffix(path, ".xlsx"))
        title = f"转办登记簿（{since.isoformat()} 至 {until.isoformat()}）"

        def write() -> int | OSError:
            from desk_app.reports.centre_xlsx import write_transfer_register_xlsx

            entries = store.transfer_register(since=since, until=until)
            try:
                return write_transfer_register_xlsx(target, entries, title=title, made_at=store.clock())
            except OSError as exc:
                return exc

        DbOp(write, parent=self).success(lambda r: self._exported(target, r)).failure(
            lambda exc: self.result_label.setText(describe_error(exc))
        ).run()

    def _exported(self, target: Path, result: int | OSError) -> None:
        if isinstance(result, OSError):
            self.result_label.setText(file_problem_text(result))
            return
        self.result_label.setText(
            self.tr("%1 transfers written to %2").replace("%1", str(result)).replace("%2", target.name)
        )
