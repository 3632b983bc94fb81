"""Plain-language messages for everything the desk refuses or cannot do."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desk_app.domain.campaigns import CampaignFieldError, CampaignProblem
from desk_app.domain.classes import ClassRefused
from desk_app.domain.lifecycle import IllegalMove, Refusal
from desk_app.domain.permissions import NotPermitted
from desk_app.domain.pins import MAX_PIN_CHARS, MIN_PIN_CHARS, PinProblem
from desk_app.domain.transfers import TransferNotAllowed
from desk_app.domain.validation import FieldProblem
from desk_app.storage.errors import (
    DeskError,
    DuplicateName,
    NoSerialLeft,
    NotFound,
    SignInRefused,
    StorageProblem,
    StorageUnavailable,
    ValidationFailed,
    WeakPin,
)
from desk_app.ui.kit.labels import label

_CTX = "Messages"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


# The English sources are lifecycle.REFUSAL_EN's, and the shipped Chinese is REFUSAL_ZH's: the
# window, the command line and the server refuse with the same words (tests/test_translations.py).
_REFUSALS = {
    Refusal.CASE_CLOSED_ON_SITE: QT_TRANSLATE_NOOP(
        "Messages", "The case was resolved on the spot and is closed."
    ),
    Refusal.CASE_SIGNED_OFF: QT_TRANSLATE_NOOP("Messages", "The case is already signed off."),
    Refusal.CASE_CLOSED_EXPLAINED: QT_TRANSLATE_NOOP("Messages", "The case was closed with an explanation."),
    Refusal.CASE_WITHDRAWN: QT_TRANSLATE_NOOP("Messages", "The citizen withdrew the case."),
    Refusal.CASE_VOIDED: QT_TRANSLATE_NOOP("Messages", "The registration was voided."),
    Refusal.CASE_MERGED: QT_TRANSLATE_NOOP("Messages", "The case was merged into another case."),
    Refusal.ALREADY_REFERRED: QT_TRANSLATE_NOOP(
        "Messages", "The case already has an open referral slip in this round."
    ),
    Refusal.NOT_REFERRED: QT_TRANSLATE_NOOP("Messages", "The case has no open referral slip yet."),
    Refusal.ALREADY_REPLIED: QT_TRANSLATE_NOOP(
        "Messages", "The handling unit's reply is already recorded for this round."
    ),
    Refusal.NO_REPLY_YET: QT_TRANSLATE_NOOP(
        "Messages", "The handling unit has not replied yet; call back after the reply."
    ),
    Refusal.CALLBACK_ALREADY_DONE: QT_TRANSLATE_NOOP(
        "Messages", "The callback of this round is already recorded."
    ),
    Refusal.NO_CALLBACK_YET: QT_TRANSLATE_NOOP(
        "Messages", "A case can be signed off only after a satisfied callback."
    ),
    Refusal.CITIZEN_DISSATISFIED: QT_TRANSLATE_NOOP(
        "Messages", "The citizen was dissatisfied: start a second round instead."
    ),
    Refusal.VERDICT_REQUIRED: QT_TRANSLATE_NOOP("Messages", "A callback must record the citizen's verdict."),
    Refusal.NOT_DISSATISFIED: QT_TRANSLATE_NOOP(
        "Messages", "Only a case whose citizen was dissatisfied can be closed with an explanation."
    ),
    Refusal.NOT_CLOSED: QT_TRANSLATE_NOOP("Messages", "Only a closed case can be reopened."),
    Refusal.HAS_SLIP: QT_TRANSLATE_NOOP(
        "Messages", "A case that has had a referral slip cannot be voided or merged; withdraw it instead."
    ),
    Refusal.NOTHING_TO_CORRECT: QT_TRANSLATE_NOOP("Messages", "There is nothing to correct in this state."),
    Refusal.NO_SLIP: QT_TRANSLATE_NOOP("Messages", "No referral slip of this round justifies the status."),
    Refusal.SLIP_NOT_REPLIED: QT_TRANSLATE_NOOP("Messages", "The slip of this round has no reply recorded."),
    Refusal.SLIP_NOT_RETURNED: QT_TRANSLATE_NOOP(
        "Messages", "The slip of this round was not returned by the unit."
    ),
    Refusal.WRONG_ROUND: QT_TRANSLATE_NOOP(
        "Messages", "The round number does not follow from the case's history."
    ),
    Refusal.VERDICT_MISMATCH: QT_TRANSLATE_NOOP(
        "Messages", "The latest callback of this round does not give this verdict."
    ),
    Refusal.NOT_BEYOND_POLICY: QT_TRANSLATE_NOOP(
        "Messages", "Only a dissatisfaction beyond policy can be closed with an explanation."
    ),
    Refusal.NO_RECORD_OF_MOVE: QT_TRANSLATE_NOOP(
        "Messages", "No record of this move (with its reason) exists."
    ),
    Refusal.NOT_SIGNED: QT_TRANSLATE_NOOP("Messages", "A sign-off must name who signed off and when."),
    Refusal.NO_SUCH_MOVE: QT_TRANSLATE_NOOP("Messages", "No move leads from this status to that one."),
    Refusal.PAST_DEADLINE: QT_TRANSLATE_NOOP(
        "Messages", "An extension must be requested before the deadline."
    ),
    Refusal.EXTENSION_PENDING: QT_TRANSLATE_NOOP(
        "Messages", "An extension request is already waiting for a decision."
    ),
    Refusal.NO_EXTENSION_PENDING: QT_TRANSLATE_NOOP(
        "Messages", "There is no extension request waiting for a decision."
    ),
    Refusal.REASON_REQUIRED: QT_TRANSLATE_NOOP("Messages", "This move needs a written reason."),
    Refusal.MERGE_TARGET_INVALID: QT_TRANSLATE_NOOP(
        "Messages", "A case can only be merged into another open or closed case of the same station."
    ),
    Refusal.NOT_LATEST_CALLBACK: QT_TRANSLATE_NOOP(
        "Messages", "Only the latest callback of the current round can be corrected."
    ),
    Refusal.WORDS_REQUIRED: QT_TRANSLATE_NOOP(
        "Messages", "A dissatisfied callback must record the citizen's words."
    ),
}

# domain.pins.PIN_PROBLEM_ZH's words (%1: the number of characters).
_PIN_PROBLEMS = {
    PinProblem.TOO_SHORT: QT_TRANSLATE_NOOP("Messages", "The PIN must have at least %1 characters."),
    PinProblem.TOO_LONG: QT_TRANSLATE_NOOP("Messages", "The PIN may have at most %1 characters."),
    PinProblem.BLANK: QT_TRANSLATE_NOOP(
        "Messages", "The PIN cannot be spaces, nor start or end with a space."
    ),
    PinProblem.REPEATED: QT_TRANSLATE_NOOP(
        "Messages", "The PIN cannot be repeated digits (such as 000000 or 121212)."
    ),
    PinProblem.SEQUENCE: QT_TRANSLATE_NOOP(
        "Messages", "The PIN cannot be a run of digits (such as 123456 or 987654)."
    ),
    PinProblem.COMMON: QT_TRANSLATE_NOOP(
        "Messages", "This PIN is too common and easy to guess; choose another."
    ),
}

_STORAGE = {
    StorageProblem.BUSY: QT_TRANSLATE_NOOP(
        "Messages",
        "The database is busy with another task. Wait a moment and save again; what you typed is kept.",
    ),
    StorageProblem.DISK_FULL: QT_TRANSLATE_NOOP(
        "Messages",
        "The disk is full, so nothing could be saved. Free some space and save again; what you typed is kept.",
    ),
    StorageProblem.READ_ONLY: QT_TRANSLATE_NOOP(
        "Messages",
        "The data folder is read-only, so nothing could be saved. Ask for write access to the folder; what you typed is kept.",
    ),
    StorageProblem.CORRUPT: QT_TRANSLATE_NOOP(
        "Messages",
        "The database file is damaged. Nothing was changed. Restore it from a backup or ask for help.",
    ),
    StorageProblem.CANNOT_OPEN: QT_TRANSLATE_NOOP(
        "Messages", "The database file cannot be opened. Check that the data folder exists and is reachable."
    ),
    StorageProblem.TOO_NEW: QT_TRANSLATE_NOOP(
        "Messages",
        "This data was written by a newer version of Station Desk. Install the newer version to open it.",
    ),
}

_FIELD_PROBLEMS = {
    FieldProblem.REQUIRED: QT_TRANSLATE_NOOP("Messages", "This must be filled in."),
    FieldProblem.BAD_PHONE: QT_TRANSLATE_NOOP(
        "Messages",
        "Not a valid phone number: use an 11-digit mobile number or a landline such as 0376-1234567.",
    ),
    FieldProblem.TOO_LONG: QT_TRANSLATE_NOOP("Messages", "This is too long."),
    FieldProblem.IN_FUTURE: QT_TRANSLATE_NOOP("Messages", "This date is in the future."),
    FieldProblem.UNKNOWN_CHOICE: QT_TRANSLATE_NOOP("Messages", "Choose one of the listed entries."),
    FieldProblem.OUT_OF_RANGE: QT_TRANSLATE_NOOP("Messages", "This value is out of range."),
    FieldProblem.BEFORE_START: QT_TRANSLATE_NOOP("Messages", "This date is earlier than the step before it."),
}


# domain.campaigns.PROBLEM_ZH's words: a campaign's record refused (storage CampaignRefused).
_CAMPAIGN_PROBLEMS = {
    CampaignProblem.REQUIRED: QT_TRANSLATE_NOOP("Messages", "must be filled in"),
    CampaignProblem.TOO_LONG: QT_TRANSLATE_NOOP("Messages", "is too long"),
    CampaignProblem.OUT_OF_RANGE: QT_TRANSLATE_NOOP("Messages", "the number is out of range"),
    CampaignProblem.ENDS_BEFORE_START: QT_TRANSLATE_NOOP("Messages", "the end is earlier than the start"),
    CampaignProblem.OUTSIDE_PERIOD: QT_TRANSLATE_NOOP(
        "Messages", "the date is outside the campaign's period"
    ),
    CampaignProblem.UNKNOWN_CHOICE: QT_TRANSLATE_NOOP("Messages", "is not one of the choices"),
    CampaignProblem.DUPLICATE: QT_TRANSLATE_NOOP("Messages", "an entry of that name already exists"),
}

# The fields of a campaign's records, as the refusal names them.
_CAMPAIGN_FIELDS = {
    "topic": QT_TRANSLATE_NOOP("Messages", "Topic"),
    "starts_on": QT_TRANSLATE_NOOP("Messages", "Start"),
    "ends_on": QT_TRANSLATE_NOOP("Messages", "End"),
    "note": QT_TRANSLATE_NOOP("Messages", "Note"),
    "name": QT_TRANSLATE_NOOP("Messages", "Name"),
    "place_name": QT_TRANSLATE_NOOP("Messages", "Place"),
    "kind": QT_TRANSLATE_NOOP("Messages", "Kind"),
    "measure_name": QT_TRANSLATE_NOOP("Messages", "Result measure"),
    "unit": QT_TRANSLATE_NOOP("Messages", "Unit"),
    "day": QT_TRANSLATE_NOOP("Messages", "Day"),
    "place_text": QT_TRANSLATE_NOOP("Messages", "Place"),
    "subject": QT_TRANSLATE_NOOP("Messages", "Subject"),
    "attendees": QT_TRANSLATE_NOOP("Messages", "Attendees"),
    "headcount": QT_TRANSLATE_NOOP("Messages", "Headcount"),
    "people_met": QT_TRANSLATE_NOOP("Messages", "People met"),
    "amount": QT_TRANSLATE_NOOP("Messages", "Amount"),
    "title": QT_TRANSLATE_NOOP("Messages", "Title"),
    "content": QT_TRANSLATE_NOOP("Messages", "Content"),
}


def campaign_problem_text(problem: CampaignProblem) -> str:
    return _tr(_CAMPAIGN_PROBLEMS[problem])


def campaign_refusal_text(errors: Sequence[CampaignFieldError]) -> str:
    """Every refused field of a campaign's record (storage CampaignRefused): 主题：必填，不能为空."""
    parts = []
    for e in errors:
        name = _CAMPAIGN_FIELDS.get(e.field)
        parts.append(
            _tr(QT_TRANSLATE_NOOP("Messages", "%1: %2"))
            .replace("%1", _tr(name) if name else e.field)
            .replace("%2", campaign_problem_text(e.problem))
        )
    return _tr(QT_TRANSLATE_NOOP("Messages", "Not saved: %1")).replace(
        "%1", _tr(QT_TRANSLATE_NOOP("Messages", "; ")).join(parts)
    )


def campaign_in_use_text(exc: Any) -> str:
    """A place or measure the campaign's records use, not removed (storage CampaignItemInUse)."""
    if exc.in_use_of == "measure":
        text = _tr(
            QT_TRANSLATE_NOOP(
                "Messages",
                "The result measure \u201c%1\u201d has %2 counts recorded and cannot be removed; nothing was saved.",
            )
        )
        return text.replace("%1", exc.name).replace("%2", str(exc.counts))
    text = _tr(
        QT_TRANSLATE_NOOP(
            "Messages",
            "The place \u201c%1\u201d has %2 activities and %3 problems recorded and cannot be removed; "
            "nothing was saved.",
        )
    )
    return text.replace("%1", exc.name).replace("%2", str(exc.activities)).replace("%3", str(exc.problems))


def field_problem_text(problem: FieldProblem) -> str:
    return _tr(_FIELD_PROBLEMS[problem])


def refusal_text(refusal: Refusal) -> str:
    return _tr(_REFUSALS[refusal])


def refusal_source(refusal: Refusal) -> str:
    """The English source of a refusal's message (lifecycle.REFUSAL_EN's words)."""
    return _REFUSALS[refusal]


def pin_problem_text(problem: PinProblem) -> str:
    """Why a new PIN is refused, in the words of domain.pins.PIN_PROBLEM_ZH."""
    text = _tr(_PIN_PROBLEMS[problem])
    if problem is PinProblem.TOO_SHORT:
        return text.replace("%1", str(MIN_PIN_CHARS))
    if problem is PinProblem.TOO_LONG:
        return text.replace("%1", str(MAX_PIN_CHARS))
    return text


def not_permitted_text(exc: NotPermitted) -> str:
    """A refusal of the operator's role: the words of NotPermitted.message_zh()."""
    if exc.reason == "unknown":
        return _tr(
            QT_TRANSLATE_NOOP(
                "Messages", "No such operator, or the operator is not signed in: this step was not saved."
            )
        )
    if exc.reason == "inactive":
        return _tr(QT_TRANSLATE_NOOP("Messages", "This operator is deactivated: this step was not saved."))
    if exc.reason == "last_admin":
        return _tr(
            QT_TRANSLATE_NOOP(
                "Messages",
                "This is the desk's only administrator in use, who cannot be "
                "deactivated or given another role: make another operator an "
                "administrator first.",
            )
        )
    return _tr(QT_TRANSLATE_NOOP("Messages", "Your role may not %1: this step was not saved.")).replace(
        "%1", label(exc.action)
    )


def _clock_text(at: datetime, today: date | None, seconds: bool) -> str:
    text = at.strftime("%H:%M:%S" if seconds else "%H:%M")
    return text if today is None or at.date() == today else f"{at:%Y-%m-%d} {text}"


def sign_in_refused_text(exc: SignInRefused, today: date | None = None) -> str:
    """Why a PIN was not accepted: wrong (with the tries left), a wait, a lock, a deactivated or
    unknown operator. `today` (the desk's): a time on another day is given with its date."""
    if exc.reason == "wait" and exc.until is not None:
        return _tr(
            QT_TRANSLATE_NOOP("Messages", "Too many wrong PINs: wait until %1, then try again.")
        ).replace("%1", _clock_text(exc.until, today, seconds=True))
    if exc.reason == "locked":
        if exc.until is None:
            return _tr(
                QT_TRANSLATE_NOOP(
                    "Messages",
                    "Too many wrong PINs: this operator is locked. Ask the office to reset the PIN.",
                )
            )
        return _tr(
            QT_TRANSLATE_NOOP(
                "Messages",
                "Too many wrong PINs: this operator is locked until %1. Try "
                "again then, or ask the office to reset the PIN.",
            )
        ).replace("%1", _clock_text(exc.until, today, seconds=False))
    if exc.reason == "inactive":
        return _tr(
            QT_TRANSLATE_NOOP(
                "Messages", "This operator is deactivated and cannot sign in. Ask the administrator."
            )
        )
    if exc.reason == "unknown":
        return _tr(
            QT_TRANSLATE_NOOP("Messages", "There is no such operator. Choose your name in the list again.")
        )
    text = _tr(QT_TRANSLATE_NOOP("Messages", "That PIN is not right. Check it and type it again."))
    if exc.tries_left is not None:
        text += _tr(QT_TRANSLATE_NOOP("Messages", " %1 more wrong tries lock this operator.")).replace(
            "%1", str(exc.tries_left)
        )
    if exc.until is not None:
        text += _tr(QT_TRANSLATE_NOOP("Messages", " The next try is possible at %1.")).replace(
            "%1", _clock_text(exc.until, today, seconds=True)
        )
    return text


def describe_error(exc: BaseException) -> str:
    """One or two sentences in the user's language about an error they can act on."""
    if isinstance(exc, IllegalMove):
        return refusal_text(exc.refusal)
    if isinstance(exc, StorageUnavailable):
        return _tr(_STORAGE[exc.problem])
    if isinstance(exc, ValidationFailed):
        return _tr(QT_TRANSLATE_NOOP("Messages", "Some fields need correcting; see the marked fields."))
    if isinstance(exc, NotPermitted):
        return not_permitted_text(exc)
    if isinstance(exc, SignInRefused):
        return sign_in_refused_text(exc)
    if isinstance(exc, WeakPin):
        return pin_problem_text(exc.problem)
    if isinstance(exc, DuplicateName):
        return _tr(QT_TRANSLATE_NOOP("Messages", "An entry named \u201c%1\u201d already exists.")).replace(
            "%1", exc.name
        )
    if isinstance(exc, NoSerialLeft):
        return _tr(
            QT_TRANSLATE_NOOP(
                "Messages",
                "No slip numbers are left on this desk for the year. Connect to the "
                "network and sync, so the central server can grant new numbers; nothing was saved.",
            )
        )
    if isinstance(exc, NotFound):
        return _tr(QT_TRANSLATE_NOOP("Messages", "The record no longer exists; the list will be refreshed."))
    # storage.campaign_store.CampaignRefused (issue 14), known by its errors: importing the store
    # here would load the database layer before the sign-in window paints.
    campaign_errors = getattr(exc, "errors", None)
    if isinstance(exc, DeskError) and campaign_errors and isinstance(campaign_errors[0], CampaignFieldError):
        return campaign_refusal_text(campaign_errors)
    in_use_of = getattr(exc, "in_use_of", None)  # storage.campaign_store.CampaignItemInUse
    if isinstance(exc, DeskError) and in_use_of is not None:
        return campaign_in_use_text(exc)
    if isinstance(exc, TransferNotAllowed):  # issue 13
        return exc.message_zh()
    if isinstance(exc, ClassRefused):  # issue 14, 类案
        return exc.message_zh
    return str(exc)


def show_problem(parent: QWidget | None, text: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _tr(QT_TRANSLATE_NOOP("Messages", "Station Desk")),
        text,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("problemBox")
    box.open()


def show_bug(parent: QWidget | None, details: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        _tr(QT_TRANSLATE_NOOP("Messages", "Station Desk")),
        _tr(
            QT_TRANSLATE_NOOP(
                "Messages",
                "Something went wrong inside Station Desk. Nothing was saved by this step. "
                "Please report it with the details below.",
            )
        ),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("bugBox")
    box.setDetailedText(details)
    box.open()
