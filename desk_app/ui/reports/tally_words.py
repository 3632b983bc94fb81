"""The monthly tally's words on screen, in the window's language.

The tally's row names, its period labels, its title and the satisfaction rate's definition are
the domain's Chinese (desk_app.domain.tally): the PDF and the Excel file print them, and the
Chinese window shows exactly the same words, so they are never written twice. The English
window (`--lang en`) shows the English names below instead, found by each measure's key; a key
without one (a measure added later) shows the domain's words until it gets one, which the
English window's test (tests/ui/test_english_window.py) reports.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QLocale

from desk_app.domain.periods import Period, PeriodKind
from desk_app.domain.tally import SATISFACTION_DEFINITION, UNCATEGORISED, Measure, Tally
from desk_app.domain.vocab import CHANNEL_ZH
from desk_app.ui.kit.labels import label

_ENGLISH: dict[str, str] = {
    "deputy_visits": "Deputy visits",
    "citizens": "Citizens received",
    "opinions": "Opinions and suggestions",
    "on_site": "Resolved on the spot",
    "consultations": "Consultations",
    "referred": "Referred",
    "second_rounds": "Second rounds",
    "returned": "Returned",
    "extensions_requested": "Extensions asked",
    "extensions_approved": "Extensions approved",
    "chases": "Chases",
    "replied": "Replied",
    "replied_on_time": "Replied on time",
    "on_time_rate": "On-time reply rate",
    "overdue": "Overdue, no reply",
    "callback_overdue": "Overdue, no callback",
    "refer_overdue": "Overdue, not referred",
    "callbacks": "Callbacks",
    "satisfied": "Satisfied",
    "basically_satisfied": "Basically satisfied",
    "dissatisfied": "Dissatisfied",
    "satisfaction_rate": "Satisfaction rate",
    "settled_satisfaction_rate": "Satisfaction per settled case",
    "satisfied_only_rate": "Satisfied-only rate",
    "not_reached": "Callbacks not reached",
    "signed_off": "Signed off",
    "closed_explained": "Closed with an explanation",
    "withdrawn": "Withdrawn",
    "reopened": "Reopened",
    "meetings_held": "Referral meetings",
    "meeting_matters": "Referred at meetings",
    "meeting_answered": "Answered, from meetings",
    "suggestions_sent": "Deputies' suggestions sent",
    "suggestions_satisfied": "Suggestions, deputy satisfied",
    "escalations": "Supervision escalations",
}
# The unit each count is in, after its name (as the Chinese names carry (件) or (人次)).
_UNITS: dict[str, str] = {
    "deputy_visits": "visits",
    "citizens": "people",
    "opinions": "items",
    "on_site": "cases",
    "consultations": "items",
    "referred": "slips",
    "second_rounds": "slips",
    "returned": "slips",
    "extensions_requested": "slips",
    "extensions_approved": "slips",
    "chases": "times",
    "replied": "slips",
    "replied_on_time": "slips",
    "overdue": "cases",
    "callback_overdue": "cases",
    "refer_overdue": "cases",
    "callbacks": "times",
    "not_reached": "times",
    "signed_off": "cases",
    "closed_explained": "cases",
    "withdrawn": "cases",
    "reopened": "cases",
    "meetings_held": "meetings",
    "meeting_matters": "items",
    "meeting_answered": "items",
    "suggestions_sent": "items",
    "suggestions_satisfied": "items",
    "escalations": "times",
}
_SATISFACTION_DEFINITION_EN = (
    "Satisfaction rate = (satisfied + basically satisfied) ÷ all callbacks × 100%, counted in the "
    "period of the callback, to two decimals; a period without callbacks shows “—”. Only callbacks "
    "that reached the citizen count (those not reached are counted apart, outside the divisor); a "
    "case closed with an explanation is not in the dividend, its dissatisfied callbacks stay in the "
    "divisor."
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_CHANNEL_BY_ZH = {zh: channel for channel, zh in CHANNEL_ZH.items()}


def chinese_window() -> bool:
    """False only in the English window: desk_app.ui.app.install_translators sets the default
    locale to en_US for it (and to zh_CN for the Chinese window)."""
    return QLocale().language() != QLocale.Language.English


def measure_label(measure: Measure, two_lines: bool = False) -> str:
    """代表进站(人次) / Deputy visits (visits); `two_lines` puts the unit under the name (headers)."""
    english = _ENGLISH.get(measure.key)
    if chinese_window() or english is None:
        return measure.label.replace("(", "\n(") if two_lines else measure.label
    unit = _UNITS.get(measure.key)
    if unit is None:
        return english
    return f"{english}\n({unit})" if two_lines else f"{english} ({unit})"


def change_label(text: str) -> str:
    """本月比上月 as the PDF prints it (+1.25个百分点 for a rate), in the window's language."""
    if chinese_window():
        return text
    return text.replace("个百分点", " pts")


def satisfaction_definition() -> str:
    return SATISFACTION_DEFINITION if chinese_window() else _SATISFACTION_DEFINITION_EN


def date_text(day: date | datetime) -> str:
    """2026年11月1日 / 2026-11-01."""
    if chinese_window():
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def period_label(period: Period, short: bool = False) -> str:
    """2026年11月 / November 2026 (a month; `short`: Nov 2026, for a column); otherwise from and to."""
    if chinese_window():
        return period.label
    s, kind = period.start, period.kind
    if kind is PeriodKind.MONTH:
        month = _MONTHS[s.month - 1]
        return f"{month[:3] if short else month} {s.year}"
    if kind is PeriodKind.QUARTER:
        return f"Q{(s.month - 1) // 3 + 1} {s.year}"
    if kind is PeriodKind.HALF:
        return f"H{(s.month - 1) // 6 + 1} {s.year}"
    if kind is PeriodKind.YEAR:
        return str(s.year)
    return f"{date_text(period.start)} to {date_text(period.end)}"


def tally_title(tally: Tally) -> str:
    if chinese_window():
        return tally.title
    return f"{tally.scope}: work tally, {period_label(tally.period)}"


def row_label(text: str) -> str:
    """A breakdown row's name: a category or unit as the directory has it (the user's words); the
    domain's names for no category and for the channels in the window's language."""
    if chinese_window():
        return text
    if text == UNCATEGORISED:
        return "Uncategorised"
    channel = _CHANNEL_BY_ZH.get(text)
    return label(channel) if channel is not None else text
