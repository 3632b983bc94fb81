"""The campaign board's dialogs (流动工作站活动, issue 14): set a campaign up or change it (the
office's: topic, period, note, deputies, places, result measures), and record its work: an
activity (明察暗访, 座谈会, 调研, 走访), a count of a result measure, a suggestion.

Every save runs through DbOp; a refused save (storage CampaignRefused, or any error the clerk can
act on) keeps what was typed and says why, next to the field and in the dialog's banner.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
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
    CampaignFieldError,
    MeasureDraft,
    PlaceDraft,
    PlaceKind,
    SuggestionDraft,
)
from desk_app.storage.campaign_store import (
    CampaignInfo,
    CampaignRefused,
    CampaignStore,
    MeasureInfo,
    PlaceInfo,
)
from desk_app.storage.records import DeputyInfo
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.labels import deputy_text, label, label_of
from desk_app.ui.kit.widgets import INVALID_STYLE, Banner, FieldErrors, hint, with_error
from desk_app.ui.messages import campaign_problem_text, describe_error
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


def _renamed(errors: list[CampaignFieldError], names: dict[str, str]) -> list[CampaignFieldError]:
    return [CampaignFieldError(names.get(e.field, e.field), e.problem) for e in errors]


class CampaignSetupDialog(CampaignRecordDialog):
    """新建活动 / 修改活动: topic, period, note, deputies, places and result measures. Places and
    measures already saved stay (the store keeps them); new ones are added with the campaign."""

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
        self.old_places = [p.name for p in places]
        self.old_measures = [m.name for m in measures]
        self.new_places: list[PlaceDraft] = []
        self.new_measures: list[MeasureDraft] = []

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
        self.add_place_button = QPushButton(self.tr("Add place"))
        self.add_place_button.setObjectName("addPlaceButton")
        self.places = QListWidget()
        self.places.setObjectName("placeList")
        self.places.setMaximumHeight(90)
        for p in places:
            self.places.addItem(place_text(p.name, p.kind))
        place_row = QHBoxLayout()
        place_row.addWidget(self.place_name, 1)
        place_row.addWidget(self.place_kind)
        place_row.addWidget(self.add_place_button)
        place_box = QWidget()
        place_layout = QVBoxLayout(place_box)
        place_layout.setContentsMargins(0, 0, 0, 0)
        place_layout.addLayout(place_row)
        place_layout.addWidget(self.places)

        self.measure_name = QLineEdit()
        self.measure_name.setObjectName("measureNameEdit")
        self.measure_name.setPlaceholderText(self.tr("Result measure"))
        self.measure_unit = QLineEdit()
        self.measure_unit.setObjectName("measureUnitEdit")
        self.measure_unit.setPlaceholderText(self.tr("Unit"))
        self.measure_unit.setMaximumWidth(80)
        self.add_measure_button = QPushButton(self.tr("Add measure"))
        self.add_measure_button.setObjectName("addMeasureButton")
        self.measures = QListWidget()
        self.measures.setObjectName("measureList")
        self.measures.setMaximumHeight(90)
        for m in measures:
            self.measures.addItem(f"{m.name} {m.unit}".rstrip())
        measure_row = QHBoxLayout()
        measure_row.addWidget(self.measure_name, 1)
        measure_row.addWidget(self.measure_unit)
        measure_row.addWidget(self.add_measure_button)
        measure_box = QWidget()
        measure_layout = QVBoxLayout(measure_box)
        measure_layout.setContentsMargins(0, 0, 0, 0)
        measure_layout.addLayout(measure_row)
        measure_layout.addWidget(self.measures)

        self.add_field(self.tr("Topic"), "topic", self.topic)
        self.add_field(self.tr("Starts on"), "starts_on", self.starts_on)
        self.add_field(self.tr("Ends on"), "ends_on", self.ends_on)
        self.add_field(self.tr("Note"), "note", self.note)
        self.add_field(self.tr("Deputies"), "deputies", self.deputies)
        self.add_field(self.tr("Places"), "place_name", place_box)
        self.add_field(self.tr("Result measures"), "measure_name", measure_box)
        self.form.addRow(hint(self.tr("Places and measures already saved are kept.")))
        self.errors.clear_on("topic", self.topic.textChanged)
        self.add_place_button.clicked.connect(self.add_place)
        self.add_measure_button.clicked.connect(self.add_measure)
        self.place_name.returnPressed.connect(self.add_place)
        self.measure_name.returnPressed.connect(self.add_measure)

    def add_place(self) -> None:
        draft = PlaceDraft(self.place_name.text().strip(), str(self.place_kind.currentData()))
        names = self.old_places + [p.name for p in self.new_places]
        errors = rules.validate_place(draft, names)
        if errors:
            self.errors.set("place_name", campaign_problem_text(errors[0].problem))
            return
        self.errors.clear("place_name")
        self.new_places.append(draft)
        self.places.addItem(place_text(draft.name, str(draft.kind)))
        self.place_name.clear()

    def add_measure(self) -> None:
        draft = MeasureDraft(self.measure_name.text().strip(), self.measure_unit.text().strip())
        names = self.old_measures + [m.name for m in self.new_measures]
        errors = rules.validate_measure(draft, names)
        if errors:
            self.errors.set("measure_name", campaign_problem_text(errors[0].problem))
            return
        self.errors.clear("measure_name")
        self.new_measures.append(draft)
        self.measures.addItem(f"{draft.name} {draft.unit}".rstrip())
        self.measure_name.clear()
        self.measure_unit.clear()

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
        places, measures = list(self.new_places), list(self.new_measures)

        def save() -> str:
            # Checked first, all of it (against what the store holds now): a refusal must leave
            # nothing half saved.
            errors = rules.validate_campaign(draft)
            place_names = [p.name for p in camp.places(campaign_id)] if campaign_id else []
            measure_names = [m.name for m in camp.measures(campaign_id)] if campaign_id else []
            for p in places:
                errors += _renamed(rules.validate_place(p, place_names), {"name": "place_name"})
                place_names.append(p.name)
            for m in measures:
                errors += _renamed(rules.validate_measure(m, measure_names), {"name": "measure_name"})
                measure_names.append(m.name)
            if errors:
                raise CampaignRefused(errors)
            # One transaction: a failure part-way saves nothing, so saving again never doubles it.
            return camp.save_campaign(draft, by=by, campaign_id=campaign_id, places=places, measures=measures)

        return save


class ActivityDialog(CampaignRecordDialog):
    """记录活动: an inspection, forum, survey or visit of the campaign."""

    def __init__(
        self,
        session: DeskSession,
        campaign: CampaignInfo,
        places: Sequence[PlaceInfo],
        deputies: Sequence[DeputyInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(session, parent)
        self.campaign = campaign
        self.setObjectName("activityDialog")
        self.setWindowTitle(self.tr("Record an activity"))
        self.form.addRow(hint(campaign.topic))
        self.kind = QComboBox()
        self.kind.setObjectName("kindChoice")
        for k in ActivityKind:
            self.kind.addItem(label(k), k.value)
        self.day = date_box(self.today(), "dayEdit")
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
        self.deputies = deputy_list(deputies)
        self.add_field(self.tr("Kind"), "kind", self.kind)
        self.add_field(self.tr("Day"), "day", self.day)
        self.add_field(self.tr("Place"), "place_text", self.place)
        self.add_field(self.tr("Subject"), "subject", self.subject)
        self.add_field(self.tr("Attendees"), "attendees", self.attendees)
        self.add_field(self.tr("Headcount"), "headcount", self.headcount)
        self.add_field(self.tr("People met"), "people_met", self.people_met)
        self.add_field(self.tr("Deputies"), "deputies", self.deputies)
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
        )

    def write(self) -> Callable[[], str]:
        camp, by, cid, draft = self.camp, self.by, self.campaign.id, self.draft()
        return lambda: camp.record_activity(cid, draft, by=by)


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
    """记录建议: a suggestion the campaign made."""

    def __init__(self, session: DeskSession, campaign: CampaignInfo, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.campaign = campaign
        self.setObjectName("suggestionDialog")
        self.setWindowTitle(self.tr("Record a suggestion"))
        self.form.addRow(hint(campaign.topic))
        self.day = date_box(self.today(), "dayEdit")
        self.title = QLineEdit()
        self.title.setObjectName("titleEdit")
        self.content = QPlainTextEdit()
        self.content.setObjectName("contentEdit")
        self.content.setTabChangesFocus(True)
        self.content.setMinimumHeight(90)
        self.add_field(self.tr("Day"), "day", self.day)
        self.add_field(self.tr("Title"), "title", self.title)
        self.add_field(self.tr("Content"), "content", self.content)
        self.errors.clear_on("title", self.title.textChanged)

    def write(self) -> Callable[[], str]:
        camp, by, cid = self.camp, self.by, self.campaign.id
        draft = SuggestionDraft(pydate(self.day.date()), self.title.text(), self.content.toPlainText())
        return lambda: camp.add_suggestion(cid, draft, by=by)
