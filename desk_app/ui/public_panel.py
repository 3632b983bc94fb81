"""扫码反映: the public channel's queue at the desk (issue 12).

What citizens sent from the station's and the deputies' QR codes arrives by sync. The clerk reads
each (the words, the place, the photos), then takes it into a case (a reception with channel 扫码,
the photos attached) or rejects it with a reason the citizen reads on the tracking page. Printing
the poster and the deputies' table cards starts here too.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt, Signal
from PySide6.QtGui import QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.permissions import Action, permits
from desk_app.domain.privacy import mask_phone
from desk_app.domain.public import MAX_REASON_CHARS, SubmissionState
from desk_app.domain.vocab import Verdict
from desk_app.storage.public_store import AlreadyDecided, PublicStore, SubmissionRow
from desk_app.ui.kit import labels
from desk_app.ui.kit.files import choose_save_file, file_problem_text, with_suffix
from desk_app.ui.kit.widgets import Banner, fill_combo, heading, hint
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession

THUMB = 220


def photo_label(jpeg: bytes, side: int = THUMB) -> QLabel:
    """A photo as a thumbnail (its full size as the tooltip's hint)."""
    pixmap = QPixmap()
    pixmap.loadFromData(jpeg, "JPEG")
    label = QLabel()
    label.setObjectName("publicPhoto")
    if not pixmap.isNull():
        label.setPixmap(pixmap.scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio))
        label.setToolTip(f"{pixmap.width()} × {pixmap.height()}")
    return label


class RejectDialog(QDialog):
    """The reason a submission is not taken (the citizen reads it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rejectDialog")
        self.setWindowTitle(self.tr("Do not accept"))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("rejectReason")
        self.error = QLabel()
        self.error.setObjectName("rejectError")
        self.error.setStyleSheet("color: #b3261e")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Reason (the citizen sees it on the tracking page):")))
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def _check(self) -> None:
        if not self.text():
            self.error.setText(self.tr("Write the reason."))
            return
        if len(self.text()) > MAX_REASON_CHARS:
            self.error.setText(self.tr("At most %1 characters.").replace("%1", str(MAX_REASON_CHARS)))
            return
        self.accept()


class CodesDialog(QDialog):
    """Print the station's poster and deputies' table cards: the public address and the deputies."""

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("codesDialog")
        self.setWindowTitle(self.tr("Print QR codes"))
        self.base_url = QLineEdit()
        self.base_url.setObjectName("codesBaseUrl")
        self.base_url.setPlaceholderText("https://")
        self.hours = QLineEdit()
        self.hours.setObjectName("codesHours")
        self.deputies = QListWidget()
        self.deputies.setObjectName("codesDeputies")
        self.error = QLabel()
        self.error.setObjectName("codesError")
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Public address of the central server"), self.base_url)
        form.addRow(self.tr("Reception hours (on the poster)"), self.hours)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Table cards for these deputies (ticked: on the rota this month):")))
        layout.addWidget(self.deputies)
        layout.addWidget(hint(self.tr("The codes work once the desk has synced with the central server.")))
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.written = ""
        store = session.store

        def read() -> tuple[str, list[tuple[str, str]], set[str]]:
            today = store.today()
            on_rota = {a.deputy_id for a in store.rota(today, today + timedelta(days=31))}
            return PublicStore(store).base_url(), [(d.id, d.name) for d in store.deputies()], on_rota

        DbOp(read, parent=self).success(self._fill).run()

    def _fill(self, found: tuple[str, list[tuple[str, str]], set[str]]) -> None:
        url, deputies, on_rota = found
        self.base_url.setText(url)
        for deputy_id, name in deputies:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, deputy_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if deputy_id in on_rota else Qt.CheckState.Unchecked)
            self.deputies.addItem(item)

    def chosen(self) -> list[str]:
        return [
            self.deputies.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.deputies.count())
            if self.deputies.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _save(self) -> None:
        url = self.base_url.text().strip()
        if not url.startswith(("https://", "http://")):
            self.error.setText(self.tr("Give the address citizens' phones reach, starting with https://"))
            return
        path = choose_save_file(self, self.tr("Save the QR codes"), "扫码海报.pdf", self.tr("PDF (*.pdf)"))
        if path:
            self.write_to(with_suffix(path, ".pdf"))

    def write_to(self, path: str) -> None:
        from pathlib import Path

        from desk_app.reports.documents import print_public_codes

        store, by = self.session.store, self.session.operator.id
        url, hours, ids = self.base_url.text().strip(), self.hours.text().strip(), self.chosen()
        DbOp(
            lambda: print_public_codes(store, Path(path), base_url=url, deputy_ids=ids, by=by, hours=hours),
            parent=self,
        ).success(lambda _w: self._written(path)).failure(self._failed).run()

    def _written(self, path: str) -> None:
        self.written = path
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(file_problem_text(exc) if isinstance(exc, OSError) else describe_error(exc))


class PublicPanel(QWidget):
    """The queue of submissions, one opened on the right."""

    # A submission became a case: the window opens it.
    open_case_requested = Signal(str)
    # The queue was read: how many wait (for the tab's title).
    pending_changed = Signal(int)

    STATES = (
        (SubmissionState.PENDING.value, QT_TRANSLATE_NOOP("PublicPanel", "Waiting")),
        (SubmissionState.ACCEPTED.value, QT_TRANSLATE_NOOP("PublicPanel", "Accepted")),
        (SubmissionState.REJECTED.value, QT_TRANSLATE_NOOP("PublicPanel", "Not accepted")),
    )

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.queue = PublicStore(session.store)
        self.rows: list[SubmissionRow] = []
        self.current: SubmissionRow | None = None
        self.setObjectName("publicPanel")
        self.banner = Banner()
        self.state_combo = QComboBox()
        self.state_combo.setObjectName("publicState")
        fill_combo(self.state_combo, [(self.tr(title), value) for value, title in self.STATES])
        self.state_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.codes_button = QPushButton(self.tr("Print QR codes…"))
        self.codes_button.setObjectName("publicCodes")
        self.codes_button.clicked.connect(self.open_codes_dialog)
        self.codes_button.setVisible(permits(session.operator.role, Action.DIRECTORIES))

        self.table = QTableWidget(0, 5)
        self.table.setObjectName("publicTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Sent"), self.tr("Code"), self.tr("Category"), self.tr("Matter"), self.tr("Deputy")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)

        self.detail = QLabel()
        self.detail.setObjectName("publicDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.photos = QHBoxLayout()
        photos_box = QWidget()
        photos_box.setLayout(self.photos)
        self.accept_button = QPushButton(self.tr("Accept into a case"))
        self.accept_button.setObjectName("publicAccept")
        self.accept_button.clicked.connect(self.accept_current)
        self.reject_button = QPushButton(self.tr("Do not accept…"))
        self.reject_button.setObjectName("publicReject")
        self.reject_button.clicked.connect(self.open_reject_dialog)
        self.reject_button.setVisible(permits(session.operator.role, Action.CASE_WORK))
        self.open_button = QPushButton(self.tr("Open the case"))
        self.open_button.setObjectName("publicOpenCase")
        self.open_button.clicked.connect(self._open_case)
        buttons = QHBoxLayout()
        for b in (self.accept_button, self.reject_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.detail)
        right_layout.addWidget(photos_box)
        right_layout.addLayout(buttons)
        right_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right)

        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("QR submissions")))
        top.addStretch(1)
        top.addWidget(self.state_combo)
        top.addWidget(self.refresh_button)
        top.addWidget(self.codes_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)
        self._show_detail(None)

    # -- reading ---------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        state = self.state_combo.currentData()
        queue = self.queue
        DbOp(lambda: (queue.submissions(state), queue.pending_count()), parent=self).success(
            self._read
        ).failure(self._failed).run()

    def _read(self, found: tuple[list[SubmissionRow], int]) -> None:
        rows, pending = found
        keep = self.current.id if self.current is not None else None
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [
                row.submitted_at.strftime("%Y-%m-%d %H:%M"),
                row.code,
                row.category,
                row.matter.replace("\n", " ")[:60],
                row.deputy_name,
            ]
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.pending_changed.emit(pending)
        index = next((i for i, row in enumerate(rows) if row.id == keep), 0 if rows else -1)
        if index >= 0:
            self.table.selectRow(index)
        else:
            self._show_detail(None)

    def _selected(self) -> None:
        selected = self.table.selectionModel().selectedRows()
        row = self.rows[selected[0].row()] if selected else None
        self._show_detail(row)
        if row is not None and row.photo_count:
            queue, sub_id = self.queue, row.id
            DbOp(lambda: queue.photos(sub_id), parent=self).success(self._show_photos).failure(
                self._failed
            ).run()

    def _show_detail(self, row: SubmissionRow | None) -> None:
        self.current = row
        self._clear_photos()
        pending = row is not None and row.state == SubmissionState.PENDING.value
        self.accept_button.setEnabled(pending)
        self.reject_button.setEnabled(pending)
        self.open_button.setVisible(row is not None and bool(row.case_id))
        if row is None:
            self.detail.setText(hint(self.tr("Nothing waiting.")).text())
            return
        place, phone, name = self.tr("Place"), self.tr("Phone"), self.tr("Name")
        category, deputy = self.tr("Category"), self.tr("Deputy")
        code, photos = self.tr("Tracking code"), self.tr("Photos")
        lines = [
            f"<p style='font-size:14pt'>{_html(row.matter)}</p>",
            f"<p>{place}: {_html(row.place)}</p>",
            f"<p>{phone}: {_html(mask_phone(row.phone))}　{name}: {_html(row.name or '—')}</p>",
            f"<p>{category}: {_html(row.category or '—')}　{deputy}: {_html(row.deputy_name or '—')}</p>",
            f"<p>{code}: {row.code}　{photos}: {row.photo_count}</p>",
        ]
        if row.reject_reason:
            reason = self.tr("Reason not accepted")
            lines.append(f"<p>{reason}: {_html(row.reject_reason)}</p>")
        if row.online_verdict:
            online = self.tr("Online evaluation")
            lines.append(
                f"<p>{online}: {_html(labels.label_of(Verdict, row.online_verdict))} {_html(row.online_words)}</p>"
            )
        self.detail.setText("".join(lines))

    def _clear_photos(self) -> None:
        while self.photos.count():
            item = self.photos.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def _show_photos(self, photos: list[bytes]) -> None:
        self._clear_photos()
        for jpeg in photos:
            self.photos.addWidget(photo_label(jpeg))
        self.photos.addStretch(1)

    # -- deciding --------------------------------------------------------------------------------

    def accept_current(self) -> None:
        if self.current is None:
            return
        queue, sub_id, by = self.queue, self.current.id, self.session.operator.id
        self.accept_button.setEnabled(False)
        DbOp(lambda: queue.accept(sub_id, by=by), parent=self).success(self._accepted).failure(
            self._failed
        ).run()

    def _accepted(self, case_id: str) -> None:
        self.session.events.case_changed.emit(case_id)
        self.banner.show_message(
            self.tr("Taken into a new case (channel QR code)."),
            button=self.tr("Open the case"),
            action=lambda: self.open_case_requested.emit(case_id),
        )
        self.refresh()

    def open_reject_dialog(self) -> RejectDialog | None:
        if self.current is None:
            return None
        dialog = RejectDialog(self)
        sub_id = self.current.id
        dialog.accepted.connect(lambda: self._reject(sub_id, dialog.text()))
        dialog.open()
        return dialog

    def _reject(self, sub_id: str, reason: str) -> None:
        queue, by = self.queue, self.session.operator.id
        DbOp(lambda: queue.reject(sub_id, reason, by=by), parent=self).success(
            lambda _r: (
                self.banner.show_message(self.tr("Not accepted; the citizen will see the reason.")),
                self.refresh(),
            )
        ).failure(self._failed).run()

    def _open_case(self) -> None:
        if self.current is not None and self.current.case_id:
            self.open_case_requested.emit(self.current.case_id)

    def open_codes_dialog(self) -> CodesDialog:
        dialog = CodesDialog(self.session, self)
        dialog.accepted.connect(
            lambda: self.banner.show_message(self.tr("QR codes saved: %1").replace("%1", dialog.written))
        )
        dialog.open()
        return dialog

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, AlreadyDecided):
            self.banner.show_message(self.tr("This submission was already decided."), ok=False)
            self.refresh()
            return
        self.banner.show_message(describe_error(exc), ok=False)


def _html(text: str) -> str:
    from html import escape

    return escape(text or "").replace("\n", "<br>")
