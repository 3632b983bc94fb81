"""The case view's 类案 box (issue 14): the class the case is in, its members, and the class's moves.

Shows the class's subject, who formed it and when, its member cases (double-click opens one),
its class slips and, once settled, the rule or measure that solved it. The buttons follow the
signed-in operator's role (domain.permissions; the store checks again): anyone who registers may
put the case into a class; the office takes it out, refers the class together (one slip to one
unit, the members' list attached: reports/class_slip_pdf.py), records the unit's reply to the
class slip on the members still waiting for it, and settles the class. Callbacks and 销号 stay
each case's own (domain/classes.py). Every read and write goes through DbOp.
"""

from __future__ import annotations

import io
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import classes
from desk_app.domain.lifecycle import CaseStatus
from desk_app.domain.permissions import Action, permits
from desk_app.domain.validation import ReferralDraft
from desk_app.reports.class_slip_pdf import print_class_slip
from desk_app.storage.class_reads import ClassInfo
from desk_app.storage.class_store import ClassStore
from desk_app.storage.drafts import case_key
from desk_app.storage.errors import ValidationFailed
from desk_app.storage.records import HandlingUnitInfo
from desk_app.ui.drafts import DraftKeeper, field_widgets, set_value, user_edits, value_of
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.labels import label_of
from desk_app.ui.kit.widgets import Banner, heading
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.print_preview import PdfPreviewDialog
from desk_app.ui.session import DeskSession

NEW_CLASS = "__new__"


def _problem(exc: BaseException) -> str:
    if isinstance(exc, ValidationFailed):
        return classes.field_errors_zh(exc.errors) or describe_error(exc)
    return describe_error(exc)


class _ClassDialog(QDialog):
    """A small form of the class box: its fields, an error line, OK and Cancel. `submit` runs the
    write through DbOp; the dialog closes on success and keeps what was typed on a refusal. What
    the operator types is kept as their draft of this dialog for this case (ui/drafts.py, as every
    move dialog does): Esc or Cancel keeps it, opening the dialog again gives it back, saving
    forgets it."""

    done_ok = Signal(object)

    def __init__(
        self, title: str, session: DeskSession, reception_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._draft_session, self._draft_case = session, reception_id
        self.drafts: DraftKeeper | None = None
        self._fields: dict[str, QWidget] = {}
        self._baseline: dict[str, Any] = {}
        self._touched: set[str] = set()
        self.form = QFormLayout()
        self.banner = Banner(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.banner)
        layout.addWidget(self.buttons)
        self._busy = False

    def write(self) -> object:  # pragma: no cover - every dialog has its own
        raise NotImplementedError

    # -- the draft ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.drafts is None:
            self._start_drafts()

    def _start_drafts(self) -> None:
        self._fields = field_widgets(self)
        self._baseline = {name: value_of(w) for name, w in self._fields.items()}
        keeper = DraftKeeper(
            self._draft_session.drafts,
            case_key(self._draft_case, self.objectName()),
            self.draft_values,
            self._clear_typing,
            self.windowTitle(),
            self,
        )
        self.drafts = keeper
        for name, widget in self._fields.items():
            for signal in user_edits(widget):
                signal.connect(lambda *_a, n=name: self._touch(n))
        draft = keeper.load()
        if draft is not None and draft.values:
            for name, value in draft.values.items():
                widget = self._fields.get(name)
                if widget is not None:
                    set_value(widget, value)
                    self._touched.add(name)
            self.banner.show_message(
                self.tr("Restored the unsaved draft (typed %1).").replace(
                    "%1", draft.saved_at.strftime("%Y-%m-%d %H:%M")
                ),
                ok=True,
            )
        keeper.start()

    def _touch(self, name: str) -> None:
        self._touched.add(name)
        if self.drafts is not None:
            self.drafts.changed()

    def draft_values(self) -> dict[str, Any] | None:
        """The fields the user changed, with their values; None when nothing differs."""
        values = {}
        for name in sorted(self._touched):
            widget = self._fields.get(name)
            if widget is not None and (value := value_of(widget)) != self._baseline.get(name):
                values[name] = value
        return values or None

    def _clear_typing(self) -> None:
        for name, value in self._baseline.items():
            set_value(self._fields[name], value)
        self._touched.clear()

    def reject(self) -> None:
        if self._busy:
            return  # a save on its way: wait for its answer
        if self.drafts is not None:
            self.drafts.save_now()
        super().reject()

    def submit(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.buttons.setEnabled(False)
        DbOp(self.write, parent=self).success(self._written).failure(self._refused).always(self._idle).run()

    def _idle(self) -> None:
        self._busy = False
        self.buttons.setEnabled(True)

    def _written(self, result: object) -> None:
        self._touched.clear()
        if self.drafts is not None:
            self.drafts.forget()
        self.done_ok.emit(result)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.banner.show_message(_problem(exc), ok=False)


class JoinClassDialog(_ClassDialog):
    """Put the case into an open class of its station, or form a new one named by the clerk."""

    def __init__(self, session: DeskSession, reception_id: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Put the case into a case class"), session, reception_id, parent)
        self.setObjectName("joinClassDialog")
        self._session, self._reception_id = session, reception_id
        self.class_combo = QComboBox()
        self.class_combo.setObjectName("classCombo")
        self.class_combo.addItem(self.tr("A new case class"), NEW_CLASS)
        self.class_combo.currentIndexChanged.connect(self._picked)
        self.subject_edit = QLineEdit()
        self.subject_edit.setObjectName("classSubject")
        self.subject_edit.setPlaceholderText(self.tr("What the cases have in common, e.g. 老旧小区加装电梯"))
        self.form.addRow(self.tr("Case class:"), self.class_combo)
        self.form.addRow(self.tr("Name of the new class:"), self.subject_edit)
        store = session.store
        DbOp(lambda: ClassStore(store).open_classes(), parent=self).success(self._fill).run()

    def _fill(self, rows: list[tuple[str, str, int]]) -> None:
        for class_id, subject, members in rows:
            self.class_combo.addItem(
                self.tr("%1 (%2 cases)").replace("%1", subject).replace("%2", str(members)), class_id
            )

    def _picked(self) -> None:
        self.subject_edit.setEnabled(self.class_combo.currentData() == NEW_CLASS)

    def write(self) -> object:
        classes_store = ClassStore(self._session.store)
        by = self._session.operator.id
        picked = self.class_combo.currentData()
        if picked == NEW_CLASS:
            return classes_store.form(self._reception_id, self.subject_edit.text(), by=by)
        classes_store.add(picked, self._reception_id, by=by)
        return picked


class ReferClassDialog(_ClassDialog):
    """Refer the class together: one unit, handler, working days, supervisor and date."""

    def __init__(
        self, session: DeskSession, info: ClassInfo, reception_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Refer the case class together"), session, reception_id, parent)
        self.setObjectName("referClassDialog")
        self._session, self._info = session, info
        waiting = [m for m in info.members if classes.waits_for_slip(m.status)]
        self.form.addRow(
            QLabel(
                self.tr("%1 of the class's %2 cases wait for a slip; they are referred on one slip.")
                .replace("%1", str(len(waiting)))
                .replace("%2", str(len(info.members)))
            )
        )
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("classUnitCombo")
        self.handler_edit = QLineEdit()
        self.handler_edit.setObjectName("classHandler")
        self.days_spin = QSpinBox()
        self.days_spin.setObjectName("classWorkingDays")
        self.days_spin.setRange(1, 365)
        self.days_spin.setValue(10)
        self.supervisor_edit = QLineEdit(session.operator.name)
        self.supervisor_edit.setObjectName("classSupervisor")
        self.date_edit = QDateEdit(qdate(session.store.today()))
        self.date_edit.setObjectName("classReferredOn")
        self.date_edit.setCalendarPopup(True)
        self.form.addRow(self.tr("Handling unit:"), self.unit_combo)
        self.form.addRow(self.tr("Handler:"), self.handler_edit)
        self.form.addRow(self.tr("Working days:"), self.days_spin)
        self.form.addRow(self.tr("Supervisor:"), self.supervisor_edit)
        self.form.addRow(self.tr("Referred on:"), self.date_edit)
        store = session.store
        DbOp(lambda: store.handling_units(), parent=self).success(self._fill).run()

    def _fill(self, units: list[HandlingUnitInfo]) -> None:
        for unit in units:
            self.unit_combo.addItem(unit.name, unit.id)

    def write(self) -> object:
        draft = ReferralDraft(
            handling_unit_id=self.unit_combo.currentData(),
            handler=self.handler_edit.text(),
            referred_on=pydate(self.date_edit.date()),
            working_days=self.days_spin.value(),
            supervisor=self.supervisor_edit.text(),
        )
        return ClassStore(self._session.store).refer_together(
            self._info.id, draft, by=self._session.operator.id
        )

    def _refused(self, exc: BaseException) -> None:
        text = getattr(exc, "message_zh", None)
        self.banner.show_message(text if isinstance(text, str) else _problem(exc), ok=False)


class ClassReplyDialog(_ClassDialog):
    """The unit's reply to the class slip, recorded on every member still waiting for it."""

    def __init__(
        self,
        session: DeskSession,
        lead_referral_id: str,
        serial: str,
        reception_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Reply to the class slip %1").replace("%1", serial), session, reception_id, parent
        )
        self.setObjectName("classReplyDialog")
        self._session, self._lead = session, lead_referral_id
        self.date_edit = QDateEdit(qdate(session.store.today()))
        self.date_edit.setObjectName("classRepliedOn")
        self.date_edit.setCalendarPopup(True)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("classReplyText")
        self.form.addRow(self.tr("Replied on:"), self.date_edit)
        self.form.addRow(self.tr("The unit's reply:"), self.text_edit)
        self.form.addRow(
            QLabel(self.tr("Each case is still called back on its own before it is signed off."))
        )

    def write(self) -> object:
        return ClassStore(self._session.store).reply_together(
            self._lead,
            replied_on=pydate(self.date_edit.date()),
            reply_text=self.text_edit.toPlainText(),
            by=self._session.operator.id,
        )


class SettleClassDialog(_ClassDialog):
    """The rule or measure that solved the class, and the day."""

    def __init__(
        self, session: DeskSession, info: ClassInfo, reception_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Settle the case class"), session, reception_id, parent)
        self.setObjectName("settleClassDialog")
        self._session, self._info = session, info
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("classSettleNote")
        self.note_edit.setPlaceholderText(self.tr("The rule or measure that solved these cases"))
        self.date_edit = QDateEdit(qdate(session.store.today()))
        self.date_edit.setObjectName("classSettledOn")
        self.date_edit.setCalendarPopup(True)
        self.form.addRow(self.tr("Rule or measure:"), self.note_edit)
        self.form.addRow(self.tr("Settled on:"), self.date_edit)
        self.form.addRow(
            QLabel(
                self.tr(
                    "Settling the class signs no case off: each case is signed off after its own satisfied callback."
                )
            )
        )

    def write(self) -> object:
        ClassStore(self._session.store).settle(
            self._info.id,
            note=self.note_edit.toPlainText(),
            settled_on=pydate(self.date_edit.date()),
            by=self._session.operator.id,
        )
        return self._info.id


class ClassBox(QWidget):
    """The 类案 box of a case view; or, made with a class id and no case (the list of classes),
    the class itself: the same moves, "take out" acting on the member picked in its list."""

    open_case_requested = Signal(str)
    # The class was read and shown (tests wait on it).
    loaded = Signal()
    # A write changed the class: the member cases' ids (the view reloads and tells the window).
    changed = Signal(list)
    # A class slip's PDF preview was opened.
    slip_previewed = Signal(object)

    def __init__(
        self,
        session: DeskSession,
        reception_id: str | None,
        parent: QWidget | None = None,
        class_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("classBox")
        self._session, self.reception_id, self.class_id = session, reception_id, class_id
        self.info: ClassInfo | None = None
        self.dialog: QDialog | None = None
        self.preview: PdfPreviewDialog | None = None
        self.summary = QLabel(self.tr("Not in a case class."))
        self.summary.setObjectName("classSummary")
        self.summary.setWordWrap(True)
        self.settled = QLabel()
        self.settled.setObjectName("classSettled")
        self.settled.setWordWrap(True)
        self.settled.setStyleSheet("color: #1e6b34;")
        self.members = QListWidget()
        self.members.setObjectName("classMembers")
        if reception_id is not None:  # the case view's narrow column; the class alone has room
            self.members.setMaximumHeight(110)
        self.members.itemActivated.connect(
            lambda item: self.open_case_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.members.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.banner = Banner(self)

        def button(text: str, name: str, slot) -> QPushButton:  # type: ignore[no-untyped-def]
            b = QPushButton(text)
            b.setObjectName(name)
            b.setAutoDefault(False)
            b.clicked.connect(slot)
            return b

        self.join_button = button(self.tr("Put into a class…"), "joinClassButton", self.open_join)
        self.remove_button = button(self.tr("Take out of the class"), "removeFromClassButton", self.remove)
        self.refer_button = button(self.tr("Refer together…"), "referClassButton", self.open_refer)
        self.reply_button = button(self.tr("Class reply…"), "classReplyButton", self.open_reply)
        self.settle_button = button(self.tr("Settle the class…"), "settleClassButton", self.open_settle)
        self.print_button = button(self.tr("Print the class slip"), "printClassSlipButton", self.print_slip)
        # Three to a row: the box sits in the case view's narrow reception column.
        row = QGridLayout()
        for n, b in enumerate(
            (
                self.join_button,
                self.refer_button,
                self.reply_button,
                self.settle_button,
                self.print_button,
                self.remove_button,
            )
        ):
            row.addWidget(b, n // 3, n % 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(self.tr("Case class"), 1.1))
        layout.addWidget(self.summary)
        layout.addWidget(self.settled)
        layout.addWidget(self.members)
        layout.addWidget(self.banner)
        layout.addLayout(row)
        self._show(None)  # the case view reads the class with the case (CaseView._loaded)

    def may(self, action: Action) -> bool:
        return permits(self._session.operator.role, action)

    # -- reading -----------------------------------------------------------------------------

    @property
    def _context(self) -> str:
        """What the box's dialogs keep their drafts under: the case, or the class shown alone."""
        return self.reception_id or self.class_id or ""

    def show_class(self, class_id: str | None) -> None:
        """The class shown alone (the list of classes); None shows nothing."""
        self.class_id = class_id
        if class_id is None:
            self._show(None)
        else:
            self.reload()

    def reload(self) -> None:
        store, rid, class_id = self._session.store, self.reception_id, self.class_id
        if rid is None and class_id is None:
            return

        def read() -> ClassInfo | None:
            if rid is not None:
                return ClassStore(store).class_of_case(rid)
            assert class_id is not None
            return ClassStore(store).class_info(class_id)

        DbOp(read, parent=self).success(self._show).failure(
            lambda exc: self.banner.show_message(describe_error(exc), ok=False)
        ).run()

    def _show(self, info: ClassInfo | None) -> None:
        self.info = info
        self.members.clear()
        self.members.setVisible(info is not None)
        self.settled.setVisible(info is not None and info.settled)
        if info is None:
            self.summary.setText(self.tr("Not in a case class."))
        else:
            self.summary.setText(
                self.tr("%1 · %2 cases · formed by %3 on %4")
                .replace("%1", info.subject)
                .replace("%2", str(len(info.members)))
                .replace("%3", info.formed_by or "—")
                .replace("%4", info.formed_at.strftime("%Y-%m-%d"))
            )
            if info.settled_on is not None:
                self.settled.setText(
                    self.tr("Settled on %1 by %2: %3")
                    .replace("%1", info.settled_on.isoformat())
                    .replace("%2", info.settled_by or "—")
                    .replace("%3", info.settle_note)
                )
            for m in info.members:
                text = " · ".join(
                    part
                    for part in (
                        m.received_at.strftime("%Y-%m-%d"),
                        m.citizen_name,
                        label_of(CaseStatus, m.status),
                        m.content[:30],
                    )
                    if part
                )
                here = self.reception_id is not None and m.reception_id == self.reception_id
                item = QListWidgetItem(("▶ " if here else "") + text)
                item.setData(Qt.ItemDataRole.UserRole, m.reception_id)
                item.setToolTip(m.content)
                self.members.addItem(item)
        self._update_buttons()
        self.loaded.emit()

    def _update_buttons(self) -> None:
        info = self.info
        office = self.may(Action.CASE_WORK)
        open_class = info is not None and not info.settled
        self.join_button.setVisible(
            info is None and self.reception_id is not None and self.may(Action.REGISTER)
        )
        self.remove_button.setVisible(open_class and office)
        # The class shown alone takes out the member picked in its list.
        self.remove_button.setEnabled(self.reception_id is not None or self._picked_member() is not None)
        waiting = info is not None and any(classes.waits_for_slip(m.status) for m in info.members)
        self.refer_button.setVisible(open_class and office and waiting)
        replying = (
            info is not None
            and bool(info.slips)
            and any(m.status == CaseStatus.REFERRED.value for m in info.members)
        )
        self.reply_button.setVisible(office and replying)
        self.settle_button.setVisible(open_class and office)
        self.print_button.setVisible(info is not None and bool(info.slips))

    # -- the moves ---------------------------------------------------------------------------

    def _open(self, dialog: _ClassDialog) -> None:
        self.dialog = dialog
        dialog.done_ok.connect(lambda _r: self._written())
        dialog.open()

    def _written(self) -> None:
        members = [m.reception_id for m in self.info.members] if self.info is not None else []
        self.changed.emit(sorted({*members, *([self.reception_id] if self.reception_id else [])}))
        self.reload()

    def _picked_member(self) -> str | None:
        item = self.members.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def open_join(self) -> None:
        if self.reception_id is not None:
            self._open(JoinClassDialog(self._session, self.reception_id, self))

    def open_refer(self) -> None:
        if self.info is not None:
            self._open(ReferClassDialog(self._session, self.info, self._context, self))

    def open_reply(self) -> None:
        if self.info is not None and self.info.slips:
            slip = self.info.slips[-1]
            self._open(
                ClassReplyDialog(self._session, slip.lead_referral_id, slip.serial, self._context, self)
            )

    def open_settle(self) -> None:
        if self.info is not None:
            self._open(SettleClassDialog(self._session, self.info, self._context, self))

    def remove(self) -> None:
        rid = self.reception_id or self._picked_member()
        if self.info is None or rid is None:
            return
        store, class_id, by = self._session.store, self.info.id, self._session.operator.id
        members = [m.reception_id for m in self.info.members]
        DbOp(lambda: ClassStore(store).remove(class_id, rid, by=by), parent=self).success(
            lambda _r: (self.changed.emit(members), self.reload())
        ).failure(lambda exc: self.banner.show_message(_problem(exc), ok=False)).run()

    def print_slip(self) -> None:
        """The latest class slip (its members' list attached) as PDF, then its preview."""
        if self.info is None or not self.info.slips:
            return
        slip = self.info.slips[-1]
        store, lead = self._session.store, slip.lead_referral_id

        def build() -> bytes:
            buffer = io.BytesIO()
            print_class_slip(store, buffer, lead)
            return buffer.getvalue()

        def built(pdf: bytes) -> None:
            title = self.tr("Class slip %1").replace("%1", slip.serial)
            self.preview = PdfPreviewDialog(pdf, title, self, suggested_name=f"{slip.serial}.pdf")
            self.preview.open()
            self.slip_previewed.emit(self.preview)

        DbOp(build, parent=self).success(built).failure(
            lambda exc: self.banner.show_message(describe_error(exc), ok=False)
        ).run()
