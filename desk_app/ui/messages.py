"""Plain-language messages for everything the desk refuses or cannot do."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desk_app.domain.lifecycle import IllegalMove, Refusal
from desk_app.domain.validation import FieldProblem
from desk_app.storage.errors import (
    DuplicateName,
    NoSerialLeft,
    NotFound,
    SignInRefused,
    StorageProblem,
    StorageUnavailable,
    ValidationFailed,
)

_CTX = "Messages"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


_REFUSALS = {
    Refusal.CASE_CLOSED_ON_SITE: QT_TRANSLATE_NOOP("Messages", "This case was resolved on the spot and is already closed."),
    Refusal.CASE_SIGNED_OFF: QT_TRANSLATE_NOOP("Messages", "This case is already signed off."),
    Refusal.ALREADY_REFERRED: QT_TRANSLATE_NOOP("Messages", "This case already has an open referral slip in this round."),
    Refusal.NOT_REFERRED: QT_TRANSLATE_NOOP("Messages", "This case has not been referred yet: issue a referral slip first."),
    Refusal.ALREADY_REPLIED: QT_TRANSLATE_NOOP("Messages", "The handling unit's reply for this round is already recorded."),
    Refusal.NO_REPLY_YET: QT_TRANSLATE_NOOP("Messages", "The handling unit has not replied yet: record the reply before calling back."),
    Refusal.CALLBACK_ALREADY_DONE: QT_TRANSLATE_NOOP("Messages", "The callback for this round is already recorded."),
    Refusal.NO_CALLBACK_YET: QT_TRANSLATE_NOOP("Messages", "A case can be signed off only after the citizen has been called back and was satisfied."),
    Refusal.CITIZEN_DISSATISFIED: QT_TRANSLATE_NOOP("Messages", "The citizen was dissatisfied: start a second round of supervision instead of signing off."),
    Refusal.VERDICT_REQUIRED: QT_TRANSLATE_NOOP("Messages", "Choose the citizen's verdict."),
}

_STORAGE = {
    StorageProblem.BUSY: QT_TRANSLATE_NOOP("Messages", "The database is busy with another task. Wait a moment and save again; what you typed is kept."),
    StorageProblem.DISK_FULL: QT_TRANSLATE_NOOP("Messages", "The disk is full, so nothing could be saved. Free some space and save again; what you typed is kept."),
    StorageProblem.READ_ONLY: QT_TRANSLATE_NOOP("Messages", "The data folder is read-only, so nothing could be saved. Ask for write access to the folder; what you typed is kept."),
    StorageProblem.CORRUPT: QT_TRANSLATE_NOOP("Messages", "The database file is damaged. Nothing was changed. Restore it from a backup or ask for help."),
    StorageProblem.CANNOT_OPEN: QT_TRANSLATE_NOOP("Messages", "The database file cannot be opened. Check that the data folder exists and is reachable."),
    StorageProblem.TOO_NEW: QT_TRANSLATE_NOOP("Messages", "This data was written by a newer version of Station Desk. Install the newer version to open it."),
}

_FIELD_PROBLEMS = {
    FieldProblem.REQUIRED: QT_TRANSLATE_NOOP("Messages", "This must be filled in."),
    FieldProblem.BAD_PHONE: QT_TRANSLATE_NOOP("Messages", "Not a valid phone number: use an 11-digit mobile number or a landline such as 0376-1234567."),
    FieldProblem.TOO_LONG: QT_TRANSLATE_NOOP("Messages", "This is too long."),
    FieldProblem.IN_FUTURE: QT_TRANSLATE_NOOP("Messages", "This date is in the future."),
    FieldProblem.UNKNOWN_CHOICE: QT_TRANSLATE_NOOP("Messages", "Choose one of the listed entries."),
    FieldProblem.OUT_OF_RANGE: QT_TRANSLATE_NOOP("Messages", "This value is out of range."),
    FieldProblem.BEFORE_START: QT_TRANSLATE_NOOP("Messages", "This date is earlier than the step before it."),
}


def field_problem_text(problem: FieldProblem) -> str:
    return _tr(_FIELD_PROBLEMS[problem])


def refusal_text(refusal: Refusal) -> str:
    return _tr(_REFUSALS[refusal])


def describe_error(exc: BaseException) -> str:
    """One or two sentences in the user's language about an error they can act on."""
    if isinstance(exc, IllegalMove):
        return refusal_text(exc.refusal)
    if isinstance(exc, StorageUnavailable):
        return _tr(_STORAGE[exc.problem])
    if isinstance(exc, ValidationFailed):
        return _tr(QT_TRANSLATE_NOOP("Messages", "Some fields need correcting; see the marked fields."))
    if isinstance(exc, SignInRefused):
        return _tr(QT_TRANSLATE_NOOP("Messages", "Wrong name or PIN."))
    if isinstance(exc, DuplicateName):
        return _tr(QT_TRANSLATE_NOOP("Messages", "An entry named \u201c%1\u201d already exists.")).replace("%1", exc.name)
    if isinstance(exc, NoSerialLeft):
        return _tr(QT_TRANSLATE_NOOP("Messages", "No slip numbers are left on this desk for the year. Connect to the "
                                     "network and sync, so the central server can grant new numbers; nothing was saved."))
    if isinstance(exc, NotFound):
        return _tr(QT_TRANSLATE_NOOP("Messages", "The record no longer exists; the list will be refreshed."))
    return str(exc)


def show_problem(parent: QWidget | None, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, _tr(QT_TRANSLATE_NOOP("Messages", "Station Desk")), text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("problemBox")
    box.open()


def show_bug(parent: QWidget | None, details: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        _tr(QT_TRANSLATE_NOOP("Messages", "Station Desk")),
        _tr(QT_TRANSLATE_NOOP("Messages", "Something went wrong inside Station Desk. Nothing was saved by this step. "
                              "Please report it with the details below.")),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("bugBox")
    box.setDetailedText(details)
    box.open()
