"""The campaign board's dialogs (流动工作站活动, issue 14): set a campaign up or change it (the
office's: topic, period, note, deputies, places, result measures), and record its work: an
activity (明察暗访, 座谈会, 调研, 走访), a count of a result measure, a deputy's suggestion drafted
from its problems.

Every save runs through DbOp; a refused save (storage CampaignRefused, or any error the clerk can
act on) keeps what was typed and says why, next to the field and in the dialog's banner.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import campaigns as rules
from desk_app.domain.campaigns import (
    ActivityDraft,
    ActivityKind,
    CampaignDraft,
    MeasureDraft,
    PlaceDraft,
    PlaceKind,
)
from desk_app.domain.suggestions import SuggestionDraft as DeputySuggestionDraft
from desk_app.storage.campaign_store import (
    ActivityInfo,
    CampaignInfo,
    CampaignRefused,
    CampaignStore,
    MeasureInfo,
    PlaceInfo,
    ProblemRow,
    SuggestionInfo,
)
from desk_app.storage.errors import ValidationFailed
from desk_app.storage.records import DeputyInfo
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.labels import deputy_text, label, label_of
from desk_app.ui.kit.widgets import INVALID_STYLE, Banner, FieldErrors, hint, with_error
from desk_app.ui.messages import campaign_problem_text, describe_error, field_problem_text
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession


def date_box(value: date, name: str) -> QDateEdit:
    edit = QDateEdit(qdate(value))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def place_text(name: str, kind: str) -> str:
    """A place as the lists show it: 五星小区（小区）, North Lake (Residential estate)."""
    return (
        QCoreApplication.translate("Labels", "%1 (%2)")
        .replace("%1", name)
        .replace("%2", label_of(PlaceKind, kind))
    )


def deputy_list(deputies: Sequence[DeputyInfo], checked: Sequence[str] = ()) -> QListWidget:
    """The roster as a checkable list (data: the deputy's id)."""
    box = QListWidget()
    box.setObjectName("deputyList")
    for d in deputies:
        item = QListWidgetItem(deputy_text(d.name, d.level))
        item.setData(Qt.ItemDataRole.UserRole, d.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if d.id in checked else Qt.CheckState.Unchecked)
        box.addItem(item)
    box.setMinimumHeight(90)
    return box


def checked_ids(box: QListWidget) -> tuple[str, ...]:
    return tuple(
        str(box.item(i).data(Qt.ItemDataRole.UserRole))
        for i in range(box.count())
        if box.item(i).checkState() == Qt.CheckState.Checked
    )


def set_checked(box: QListWidget, ids: Sequence[str]) -> None:
    for i in range(box.count()):
        item = box.item(i)
        on = item.data(Qt.ItemDataRole.UserRole) in ids
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


class CampaignRecordDialog(QDialog):
    """A form saving one campaign record; `saved` carries what the store returned."""

    saved = Signal(object)

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(INVALID_STYLE)
        self.setSizeGripEnabled(True)
        self.session = session
        self.camp = CampaignStore(session.store)
        self.by = session.operator.id
        self._busy = False
        self.errors = FieldErrors()
        self.banner = Banner(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.save_button.setText(self.tr("Save"))
        self.save_button.setDefault(True)
        self.cancel_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(self.banner)
        outer.addLayout(self.form)
        outer.addWidget(self.buttons)

    def add_field(self, caption: str, field: str, widget: QWidget) -> None:
        err = self.errors.add(field, widget)
        self.form.addRow(caption, with_error(widget, err))

    def today(self) -> date:
        return self.session.store.today()

    def write(self) -> Callable[[], Any]:
        raise NotImplementedError

    @property
    def busy(self) -> bool:
        return self._busy

    def submit(self) -> None:
        if self._busy:
            return
        self.errors.clear()
        self.banner.setVisible(False)
        fn = self.write()
        self._set_busy(True)
        DbOp(fn, parent=self).success(self._succeeded).failure(self._failed).always(
            lambda: self._set_busy(False)
        ).run()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)

    def _succeeded(self, result: object) -> None:
        self.saved.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, CampaignRefused):
            for e in exc.errors:
                # A field this form does not show: the banner names it.
                with suppress(KeyError):
                    self.errors.set(e.field, campaign_problem_text(e.problem))
        self.banner.show_message(describe_error(exc), ok=False)

    def reject(self) -> None:
        if self._busy:
            return  # a save on its way: wait for its answer
        super().reject()


@dataclass
class _Row:
    """A place or measure as the setup form holds it: `id` None for a new one; `saved` its
    values in the store (None for a new one), `values` what the form has now."""

    id: str | None
    values: tuple[str, str]  # (name, kind) of a place, (name, unit) of a measure
    saved: tuple[str, str] | None = None


class _ItemEditor(QWidget):
    """The places (or measures) of the setup form: a list with the fields of one entry above it;
    Add makes a new entry, choosing one in the list fills the fields, Change puts them back into
    it, Remove takes it out. Nothing is saved until the dialog is."""

    def __init__(
        self,
        fields: Sequence[QWidget],
        add_text: str,
        change_text: str,
        remove_text: str,
        rows: Sequence[_Row],
        show: Callable[[tuple[str, str]], str],
        names: tuple[str, str, str, str],
    ) -> None:
        super().__init__()
        self.show_text = show
        self.rows = list(rows)
        self.removed: list[_Row] = []
        self.add_button = QPushButton(add_text)
        self.change_button = QPushButton(change_text)
        self.remove_button = QPushButton(remove_text)
        self.list = QListWidget()
        self.list.setMaximumHeight(90)
        for widget, name in zip(
            (self.add_button, self.change_button, self.remove_button, self.list), names, strict=True
        ):
            widget.setObjectName(name)
        row = QHBoxLayout()
        for i, f in enumerate(fields):
            row.addWidget(f, 1 if i == 0 else 0)
        for b in (self.add_button, self.change_button, self.remove_button):
            row.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.list)
        for r in self.rows:
            self.list.addItem(show(r.values))
        self.list.currentRowChanged.connect(self._chosen)
        self._chosen(-1)

    def _chosen(self, index: int) -> None:
        self.change_button.setEnabled(index >= 0)
        self.remove_button.setEnabled(index >= 0)

    def current(self) -> int:
        return self.list.currentRow() if self.list.currentItem() is not None else -1

    def names(self, *, but: int = -1) -> list[str]:
        return [r.values[0] for i, r in enumerate(self.rows) if i != but]

    def add(self, values: tuple[str, str]) -> None:
        self.rows.append(_Row(None, values))
        self.list.addItem(self.show_text(values))

    def change(self, index: int, values: tuple[str, str]) -> None:
        self.rows[index].values = values
        item = self.list.item(index)
        item.setText(self.show_text(values))

    def remove(self, index: int) -> None:
        row = self.rows.pop(index)
        if row.id is not None:
            self.removed.append(row)
        self.list.takeItem(index)
        self.list.setCurrentRow(-1)
        self._chosen(-1)

    def new(self) -> list[tuple[str, str]]:
        return [r.values for r in self.rows if r.id is None]

    def changed(self) -> dict[str, tuple[str, str]]:
        return {r.id: r.values for r in self.rows if r.id is not None and r.values != r.saved}

    def removed_ids(self) -> list[str]:
        return [r.id for r in self.removed if r.id is not None]

    def restore(self, name: str) -> None:
        """Put a removed entry back (the store refused its removal)."""
        for row in [r for r in self.removed if r.saved is not None and r.saved[0] == name]:
            self.removed.remove(row)
            self.rows.append(row)
            self.list.addItem(self.show_text(row.values))


class CampaignSetupDialog(CampaignRecordDialog):
    """新建活动 / 修改活动: topic, period, note, deputies, places and result measures. Places and
    measures are added, changed (chosen in the list: name and kind, name and unit) and removed
    here, and saved with the campaign in one transaction; a place or measure the campaign's
    records already use is not removed (the store says why and nothing is saved)."""

    def __init__(
        self,
        session: DeskSession,
        deputies: Sequence[DeputyInfo],
        *,
        campaign: CampaignInfo | None = None,
        places: Sequence[PlaceInfo] = (),
        measures: Sequence[MeasureInfo] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.campaign = campaign
        self.setObjectName("campaignSetupDialog")
        self.setWindowTitle(self.tr("New campaign") if campaign is None else self.tr("Change campaign"))

        self.topic = QLineEdit(campaign.topic if campaign else "")
        self.topic.setObjectName("topicEdit")
        self.topic.setPlaceholderText(self.tr("What the campaign is about"))
        start = campaign.starts_on if campaign else self.today()
        self.starts_on = date_box(start, "startsOnEdit")
        end = campaign.ends_on if campaign and campaign.ends_on else date(start.year, 12, 31)
        self.ends_on = date_box(end, "endsOnEdit")
        self.note = QPlainTextEdit(campaign.note if campaign else "")
        self.note.setObjectName("noteEdit")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(70)
        self.deputies = deputy_list(deputies, campaign.deputy_ids if campaign else ())

        self.place_name = QLineEdit()
        self.place_name.setObjectName("placeNameEdit")
        self.place_name.setPlaceholderText(self.tr("Place name"))
        self.place_kind = QComboBox()
        self.place_kind.setObjectName("placeKindChoice")
        for k in PlaceKind:
            self.place_kind.addItem(label(k), k.value)
        self.place_editor = _ItemEditor(
            (self.place_name, self.place_kind),
            self.tr("Add place"),
            self.tr("Change place"),
            self.tr("Remove place"),
            [_Row(p.id, (p.name, p.kind), (p.name, p.kind)) for p in places],
            lambda v: place_text(v[0], v[1]),
            ("addPlaceButton", "changePlaceButton", "removePlaceButton", "placeList"),
        )
        self.add_place_button = self.place_editor.add_button
        self.change_place_button = self.place_editor.change_button
        self.remove_place_button = self.place_editor.remove_button
        self.places = self.place_editor.list

        self.measure_name = QLineEdit()
        self.measure_name.setObjectName("measureNameEdit")
        self.measure_name.setPlaceholderText(self.tr("Result measure"))
        self.measure_unit = QLineEdit()
        self.measure_unit.setObjectName("measureUnitEdit")
        self.measure_unit.setPlaceholderText(self.tr("Unit"))
        self.measure_unit.setMaximumWidth(80)
        self.measure_editor = _ItemEditor(
            (self.measure_name, self.measure_unit),
            self.tr("Add measure"),
            self.tr("Change measure"),
            self.tr("Remove measure"),
            [_Row(m.id, (m.name, m.unit), (m.name, m.unit)) for m in measures],
            lambda v: f"{v[0]} {v[1]}".rstrip(),
            ("addMeasureButton", "changeMeasureButton", "removeMeasureButton", "measureList"),
        )
        self.add_measure_button = self.measure_editor.add_button
        self.change_measure_button = self.measure_editor.change_button
        self.remove_measure_button = self.measure_editor.remove_button
        self.measures = self.measure_editor.list

        self.add_field(self.tr("Topic"), "topic", self.topic)
        self.add_field(self.tr("Starts on"), "starts_on", self.starts_on)
        self.add_field(self.tr("Ends on"), "ends_on", self.ends_on)
        self.add_field(self.tr("Note"), "note", self.note)
        self.add_field(self.tr("Deputies"), "deputies", self.deputies)
        self.add_field(self.tr("Places"), "place_name", self.place_editor)
        self.add_field(self.tr("Result measures"), "measure_name", self.measure_editor)
        self.form.addRow(
            hint(
                self.tr(
                    "Choose a place or measure in its list to change or remove it. One used by "
                    "activities, problems or counts cannot be removed."
                )
            )
        )
        self.errors.clear_on("topic", self.topic.textChanged)
        self.add_place_button.clicked.connect(self.add_place)
        self.change_place_button.clicked.connect(self.change_place)
        self.remove_place_button.clicked.connect(self.remove_place)
        self.add_measure_button.clicked.connect(self.add_measure)
        self.change_measure_button.clicked.connect(self.change_measure)
        self.remove_measure_button.clicked.connect(self.remove_measure)
        self.place_name.returnPressed.connect(self.add_place)
        self.measure_name.returnPressed.connect(self.add_measure)
        self.places.currentRowChanged.connect(self._place_chosen)
        self.measures.currentRowChanged.connect(self._measure_chosen)

    # -- places -------------------------------------------------------------------------------

    def _place_draft(self) -> PlaceDraft:
        return PlaceDraft(self.place_name.text().strip(), str(self.place_kind.currentData()))

    def _place_chosen(self, index: int) -> None:
        if index < 0 or index >= len(self.place_editor.rows):
            return
        name, kind = self.place_editor.rows[index].values
        self.place_name.setText(name)
        self.place_kind.setCurrentIndex(max(0, self.place_kind.findData(kind)))

    def _place_ok(self, draft: PlaceDraft, but: int = -1) -> bool:
        errors = rules.validate_place(draft, self.place_editor.names(but=but))
        if errors:
            self.errors.set("place_name", campaign_problem_text(errors[0].problem))
            return False
        self.errors.clear("place_name")
        return True

    def add_place(self) -> None:
        draft = self._place_draft()
        if self._place_ok(draft):
            self.place_editor.add((draft.name, str(draft.kind)))
            self.places.setCurrentRow(-1)
            self.place_name.clear()

    def change_place(self) -> None:
        index, draft = self.place_editor.current(), self._place_draft()
        if index >= 0 and self._place_ok(draft, but=index):
            self.place_editor.change(index, (draft.name, str(draft.kind)))

    def remove_place(self) -> None:
        index = self.place_editor.current()
        if index >= 0:
            self.place_editor.remove(index)
            self.place_name.clear()

    # -- measures -----------------------------------------------------------------------------

    def _measure_draft(self) -> MeasureDraft:
        return MeasureDraft(self.measure_name.text().strip(), self.measure_unit.text().strip())

    def _measure_chosen(self, index: int) -> None:
        if index < 0 or index >= len(self.measure_editor.rows):
            return
        name, unit = self.measure_editor.rows[index].values
        self.measure_name.setText(name)
        self.measure_unit.setText(unit)

    def _measure_ok(self, draft: MeasureDraft, but: int = -1) -> bool:
        errors = rules.validate_measure(draft, self.measure_editor.names(but=but))
        if errors:
            self.errors.set("measure_name", campaign_problem_text(errors[0].problem))
            return False
        self.errors.clear("measure_name")
        return True

    def add_measure(self) -> None:
        draft = self._measure_draft()
        if self._measure_ok(draft):
            self.measure_editor.add((draft.name, draft.unit))
            self.measures.setCurrentRow(-1)
            self.measure_name.clear()
            self.measure_unit.clear()

    def change_measure(self) -> None:
        index, draft = self.measure_editor.current(), self._measure_draft()
        if index >= 0 and self._measure_ok(draft, but=index):
            self.measure_editor.change(index, (draft.name, draft.unit))

    def remove_measure(self) -> None:
        index = self.measure_editor.current()
        if index >= 0:
            self.measure_editor.remove(index)
            self.measure_name.clear()
            self.measure_unit.clear()

    # -- saving -------------------------------------------------------------------------------

    def _failed(self, exc: BaseException) -> None:
        in_use_of = getattr(exc, "in_use_of", None)  # storage CampaignItemInUse: it stays
        if in_use_of is not None:
            editor = self.place_editor if in_use_of == "place" else self.measure_editor
            editor.restore(str(getattr(exc, "name", "")))
        super()._failed(exc)

    def draft(self) -> CampaignDraft:
        return CampaignDraft(
            self.topic.text(),
            pydate(self.starts_on.date()),
            pydate(self.ends_on.date()),
            self.note.toPlainText(),
            checked_ids(self.deputies),
        )

    def write(self) -> Callable[[], str]:
        camp, by, draft = self.camp, self.by, self.draft()
        campaign_id = self.campaign.id if self.campaign else None
        pe, me = self.place_editor, self.measure_editor
        places = [PlaceDraft(n, k) for n, k in pe.new()]
        measures = [MeasureDraft(n, u) for n, u in me.new()]
        changed_places = {i: PlaceDraft(n, k) for i, (n, k) in pe.changed().items()}
        changed_measures = {i: MeasureDraft(n, u) for i, (n, u) in me.changed().items()}
        removed_places, removed_measures = pe.removed_ids(), me.removed_ids()

        def save() -> str:
            # Checked first, all of it, so every refused field is named at once; then one
            # transaction: a refusal part-way (a place in use) saves nothing, so saving again
            # never doubles anything.
            errors = rules.validate_campaign(draft)
            if errors:
                raise CampaignRefused(errors)
            return camp.save_campaign(
                draft,
                by=by,
                campaign_id=campaign_id,
                places=places,
                measures=measures,
                changed_places=changed_places,
                changed_measures=changed_measures,
                removed_places=removed_places,
                removed_measures=removed_measures,
            )

        return save


class ActivityDialog(CampaignRecordDialog):
    """记录活动: an inspection, forum, survey or visit of the campaign; with `activity`, that one
    recorded before, to correct it (修改活动记录)."""

    def __init__(
        self,
        session: DeskSession,
        campaign: CampaignInfo,
        places: Sequence[PlaceInfo],
        deputies: Sequence[DeputyInfo],
        parent: QWidget | None = None,
        *,
        activity: ActivityInfo | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.campaign = campaign
        self.activity = activity
        self.setObjectName("activityDialog")
        self.setWindowTitle(
            self.tr("Record an activity") if activity is None else self.tr("Change an activity")
        )
        self.form.addRow(hint(campaign.topic))
        self.kind = QComboBox()
        self.kind.setObjectName("kindChoice")
        for k in ActivityKind:
            self.kind.addItem(label(k), k.value)
        self.day = date_box(activity.day if activity else self.today(), "dayEdit")
        self.place = QComboBox()
        self.place.setObjectName("placeChoice")
        self.place.setEditable(True)
        for p in places:
            self.place.addItem(p.name, p.id)
        self.place.setCurrentIndex(-1)
        self.place.lineEdit().setPlaceholderText(self.tr("One of the campaign's places, or any place"))
        self.subject = QLineEdit()
        self.subject.setObjectName("subjectEdit")
        self.attendees = QLineEdit()
        self.attendees.setObjectName("attendeesEdit")
        self.attendees.setPlaceholderText(self.tr("Who attended"))
        self.headcount = QSpinBox()
        self.headcount.setObjectName("headcountEdit")
        self.headcount.setRange(0, rules.MAX_PEOPLE)
        self.people_met = QSpinBox()
        self.people_met.setObjectName("peopleMetEdit")
        self.people_met.setRange(0, rules.MAX_PEOPLE)
        self.deputies = deputy_list(deputies, activity.deputy_ids if activity else ())
        self.note = QPlainTextEdit()
        self.note.setObjectName("noteEdit")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(60)
        if activity is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(activity.kind)))
            index = self.place.findData(activity.place_id) if activity.place_id else -1
            if index >= 0:
                self.place.setCurrentIndex(index)
            else:
                self.place.setEditText(activity.place)
            self.subject.setText(activity.subject)
            self.attendees.setText(activity.attendees)
            self.headcount.setValue(activity.headcount)
            self.people_met.setValue(activity.people_met)
            self.note.setPlainText(activity.note)
        self.add_field(self.tr("Kind"), "kind", self.kind)
        self.add_field(self.tr("Day"), "day", self.day)
        self.add_field(self.tr("Place"), "place_text", self.place)
        self.add_field(self.tr("Subject"), "subject", self.subject)
        self.add_field(self.tr("Attendees"), "attendees", self.attendees)
        self.add_field(self.tr("Headcount"), "headcount", self.headcount)
        self.add_field(self.tr("People met"), "people_met", self.people_met)
        self.add_field(self.tr("Deputies"), "deputies", self.deputies)
        self.add_field(self.tr("Note"), "note", self.note)
        self.errors.clear_on("day", self.day.dateChanged)

    def draft(self) -> ActivityDraft:
        text = self.place.currentText().strip()
        index = self.place.findText(text) if text else -1
        place_id = str(self.place.itemData(index)) if index >= 0 else None
        return ActivityDraft(
            str(self.kind.currentData()),
            pydate(self.day.date()),
            place_id=place_id,
            place_text="" if place_id else text,
            subject=self.subject.text(),
            attendees=self.attendees.text(),
            headcount=self.headcount.value(),
            people_met=self.people_met.value(),
            deputy_ids=checked_ids(self.deputies),
            note=self.note.toPlainText(),
        )

    def write(self) -> Callable[[], str]:
        camp, by, cid, draft = self.camp, self.by, self.campaign.id, self.draft()
        if self.activity is None:
            return lambda: camp.record_activity(cid, draft, by=by)
        activity_id = self.activity.id

        def change() -> str:
            camp.change_activity(activity_id, draft, by=by)
            return activity_id

        return change


class CountDialog(CampaignRecordDialog):
    """记录成效: add a count to one of the campaign's result measures."""

    def __init__(
        self,
        session: DeskSession,
        campaign: CampaignInfo,
        measures: Sequence[MeasureInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.setObjectName("countDialog")
        self.setWindowTitle(self.tr("Record a result"))
        self.form.addRow(hint(campaign.topic))
        self.measure = QComboBox()
        self.measure.setObjectName("measureChoice")
        for m in measures:
            self.measure.addItem(f"{m.name} {m.unit}".rstrip(), m.id)
        self.day = date_box(self.today(), "dayEdit")
        self.amount = QSpinBox()
        self.amount.setObjectName("amountEdit")
        self.amount.setRange(0, rules.MAX_AMOUNT)
        self.note = QLineEdit()
        self.note.setObjectName("noteEdit")
        self.add_field(self.tr("Result measure"), "measure", self.measure)
        self.add_field(self.tr("Day"), "day", self.day)
        self.add_field(self.tr("Amount"), "amount", self.amount)
        self.add_field(self.tr("Note"), "note", self.note)
        if not measures:
            self.banner.show_message(
                self.tr("This campaign has no result measures: add them with Change campaign…"), ok=False
            )
            self.save_button.setEnabled(False)

    def submit(self) -> None:
        if self.measure.count():  # no measure, nothing to count (Save is disabled)
            super().submit()

    def write(self) -> Callable[[], str]:
        camp, by = self.camp, self.by
        measure_id = str(self.measure.currentData())
        day, amount, note = pydate(self.day.date()), self.amount.value(), self.note.text()
        return lambda: camp.record_count(measure_id, day=day, amount=amount, by=by, note=note)


class SuggestionDialog(CampaignRecordDialog):
    """起草建议: a deputy's suggestion drafted from the campaign's problems (chosen in its problem
    list), tagged with the campaign: numbered, sent to a bureau, answered and rated like any
    suggestion (the Meetings page's suggestions). With `record`, a suggestion the campaign
    recorded before the link becomes a deputy's suggestion (its title and content offered)."""

    def __init__(
        self,
        session: DeskSession,
        campaign: CampaignInfo,
        problems: Sequence[ProblemRow],
        deputies: Sequence[DeputyInfo],
        parent: QWidget | None = None,
        *,
        record: SuggestionInfo | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.campaign = campaign
        self.record = record
        self.problem_rows = list(problems)
        self.setObjectName("suggestionDialog")
        self.setWindowTitle(self.tr("Draft a suggestion"))
        self.form.addRow(hint(campaign.topic))
        self.day = date_box(record.day if record else self.today(), "dayEdit")
        self.deputy = QComboBox()
        self.deputy.setObjectName("deputyChoice")
        ours = set(campaign.deputy_ids)
        for d in sorted(deputies, key=lambda d: d.id not in ours):  # the campaign's deputies first
            self.deputy.addItem(deputy_text(d.name, d.level), d.id)
        self.title = QLineEdit(record.title if record else "")
        self.title.setObjectName("titleEdit")
        self.problems = QListWidget()
        self.problems.setObjectName("problemList")
        self.problems.setMinimumHeight(120)
        for i, pr in enumerate(self.problem_rows, start=1):
            text = f"{i}. {pr.received_at.date().isoformat()} {pr.place} {pr.content}".replace("  ", " ")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, pr.case_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.problems.addItem(item)
        self.fill_button = QPushButton(self.tr("Draft the text from the chosen problems"))
        self.fill_button.setObjectName("fillFromProblemsButton")
        problem_box = QWidget()
        problem_layout = QVBoxLayout(problem_box)
        problem_layout.setContentsMargins(0, 0, 0, 0)
        problem_layout.addWidget(self.problems)
        problem_layout.addWidget(self.fill_button)
        self.content = QPlainTextEdit(record.content if record else "")
        self.content.setObjectName("contentEdit")
        self.content.setTabChangesFocus(True)
        self.content.setMinimumHeight(90)
        self.add_field(self.tr("Day"), "day", self.day)
        self.add_field(self.tr("Deputy"), "deputy_id", self.deputy)
        self.add_field(self.tr("Title"), "title", self.title)
        self.add_field(self.tr("Problems"), "reception_ids", problem_box)
        self.add_field(self.tr("Content"), "body", self.content)
        self.form.addRow(
            hint(
                self.tr(
                    "It is numbered when the office sends it to a bureau (Meetings page, Deputies' suggestions)."
                )
            )
        )
        self.errors.clear_on("title", self.title.textChanged)
        self.fill_button.clicked.connect(self.fill_from_problems)
        if not self.problem_rows:
            self.banner.show_message(
                self.tr("This campaign has no problems yet: a suggestion is drafted from its problems."),
                ok=False,
            )
        if not deputies:
            self.banner.show_message(self.tr("The roster has no deputies: add the deputy first."), ok=False)

    def chosen_cases(self) -> tuple[str, ...]:
        return checked_ids(self.problems)

    def choose(self, rows: Sequence[int]) -> None:
        """Check the problems at these 0-based rows (what a click on each box does)."""
        for i in rows:
            self.problems.item(i).setCheckState(Qt.CheckState.Checked)

    def fill_from_problems(self) -> None:
        """Put the chosen problems into the content as a numbered list, after what is typed."""
        chosen = set(self.chosen_cases())
        lines = [
            f"{n}. {(pr.place + '：') if pr.place else ''}{pr.content}"
            for n, pr in enumerate((pr for pr in self.problem_rows if pr.case_id in chosen), start=1)
        ]
        if not lines:
            self.errors.set("reception_ids", self.tr("Choose the problems first."))
            return
        self.errors.clear("reception_ids")
        head = self.content.toPlainText().rstrip()
        intro = self.tr("The campaign found these problems:")
        self.content.setPlainText("\n".join(([head, ""] if head else []) + [intro, *lines]))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            for e in exc.errors:
                with suppress(KeyError):
                    self.errors.set(e.field, field_problem_text(e.problem))
        super()._failed(exc)

    def write(self) -> Callable[[], str]:
        camp, by, cid = self.camp, self.by, self.campaign.id
        draft = DeputySuggestionDraft(
            str(self.deputy.currentData() or ""),
            self.title.text(),
            self.content.toPlainText(),
            self.chosen_cases(),
        )
        day, record_id = pydate(self.day.date()), self.record.id if self.record else None
        return lambda: camp.draft_suggestion(cid, draft, by=by, day=day, record_id=record_id)
