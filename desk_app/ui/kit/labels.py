"""Display names of the fixed vocabularies, translated through Qt (English source, zh_CN shipped).

Every screen names a status, a channel, a period or a deputy's level through `label` (an enum
member) or `label_of` (a raw stored value): this is the only table of those names.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desk_app.domain.campaigns import ActivityKind, PlaceKind
from desk_app.domain.casebook import DissatisfactionCause, ExtensionState
from desk_app.domain.duty import AssignmentSource, VisitKind
from desk_app.domain.lifecycle import CaseStatus
from desk_app.domain.permissions import Action
from desk_app.domain.rota import Period, Shortfall
from desk_app.domain.vocab import (
    CallbackMethod,
    Channel,
    ChaseMethod,
    DeputyLevel,
    OperatorRole,
    Outcome,
    StationKind,
    Verdict,
)
from desk_app.domain.workcalendar import DayKind, HolidayName, is_swapped_workday
from desk_app.storage.audit import AuditKind
from desk_app.storage.rota_records import DeputyProfile

# Pairs, not a dict: members of different StrEnums with equal values (Verdict.SATISFIED and
# CaseStatus.SATISFIED are both "satisfied") are equal keys, so a dict literal would merge them.
_TEXTS: tuple[tuple[object, str], ...] = (
    (
        StationKind.SERVICE_CENTRE_STATION,
        QT_TRANSLATE_NOOP("Labels", "Deputy work station (government service centre)"),
    ),
    (StationKind.MOBILE_STATION, QT_TRANSLATE_NOOP("Labels", "Mobile deputy work station")),
    (StationKind.TOWNSHIP_STATION, QT_TRANSLATE_NOOP("Labels", "Township (street) deputy work station")),
    (StationKind.STUDIO, QT_TRANSLATE_NOOP("Labels", "Deputy studio / deliberation point")),
    (StationKind.SUPERVISION_POST, QT_TRANSLATE_NOOP("Labels", "Deputy supervision post")),
    (Channel.WALK_IN, QT_TRANSLATE_NOOP("Labels", "Walk-in")),
    (Channel.WINDOW_VISIT, QT_TRANSLATE_NOOP("Labels", "Window visit")),
    (Channel.OPINION_BOX, QT_TRANSLATE_NOOP("Labels", "Opinion box")),
    (Channel.QR_SCAN, QT_TRANSLATE_NOOP("Labels", "QR code")),
    (Channel.HOTLINE_12345, QT_TRANSLATE_NOOP("Labels", "12345 hotline")),
    (Channel.LIVE_STREAM, QT_TRANSLATE_NOOP("Labels", "Live stream")),
    (Channel.FORUM, QT_TRANSLATE_NOOP("Labels", "Forum")),
    (Channel.ANNOUNCEMENT, QT_TRANSLATE_NOOP("Labels", "Campaign announcement")),
    (Outcome.RESOLVED_ON_SITE, QT_TRANSLATE_NOOP("Labels", "Resolved on the spot")),
    (Outcome.NEEDS_REFERRAL, QT_TRANSLATE_NOOP("Labels", "Needs referral")),
    (Outcome.CONSULTATION, QT_TRANSLATE_NOOP("Labels", "Consultation")),
    (Verdict.SATISFIED, QT_TRANSLATE_NOOP("Labels", "Satisfied")),
    (Verdict.BASICALLY_SATISFIED, QT_TRANSLATE_NOOP("Labels", "Basically satisfied")),
    (Verdict.DISSATISFIED, QT_TRANSLATE_NOOP("Labels", "Dissatisfied")),
    (CallbackMethod.PHONE, QT_TRANSLATE_NOOP("Labels", "Phone")),
    (CallbackMethod.VISIT, QT_TRANSLATE_NOOP("Labels", "Home visit")),
    (CallbackMethod.SMS, QT_TRANSLATE_NOOP("Labels", "Text message")),
    (CallbackMethod.WECHAT, QT_TRANSLATE_NOOP("Labels", "WeChat")),
    (ChaseMethod.PHONE, QT_TRANSLATE_NOOP("Labels", "Chased by phone")),
    (ChaseMethod.VISIT, QT_TRANSLATE_NOOP("Labels", "Visit to the unit")),
    (ChaseMethod.DOCUMENT, QT_TRANSLATE_NOOP("Labels", "Chasing letter")),
    (ChaseMethod.SMS, QT_TRANSLATE_NOOP("Labels", "Text message")),
    (ChaseMethod.WECHAT, QT_TRANSLATE_NOOP("Labels", "WeChat")),
    (ChaseMethod.MEETING, QT_TRANSLATE_NOOP("Labels", "Interview or on-site meeting")),
    (DissatisfactionCause.UNIT_FAULT, QT_TRANSLATE_NOOP("Labels", "The handling unit did not solve it")),
    (DissatisfactionCause.BEYOND_POLICY, QT_TRANSLATE_NOOP("Labels", "The demand is beyond policy")),
    (DissatisfactionCause.OTHER, QT_TRANSLATE_NOOP("Labels", "Another reason")),
    (ExtensionState.PENDING, QT_TRANSLATE_NOOP("Labels", "Awaiting decision")),
    (ExtensionState.APPROVED, QT_TRANSLATE_NOOP("Labels", "Approved")),
    (ExtensionState.REFUSED, QT_TRANSLATE_NOOP("Labels", "Refused")),
    (OperatorRole.CLERK, QT_TRANSLATE_NOOP("Labels", "Station clerk")),
    (OperatorRole.DEPUTY, QT_TRANSLATE_NOOP("Labels", "Duty deputy")),
    (OperatorRole.CENTRE_STAFF, QT_TRANSLATE_NOOP("Labels", "Liaison centre staff")),
    (OperatorRole.ADMIN, QT_TRANSLATE_NOOP("Labels", "Administrator")),
    (Action.REGISTER, QT_TRANSLATE_NOOP("Labels", "register receptions")),
    (
        Action.CASE_WORK,
        QT_TRANSLATE_NOOP("Labels", "handle cases (refer, reply, extend, return, sign off …)"),
    ),
    (Action.CALLBACK, QT_TRANSLATE_NOOP("Labels", "call citizens back")),
    (Action.CHASE, QT_TRANSLATE_NOOP("Labels", "chase handling units")),
    (Action.CHECK_IN, QT_TRANSLATE_NOOP("Labels", "check deputies in and out and record visits")),
    (
        Action.DIRECTORIES,
        QT_TRANSLATE_NOOP("Labels", "keep the handling units, categories and deputy roster"),
    ),
    (Action.ROTA, QT_TRANSLATE_NOOP("Labels", "make the rota")),
    (Action.IMPORT_LEDGER, QT_TRANSLATE_NOOP("Labels", "import a ledger")),
    (Action.CALENDAR, QT_TRANSLATE_NOOP("Labels", "keep the holiday calendar")),
    (Action.RESET_DEPUTY_PIN, QT_TRANSLATE_NOOP("Labels", "reset a duty deputy's PIN")),
    (Action.OPERATORS, QT_TRANSLATE_NOOP("Labels", "manage operators")),
    (Action.STATION_SETTINGS, QT_TRANSLATE_NOOP("Labels", "change the station's settings")),
    (Action.ENROL, QT_TRANSLATE_NOOP("Labels", "enrol with the central server")),
    (Action.AUDIT, QT_TRANSLATE_NOOP("Labels", "read the audit trail")),
    (Action.FULL_NUMBERS, QT_TRANSLATE_NOOP("Labels", "print or export full phone numbers")),
    (Action.FORWARD_12345, QT_TRANSLATE_NOOP("Labels", "forward a case to 12345")),
    (AuditKind.SIGN_IN, QT_TRANSLATE_NOOP("Labels", "Signed in")),
    (AuditKind.SIGN_IN_FAILED, QT_TRANSLATE_NOOP("Labels", "Sign-in failed (wrong PIN)")),
    (AuditKind.SIGN_IN_BLOCKED, QT_TRANSLATE_NOOP("Labels", "Sign-in refused (waiting or locked)")),
    (AuditKind.LOCKED_OUT, QT_TRANSLATE_NOOP("Labels", "Locked after too many wrong PINs")),
    (AuditKind.PIN_CHANGED, QT_TRANSLATE_NOOP("Labels", "Changed own PIN")),
    (AuditKind.PIN_RESET, QT_TRANSLATE_NOOP("Labels", "Reset another operator's PIN")),
    (AuditKind.FULL_NUMBERS_PRINTED, QT_TRANSLATE_NOOP("Labels", "Printed full phone numbers")),
    (AuditKind.FULL_NUMBERS_EXPORTED, QT_TRANSLATE_NOOP("Labels", "Exported full phone numbers")),
    (AuditKind.CALENDAR_CHANGED, QT_TRANSLATE_NOOP("Labels", "Changed the holiday calendar")),
    (DayKind.HOLIDAY, QT_TRANSLATE_NOOP("Labels", "Day off")),
    (DayKind.WORKDAY, QT_TRANSLATE_NOOP("Labels", "Working day")),
    (HolidayName.NEW_YEAR, QT_TRANSLATE_NOOP("Labels", "New Year's Day")),
    (HolidayName.SPRING_FESTIVAL, QT_TRANSLATE_NOOP("Labels", "Spring Festival")),
    (HolidayName.TOMB_SWEEPING, QT_TRANSLATE_NOOP("Labels", "Tomb-sweeping Day")),
    (HolidayName.LABOUR_DAY, QT_TRANSLATE_NOOP("Labels", "Labour Day")),
    (HolidayName.DRAGON_BOAT, QT_TRANSLATE_NOOP("Labels", "Dragon Boat Festival")),
    (HolidayName.MID_AUTUMN, QT_TRANSLATE_NOOP("Labels", "Mid-autumn Festival")),
    (HolidayName.NATIONAL_DAY, QT_TRANSLATE_NOOP("Labels", "National Day")),
    (HolidayName.OTHER, QT_TRANSLATE_NOOP("Labels", "Other")),
    (CaseStatus.RESOLVED_ON_SITE, QT_TRANSLATE_NOOP("Labels", "Resolved on the spot")),
    (CaseStatus.AWAITING_REFERRAL, QT_TRANSLATE_NOOP("Labels", "Awaiting referral")),
    (CaseStatus.REFERRED, QT_TRANSLATE_NOOP("Labels", "Being handled")),
    (CaseStatus.REPLIED, QT_TRANSLATE_NOOP("Labels", "Awaiting callback")),
    (CaseStatus.SATISFIED, QT_TRANSLATE_NOOP("Labels", "Awaiting sign-off")),
    (CaseStatus.DISSATISFIED, QT_TRANSLATE_NOOP("Labels", "Awaiting second round")),
    (CaseStatus.SIGNED_OFF, QT_TRANSLATE_NOOP("Labels", "Signed off")),
    (CaseStatus.RETURNED, QT_TRANSLATE_NOOP("Labels", "Returned, to refer again")),
    (CaseStatus.CLOSED_EXPLAINED, QT_TRANSLATE_NOOP("Labels", "Closed with an explanation")),
    (CaseStatus.REOPENED, QT_TRANSLATE_NOOP("Labels", "Reopened, awaiting referral")),
    (CaseStatus.WITHDRAWN, QT_TRANSLATE_NOOP("Labels", "Withdrawn")),
    (CaseStatus.VOIDED, QT_TRANSLATE_NOOP("Labels", "Voided")),
    (CaseStatus.MERGED, QT_TRANSLATE_NOOP("Labels", "Merged")),
    (PlaceKind.COUNTY, QT_TRANSLATE_NOOP("Labels", "County or district")),
    (PlaceKind.TOWNSHIP, QT_TRANSLATE_NOOP("Labels", "Township or street")),
    (PlaceKind.ESTATE, QT_TRANSLATE_NOOP("Labels", "Residential estate")),
    (PlaceKind.CHECKPOINT, QT_TRANSLATE_NOOP("Labels", "Enforcement checkpoint")),
    (PlaceKind.ENTERPRISE, QT_TRANSLATE_NOOP("Labels", "Enterprise")),
    (PlaceKind.OTHER, QT_TRANSLATE_NOOP("Labels", "Other place")),
    (ActivityKind.INSPECTION, QT_TRANSLATE_NOOP("Labels", "Inspection")),
    (ActivityKind.FORUM, QT_TRANSLATE_NOOP("Labels", "Forum")),
    (ActivityKind.SURVEY, QT_TRANSLATE_NOOP("Labels", "Survey")),
    (ActivityKind.VISIT, QT_TRANSLATE_NOOP("Labels", "Visit")),
)

# A status as a coloured pill (text colour, background): the case view and the case list.
_GREEN, _RED, _BLUE, _BROWN, _GREY = "#1e6b34", "#b3261e", "#0b4f8a", "#5f3b00", "#333333"
STATUS_COLOURS: dict[CaseStatus, tuple[str, str]] = {
    CaseStatus.AWAITING_REFERRAL: (_BROWN, "#fff4e5"),
    CaseStatus.RETURNED: (_BROWN, "#fff4e5"),
    CaseStatus.REOPENED: (_BROWN, "#fff4e5"),
    CaseStatus.REFERRED: (_BLUE, "#e8f1fb"),
    CaseStatus.REPLIED: (_BLUE, "#e8f1fb"),
    CaseStatus.SATISFIED: (_GREEN, "#e6f4ea"),
    CaseStatus.DISSATISFIED: (_RED, "#fce8e6"),
    CaseStatus.SIGNED_OFF: (_GREY, "#eeeeee"),
    CaseStatus.RESOLVED_ON_SITE: (_GREY, "#eeeeee"),
    CaseStatus.CLOSED_EXPLAINED: ("#4a3b7a", "#efeaf8"),
    CaseStatus.WITHDRAWN: (_GREY, "#eeeeee"),
    CaseStatus.VOIDED: ("#777777", "#f4f4f4"),
    CaseStatus.MERGED: ("#777777", "#f4f4f4"),
}


def status_colours(status: CaseStatus | str) -> tuple[str, str]:
    """(text, background) of a status; an unknown one (from a newer desk) in grey."""
    try:
        return STATUS_COLOURS[CaseStatus(status)]
    except ValueError:
        return _GREY, "#eeeeee"


# The rota's words have a translation context of their own: the same English word can need
# another Chinese one there ("Forum" is 座谈会 as a channel, 座谈 as a kind of visit).
_ROTA_TEXTS: tuple[tuple[object, str], ...] = (
    (Period.MORNING, QT_TRANSLATE_NOOP("RotaLabels", "Morning")),
    (Period.AFTERNOON, QT_TRANSLATE_NOOP("RotaLabels", "Afternoon")),
    (Period.FULL_DAY, QT_TRANSLATE_NOOP("RotaLabels", "Whole day")),
    (
        Shortfall.EMPTY_POOL,
        QT_TRANSLATE_NOOP("RotaLabels", "Nobody can be scheduled here (no deputies, or the group is empty)"),
    ),
    (
        Shortfall.UNAVAILABLE,
        QT_TRANSLATE_NOOP("RotaLabels", "Enough deputies, but some marked this date unavailable"),
    ),
    (
        Shortfall.BUSY_ELSEWHERE,
        QT_TRANSLATE_NOOP("RotaLabels", "Enough deputies, but some are on duty elsewhere at that time"),
    ),
    (
        Shortfall.TOO_FEW,
        QT_TRANSLATE_NOOP("RotaLabels", "Fewer deputies (or group members) than the slot needs"),
    ),
    (VisitKind.DUTY, QT_TRANSLATE_NOOP("RotaLabels", "Duty")),
    (VisitKind.INSPECTION, QT_TRANSLATE_NOOP("RotaLabels", "Inspection")),
    (VisitKind.FORUM, QT_TRANSLATE_NOOP("RotaLabels", "Forum")),
    (VisitKind.OTHER, QT_TRANSLATE_NOOP("RotaLabels", "Other")),
    (DeputyLevel.NATIONAL, QT_TRANSLATE_NOOP("RotaLabels", "National deputy")),
    (DeputyLevel.PROVINCIAL, QT_TRANSLATE_NOOP("RotaLabels", "Provincial deputy")),
    (DeputyLevel.CITY, QT_TRANSLATE_NOOP("RotaLabels", "City deputy")),
    (DeputyLevel.COUNTY, QT_TRANSLATE_NOOP("RotaLabels", "County (district) deputy")),
    (DeputyLevel.TOWNSHIP, QT_TRANSLATE_NOOP("RotaLabels", "Township deputy")),
    (DeputyLevel.STREET_DELEGATE, QT_TRANSLATE_NOOP("RotaLabels", "Street deliberation delegate")),
    (AssignmentSource.GENERATED, QT_TRANSLATE_NOOP("RotaLabels", "Automatic")),
    (AssignmentSource.MANUAL, QT_TRANSLATE_NOOP("RotaLabels", "Manual")),
)

_WEEKDAYS = (
    QT_TRANSLATE_NOOP("RotaLabels", "Monday"),
    QT_TRANSLATE_NOOP("RotaLabels", "Tuesday"),
    QT_TRANSLATE_NOOP("RotaLabels", "Wednesday"),
    QT_TRANSLATE_NOOP("RotaLabels", "Thursday"),
    QT_TRANSLATE_NOOP("RotaLabels", "Friday"),
    QT_TRANSLATE_NOOP("RotaLabels", "Saturday"),
    QT_TRANSLATE_NOOP("RotaLabels", "Sunday"),
)

# StrEnum members of different enums with equal values hash alike ("resolved_on_site" is both an
# Outcome and a CaseStatus, with the same meaning); look up by (type, value) to keep them apart.
_BY_KIND: dict[tuple[type, str], tuple[str, str]] = {
    **{(type(k), str(k)): ("Labels", v) for k, v in _TEXTS},
    **{(type(k), str(k)): ("RotaLabels", v) for k, v in _ROTA_TEXTS},
}


def label(value: object) -> str:
    """The translated display name of an enum member (or of its raw value, given the enum)."""
    found = _BY_KIND.get((type(value), str(value)))
    if found is None:
        return str(value)
    return QCoreApplication.translate(*found)


def label_of(enum_type: type, raw: str) -> str:
    """Display name for a raw stored value of `enum_type`; unknown values are shown as they are
    (a deputy's level typed by hand in an older directory, for one)."""
    try:
        return label(enum_type(raw))
    except ValueError:
        return raw


def weekday_text(weekday: int) -> str:
    """Monday is 0, as in date.weekday()."""
    return QCoreApplication.translate("RotaLabels", _WEEKDAYS[weekday])


def day_weekday_text(day: date) -> str:
    """星期六（调休） on a swapped workday: the clerk must see why a Saturday is on the rota."""
    text = weekday_text(day.weekday())
    if is_swapped_workday(day):
        text = QCoreApplication.translate("RotaLabels", "%1 (swapped workday)").replace("%1", text)
    return text


def deputy_text(name: str, level: str) -> str:
    """A deputy as lists show them: 王建国（市人大代表）, Wang Jianguo (City deputy)."""
    if not level:
        return name
    return (
        QCoreApplication.translate("Labels", "%1 (%2)")
        .replace("%1", name)
        .replace("%2", label_of(DeputyLevel, level))
    )


def deputy_line(p: DeputyProfile) -> str:
    """A deputy as lists show them: 王建国（市人大代表）."""
    return deputy_text(p.name, p.level)
