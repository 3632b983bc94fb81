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

from desk_app.domain.lifecycle import SUPERVISION_LEVEL_ZH, SupervisionLevel
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
    "classes_formed": "Case classes formed",
    "classes_settled": "Case classes settled",
    "class_cases_settled": "Cases settled by classes",
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
    "classes_formed": "classes",
    "classes_settled": "classes",
    "class_cases_settled": "cases",
}
# The measures' definitions (the tooltips of the tally's headings) in the English window.
_DEFINITIONS_EN: dict[str, str] = {
    "deputy_visits": ("Deputy visits to the station (duty, inspections, forums …), by the day of the visit."),
    "citizens": (
        "The citizens of the period's entries: one person per phone number (without one, per name and address), one per entry that gives neither; a group visit counts the head count entered. Voided entries and duplicates merged into another case do not count."
    ),
    "opinions": (
        "The entries made in the period, one per entry, by the time of entry. Voided entries and duplicates merged into another case do not count."
    ),
    "on_site": (
        "Cases entered in the period and resolved with an answer on the spot, consultations not included. Voided entries and duplicates merged into another case do not count."
    ),
    "consultations": (
        "Consultations entered and answered on the spot in the period (questions on policy, where to go …), counted apart and not in “Resolved on the spot”. Voided entries and duplicates merged into another case do not count."
    ),
    "referred": (
        "Referral slips handed over in the period, by the day of referral; a second round and a referral after a return each count once. A slip the unit returned (whenever) counts under “Returned” instead."
    ),
    "second_rounds": (
        "Slips of the second round or later (second supervision, referral after reopening) handed over in the period and not returned; already in “Referred”. Referring again after a return is not a new round."
    ),
    "returned": (
        "Slips the handling unit returned (e.g. not its responsibility), by the day of return; the slip referred again counts under “Referred”, not as a new round."
    ),
    "extensions_requested": (
        "Extensions a handling unit asked for before its reply was due, by the day asked (pending and refused ones included)."
    ),
    "extensions_approved": (
        "Extensions approved, by the day of approval; from then on the extended due date decides on time and overdue."
    ),
    "chases": ("Chases of handling units, by the time of the chase."),
    "replied": ("Slips the handling unit replied to in the period, by the day of the reply."),
    "replied_on_time": (
        "Of the period's replies, those given by the due date (the extended one, if an extension was approved)."
    ),
    "on_time_rate": ("Replied on time ÷ replied × 100%, to two decimals."),
    "overdue": (
        "Slips still waiting for the unit's reply at the end of the period (today, if the period ends later) and past the due date in force that day; returned and withdrawn ones do not count."
    ),
    "callback_overdue": (
        "Cases replied to and without a callback that reached the citizen at the end of the period, past the callback deadline (the station's working days after the reply)."
    ),
    "refer_overdue": (
        "Cases waiting for a referral slip at the end of the period (new entries, dissatisfied callbacks waiting for a second round, returned slips, reopened cases) and past the referral deadline (the station's working days from the entry, callback, return or reopening)."
    ),
    "callbacks": (
        "Callbacks that reached the citizen in the period, by the time of the call; those not reached count apart, under “Callbacks not reached”."
    ),
    "satisfied": ("Callbacks with the verdict satisfied."),
    "basically_satisfied": ("Callbacks with the verdict basically satisfied."),
    "dissatisfied": (
        "Callbacks with the verdict dissatisfied (those later closed with an explanation included)."
    ),
    "satisfaction_rate": (
        "Satisfaction rate = (satisfied + basically satisfied) ÷ all callbacks × 100%, in the period of the callback, to two decimals; “—” for a period without callbacks. Only callbacks that reached the citizen count (those not reached are outside the divisor); a case closed with an explanation is not in the dividend, its dissatisfied callbacks stay in the divisor."
    ),
    "settled_satisfaction_rate": (
        "Satisfaction per settled case = signed off ÷ (signed off + closed with an explanation) × 100%, in the period of settling, to two decimals; each settling counts once on its last callback (a case called back several times counts once; settled again after reopening, once more); withdrawn cases and cases resolved on the spot do not count; “—” for a period with neither."
    ),
    "satisfied_only_rate": (
        "Satisfied-only rate = satisfied ÷ all callbacks × 100%, the same divisor as the satisfaction rate (callbacks that reached the citizen), to two decimals; “—” for a period without callbacks."
    ),
    "not_reached": (
        "Callbacks that did not reach the citizen in the period, by the time of the call; not in the callbacks, nor in either side of the satisfaction rate."
    ),
    "signed_off": (
        "Cases signed off in the period, by the time of sign-off; a case reopened after sign-off keeps that sign-off in its period, and a second sign-off counts again."
    ),
    "closed_explained": (
        "Cases of a dissatisfied citizen whose request is beyond policy, closed with a written explanation, by the time of closing; counted apart and not as satisfied: not in the satisfaction rate's dividend (its dissatisfied callbacks are already in the divisor), the closing itself not counted again."
    ),
    "withdrawn": (
        "Cases closed because the citizen withdrew the request, by the time of withdrawal; not counted as signed off."
    ),
    "reopened": (
        "Cases settled (signed off, closed with an explanation, resolved on the spot, withdrawn) and reopened because the citizen came back, by the time of reopening; slips referred after it belong to the next round."
    ),
    # Issue 13: referral meetings, deputies' suggestions, the supervision ladder.
    "meetings_held": "Face-to-face referral meetings held in the period, by the day of the meeting.",
    "meeting_matters": "Matters referred at the period's meetings, one slip each, by the day of the meeting.",
    "meeting_answered": "Of the matters referred at the period's meetings, those the unit answered by the end of the period.",
    "suggestions_sent": "Deputies' suggestions sent to a bureau in the period, by the latest sending day (a suggestion sent again after the deputy was dissatisfied counts in the period it was sent again).",
    "suggestions_satisfied": "Suggestions whose answer the deputy rated satisfied or basically satisfied, by the day of the rating.",
    "escalations": "Times a case or suggestion was raised to a higher supervision level, by the time of the decision.",
    # Issue 14: case classes (类案).
    "classes_formed": "Case classes formed in the period (similar cases grouped together), by the day formed.",
    "classes_settled": "Case classes whose solving rule or measure was recorded in the period, by the day settled.",
    "class_cases_settled": "Of the classes settled in the period, the member cases signed off by the end of the period; each still signed off only after its own satisfied callback.",
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


def measure_definition(measure: Measure) -> str:
    """What a measure counts (the tooltip of its heading), in the window's language."""
    english = _DEFINITIONS_EN.get(measure.key)
    return measure.definition if chinese_window() or english is None else english


# The 大督办 levels (issue 13) by their words in the tally's breakdown of second rounds.
_LEVEL_EN = {
    SUPERVISION_LEVEL_ZH[SupervisionLevel.UNIT_INTERNAL]: "within the handling unit",
    SUPERVISION_LEVEL_ZH[SupervisionLevel.DEPUTY]: "with deputies",
    SUPERVISION_LEVEL_ZH[SupervisionLevel.DEPUTY_AFFAIRS]: "by the deputy affairs committee",
    SUPERVISION_LEVEL_ZH[SupervisionLevel.SPECIAL_COMMITTEE]: "by the special committee",
    SUPERVISION_LEVEL_ZH[SupervisionLevel.CHAIR_MEETING]: "by the chairpersons' meeting",
}


def second_rounds_text(tally: Tally) -> str:
    """The period's second rounds by supervision level (as the PDF prints it), "" when none."""
    if chinese_window() or not tally.second_rounds_by_level:
        return tally.second_rounds_line
    parts = "; ".join(
        f"supervised {_LEVEL_EN.get(words, words)}: {n}" for words, n in tally.second_rounds_by_level
    )
    return f"Second rounds by supervision level — {parts}."


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
