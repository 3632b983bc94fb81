"""Display names of the fixed vocabularies, translated through Qt (English source, zh_CN shipped)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desk_app.domain.lifecycle import CaseStatus
from desk_app.domain.vocab import CallbackMethod, Channel, OperatorRole, Outcome, StationKind, Verdict

_CTX = "Labels"

# Pairs, not a dict: members of different StrEnums with equal values (Verdict.SATISFIED and
# CaseStatus.SATISFIED are both "satisfied") are equal keys, so a dict literal would merge them.
_TEXTS: tuple[tuple[object, str], ...] = (
    (StationKind.SERVICE_CENTRE_STATION, QT_TRANSLATE_NOOP("Labels", "Deputy work station (government service centre)")),
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
    (Outcome.RESOLVED_ON_SITE, QT_TRANSLATE_NOOP("Labels", "Resolved on the spot")),
    (Outcome.NEEDS_REFERRAL, QT_TRANSLATE_NOOP("Labels", "Needs referral")),
    (Verdict.SATISFIED, QT_TRANSLATE_NOOP("Labels", "Satisfied")),
    (Verdict.BASICALLY_SATISFIED, QT_TRANSLATE_NOOP("Labels", "Basically satisfied")),
    (Verdict.DISSATISFIED, QT_TRANSLATE_NOOP("Labels", "Dissatisfied")),
    (CallbackMethod.PHONE, QT_TRANSLATE_NOOP("Labels", "Phone")),
    (CallbackMethod.VISIT, QT_TRANSLATE_NOOP("Labels", "Home visit")),
    (CallbackMethod.SMS, QT_TRANSLATE_NOOP("Labels", "Text message")),
    (CallbackMethod.WECHAT, QT_TRANSLATE_NOOP("Labels", "WeChat")),
    (OperatorRole.CLERK, QT_TRANSLATE_NOOP("Labels", "Station clerk")),
    (OperatorRole.DEPUTY, QT_TRANSLATE_NOOP("Labels", "Duty deputy")),
    (CaseStatus.RESOLVED_ON_SITE, QT_TRANSLATE_NOOP("Labels", "Resolved on the spot")),
    (CaseStatus.AWAITING_REFERRAL, QT_TRANSLATE_NOOP("Labels", "Awaiting referral")),
    (CaseStatus.REFERRED, QT_TRANSLATE_NOOP("Labels", "Being handled")),
    (CaseStatus.REPLIED, QT_TRANSLATE_NOOP("Labels", "Awaiting callback")),
    (CaseStatus.SATISFIED, QT_TRANSLATE_NOOP("Labels", "Awaiting sign-off")),
    (CaseStatus.DISSATISFIED, QT_TRANSLATE_NOOP("Labels", "Awaiting second round")),
    (CaseStatus.SIGNED_OFF, QT_TRANSLATE_NOOP("Labels", "Signed off")),
)

# StrEnum members of different enums with equal values hash alike ("resolved_on_site" is both an
# Outcome and a CaseStatus, with the same meaning); look up by (type, value) to keep them apart.
_BY_KIND = {(type(k), str(k)): v for k, v in _TEXTS}


def label(value: object) -> str:
    """The translated display name of an enum member (or of its raw value, given the enum)."""
    text = _BY_KIND.get((type(value), str(value)))
    if text is None:
        return str(value)
    return QCoreApplication.translate(_CTX, text)


def label_of(enum_type: type, raw: str) -> str:
    """Display name for a raw stored value of `enum_type`; unknown values are shown as they are."""
    try:
        return label(enum_type(raw))
    except ValueError:
        return raw
