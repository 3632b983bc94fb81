"""The committee's Excel summary (汇总表): one workbook, written in openpyxl's write-only mode.

Sheets: 汇总 (the tally's figures for the period, with their definitions), the five lists
(责任清单, 问题清单, 整改清单, 销号清单, 评价清单) and 明细 (every case received in the period).
Which rows each sheet holds (docs/reports.md):

- 责任清单 and 整改清单: slips handed over in the period (`referred_on`), every round and every
  attempt: a slip the unit returned (退回) is listed as returned, its re-referral as such; their
  督办轮次, like the 销号清单's, names a second round's 大督办 level (issue 13);
- 问题清单: receptions registered in the period (`received_at`) that count (voided registrations
  and duplicates merged into another case are left out: its rows are the tally's 收集意见建议);
- 明细: every reception registered in the period, voided and merged ones marked as such;
- 销号清单: closings in the period, each as what it is: sign-offs with the callback that allowed
  them, closings with an explanation (解释办结) and withdrawals (撤回) with their reason;
- 评价清单: per handling unit, the tally's figures (the same numbers as the tally's unit table;
  callbacks are the reached ones), and its second rounds by 大督办 level (issue 13), as the
  tally PDF's unit table prints them;
- 问题清单's 督办轮次: the case's current round (that of its 交办编号), a second round with its
  大督办 level as of the workbook's as-of day, like the other lists.

Every sheet: frozen, bold header row; column widths; dates as dates (yyyy-mm-dd, or with the
time); rates as 0.00%; A4 landscape, fit to width, header row repeated on every printed page.
Citizens' phones are masked unless `full_phone` is set. Rows are streamed from the database
and written as they come, so memory stays flat however many cases there are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from desk_app.domain import numfmt
from desk_app.domain.casebook import EVENT_ZH, EventKind
from desk_app.domain.lifecycle import STATUS_ZH, CaseStatus, is_overdue
from desk_app.domain.privacy import shown_phone
from desk_app.domain.tally import (
    MEASURES,
    SATISFACTION_DEFINITION,
    UNIT_BREAKDOWN_KEYS,
    UNIT_LEVELS_HEAD,
    WAITING_OF,
    LateCase,
    Tally,
    Waiting,
    channel_zh,
    levels_words,
)
from desk_app.domain.vocab import CALLBACK_METHOD_ZH, OUTCOME_ZH, VERDICT_ZH, Channel
from desk_app.reports.tally_text import period_line, short_label
from desk_app.reports.tally_xlsx import cell_value, change_cell, number_format
from desk_app.reports.wrapping import lines_needed
from desk_app.storage.report_queries import DetailRow, ReceptionRow, ReferralRow, SignOffRow

Progress = Callable[[int, int], None]

DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
SUMMARY_CHARS = 100
HEAD_FONT = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
HEAD_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)

SHEETS = ("汇总", "责任清单", "问题清单", "整改清单", "销号清单", "评价清单", "明细")


_STATUS = {k.value: v for k, v in STATUS_ZH.items()}
_VERDICT = {k.value: v for k, v in VERDICT_ZH.items()}
_METHOD = {k.value: v for k, v in CALLBACK_METHOD_ZH.items()}
_OUTCOME = {k.value: v for k, v in OUTCOME_ZH.items()}
_CHANNEL = {c.value: channel_zh(c.value) for c in Channel}


def status_zh(value: str) -> str:
    return _STATUS.get(value, value)


def verdict_zh(value: str) -> str:
    return _VERDICT.get(value, value) if value else ""


def method_zh(value: str) -> str:
    return _METHOD.get(value, value) if value else ""


def outcome_zh(value: str) -> str:
    return _OUTCOME.get(value, value)


def fast_channel_zh(value: str) -> str:
    return _CHANNEL.get(value, value)


def round_zh(round_no: int, level: str = "") -> str:
    """第2轮（二次督办） and, when known, the level of the 大督办 ladder supervising it (issue 13)."""
    if round_no <= 0:
        return ""
    if round_no < 2:
        return "第1轮"
    return f"第{round_no}轮（二次督办·{level}）" if level else f"第{round_no}轮（二次督办）"


def summary(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS] + "…"


def _ymd(day: date) -> str:
    return f"{day:%Y-%m-%d}"


def slip_note(r: ReferralRow) -> str:
    """交办情况 of a slip as handed over: returned, referred again after a return, extended."""
    parts = []
    if r.returned_on is not None:
        parts.append(f"已退回（{_ymd(r.returned_on)}）：{r.return_reason}")
    if r.attempt > 1:
        parts.append("退回后重新交办，不另计督办轮次")
    if r.original_due is not None:
        parts.append(f"经批准延期至{_ymd(r.reply_due)}（原限{_ymd(r.original_due)}）")
    return "；".join(parts)


S = CaseStatus
# What the case waits on after this slip's round, when it is late (the slip being the case's current one).
_LATE_AFTER_REPLY = {
    S.REPLIED.value: "超期未回访",
    S.DISSATISFIED.value: "不满意超期未再次交办",
    S.REOPENED.value: "重办超期未交办",
}


def late_by_case(tally: Tally) -> dict[str, tuple[LateCase, ...]]:
    """The tally's overdue cases on its as-of day, by case."""
    found: dict[str, list[LateCase]] = {}
    for c in tally.late:
        found.setdefault(c.reception_id, []).append(c)
    return {k: tuple(v) for k, v in found.items()}


def progress_state(r: ReferralRow, as_of: date, late: Iterable[LateCase] = ()) -> str:
    """办理情况 of a slip at the end of `as_of`, the workbook's one as-of day: 按期答复 / 逾期答复
    (and a late callback or next slip after it) / 已退回 / 超期未答复 / 已延期至 … / 已撤回 /
    办理中 / 已转下一轮. A reply or a return dated after `as_of` is not known yet; whether the
    slip or the case after it was late is the tally's own snapshot of that day (`late`: the
    tally's LateCase entries of this case), so the list and the 汇总's overdue figures agree."""
    mine = [c for c in late if (c.round_no, c.attempt) == (r.round_no, r.attempt)]
    waits = {(c.waiting, c.status) for c in mine}
    if r.returned_on is not None and r.returned_on <= as_of:
        return "已退回，超期未重新交办" if (Waiting.NEXT_SLIP.value, S.RETURNED.value) in waits else "已退回"
    if r.replied_on is not None and r.replied_on <= as_of:
        base = "按期答复" if r.replied_on <= r.reply_due else "逾期答复"
        extra = next((_LATE_AFTER_REPLY[st] for _w, st in sorted(waits) if st in _LATE_AFTER_REPLY), None)
        return f"{base}，{extra}" if extra else base
    if Waiting.REPLY.value in {w for w, _st in waits}:
        return "超期未答复"
    if (Waiting.NEXT_SLIP.value, S.REOPENED.value) in waits:  # withdrawn before a reply, reopened
        return _LATE_AFTER_REPLY[S.REOPENED.value]
    if withdrawn_as_of(r, as_of):
        return "已撤回"
    if not r.is_current:
        return "已转下一轮"
    due, extended = due_as_of(r, as_of)
    if extended:
        return f"已延期至{_ymd(due)}"
    return "办理中"


def due_as_of(r: ReferralRow, as_of: date) -> tuple[date, bool]:
    """The slip's deadline as it stood at the end of `as_of`, and whether an extension had been
    approved by then: an extension approved later has not moved it yet."""
    if not r.extensions:
        return r.reply_due, r.original_due is not None
    later = [old for decided, old, _new in r.extensions if decided is None or decided > as_of]
    known = len(later) < len(r.extensions)
    return (later[0] if later else r.reply_due), known


def withdrawn_as_of(r: ReferralRow, as_of: date) -> bool:
    """Whether the case stood withdrawn (撤回) in this slip's round at the end of `as_of`."""
    if r.withdrawn_on is None:
        # A row that does not say when (made by hand): withdrawn now, and its slip current.
        return r.status == S.WITHDRAWN.value and r.is_current
    if r.withdrawn_on > as_of:
        return False
    reopened = r.reopened_on is not None and r.withdrawn_on <= r.reopened_on <= as_of
    return not reopened and (r.is_current or r.status != S.WITHDRAWN.value)


_CLOSING_ZH = {k.value: v for k, v in EVENT_ZH.items()}


def closing_zh(kind: str) -> str:
    """办结方式 of a closing in the sign-off list."""
    return _CLOSING_ZH.get(kind, kind) if kind != EventKind.SIGNED_OFF.value else "销号"


_OVERDUE_ZH = {s.value: short_label(w.value) for s, w in WAITING_OF.items()}


def overdue_zh(status: str, waiting_due: date | None, today: date) -> str:
    """超期情况 of a case today: which deadline it is past (超期未答复 / 超期未回访 / 超期未交办)."""
    if status not in _OVERDUE_ZH or not is_overdue(CaseStatus(status), waiting_due, today):
        return ""
    return _OVERDUE_ZH[status]


def gone_note(r: DetailRow) -> str:
    """备注 of a voided or merged registration in the detail sheet."""
    if r.status == S.VOIDED.value:
        return f"已作废：{r.gone_reason}" if r.gone_reason else "已作废"
    if r.status == S.MERGED.value:
        into = f"已合并至{r.merged_into}" if r.merged_into else "已合并"
        return f"{into}：{r.gone_reason}" if r.gone_reason else into
    return ""


LINE_HEIGHT = 15.0  # points per wrapped line of 11-point text (Chinese fonts included)
MAX_HEIGHT = 409.0  # Excel's highest row


def row_height(values: Sequence[object], widths: Sequence[tuple[int, float]]) -> float | None:
    """A row height that shows every wrapped cell whole (None: one line is enough). Set on the
    row itself, so neither Excel nor LibreOffice has to measure it when opening the file."""
    lines = 1
    for i, width in widths:
        value = values[i]
        text = value.value if isinstance(value, Cell) else value
        if isinstance(text, str) and text:
            lines = max(lines, lines_needed(text, width))
    return None if lines == 1 else min(lines * LINE_HEIGHT + 3, MAX_HEIGHT)


def page_furniture(ws: WriteOnlyWorksheet | Worksheet, heading: str) -> None:
    """The printed page's header (what and as of when) and footer (sheet, page N of M)."""
    ws.oddHeader.left.text = heading
    ws.oddHeader.left.size = 9
    ws.oddFooter.center.text = "&A 第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9


@dataclass(frozen=True, slots=True)
class Column:
    heading: str
    width: float
    fmt: str | None = None  # a number format for dates, counts and rates
    wrap: bool = False


class _Sheet:
    """A write-only sheet with a styled header, widths, frozen header and print set-up."""

    def __init__(self, wb: Workbook, title: str, columns: Sequence[Column], heading: str = "") -> None:
        ws: WriteOnlyWorksheet = wb.create_sheet(title)
        self.ws = ws
        self.rows = 0
        for i, col in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = col.width
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.paperSize = 9  # A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = True
        page_furniture(ws, heading)
        self._wrapped = [(i, col.width) for i, col in enumerate(columns) if col.wrap]
        head = []
        for col in columns:
            c = WriteOnlyCell(ws, col.heading)
            c.font, c.fill, c.alignment = HEAD_FONT, HEAD_FILL, HEAD_ALIGN
            head.append(c)
        ws.append(head)
        # Columns that need a format (dates) or wrapping get one styled cell each, reused for
        # every row: a write-only row is serialized as soon as it is appended.
        wrap = Alignment(wrap_text=True, vertical="top")
        self._styled: list[tuple[int, WriteOnlyCell]] = []
        for i, col in enumerate(columns):
            if col.fmt or col.wrap:
                cell = WriteOnlyCell(ws)
                if col.fmt:
                    cell.number_format = col.fmt
                if col.wrap:
                    cell.alignment = wrap
                self._styled.append((i, cell))

    def append(self, values: list[object]) -> None:
        for i, cell in self._styled:
            value = values[i]
            if value is None or value == "" or (isinstance(value, str) and cell.number_format != "General"):
                continue  # a text in a date or number column ("—") stays plain
            cell.value = value
            values[i] = cell
        height = row_height(values, self._wrapped)
        index = self.rows + 2  # after the header row
        if height is not None:
            self.ws.row_dimensions[index].height = height
        self.ws.append(values)
        if height is not None:
            del self.ws.row_dimensions[index]  # written: keep memory flat over 100,000 rows
        self.rows += 1


RESPONSIBILITY = (
    Column("序号", 6),
    Column("交办编号", 26),
    Column("督办轮次", 16),
    Column("交办日期", 12, DATE),
    Column("承办单位", 24),
    Column("承办人", 10),
    Column("督办代表", 10),
    Column("办理时限(工作日)", 10, "0"),
    Column("答复期限", 12, DATE),
    Column("交办情况", 30, wrap=True),
    Column("问题类别", 10),
    Column("反映问题(摘要)", 50, wrap=True),
    Column("群众", 10),
    Column("联系电话", 15),
    Column("类案", 20, wrap=True),
)
PROBLEMS = (
    Column("序号", 6),
    Column("登记时间", 17, DATETIME),
    Column("来源渠道", 10),
    Column("群众", 10),
    Column("联系电话", 15),
    Column("问题类别", 10),
    Column("反映问题", 60, wrap=True),
    Column("处理方式", 10),
    Column("交办编号", 26),
    Column("督办轮次", 16),
    Column("案件状态", 11),
    Column("类案", 20, wrap=True),
)
RECTIFICATION = (
    Column("序号", 6),
    Column("交办编号", 26),
    Column("督办轮次", 16),
    Column("承办单位", 24),
    Column("反映问题(摘要)", 45, wrap=True),
    Column("答复期限", 12, DATE),
    Column("答复日期", 12, DATE),
    Column("办理结果", 45, wrap=True),
    Column("办理情况", 20, wrap=True),
    Column("案件状态", 11),
    Column("类案", 20, wrap=True),
)
SIGN_OFF = (
    Column("序号", 6),
    Column("交办编号", 26),
    Column("反映问题(摘要)", 45, wrap=True),
    Column("承办单位", 24),
    Column("督办轮次", 16),
    Column("办结方式", 10),
    Column("回访时间", 17, DATETIME),
    Column("回访人", 10),
    Column("回访方式", 9),
    Column("群众评价", 10),
    Column("办结时间", 17, DATETIME),
    Column("经办人", 10),
    Column("办结说明", 30, wrap=True),
    Column("案件现状", 11),
    Column("类案", 20, wrap=True),
)
EVALUATION = (
    (Column("承办单位", 28),)
    + tuple(Column(short_label(k), 11, number_format(k)) for k in UNIT_BREAKDOWN_KEYS)
    + (Column(UNIT_LEVELS_HEAD, 30, wrap=True),)
)
DETAIL = (
    Column("登记时间", 17, DATETIME),
    Column("站点", 24),
    Column("来源渠道", 10),
    Column("群众姓名", 10),
    Column("联系电话", 15),
    Column("住址", 24),
    Column("问题类别", 10),
    Column("反映问题", 60),
    Column("处理方式", 10),
    Column("现场答复", 30),
    Column("接待代表", 18),
    Column("案件状态", 11),
    Column("督办轮次", 8),
    Column("交办编号", 26),
    Column("承办单位", 24),
    Column("承办人", 10),
    Column("交办日期", 12, DATE),
    Column("答复期限", 12, DATE),
    Column("答复日期", 12, DATE),
    Column("超期情况", 11),
    Column("回访时间", 17, DATETIME),
    Column("回访评价", 10),
    Column("销号时间", 17, DATETIME),
    Column("备注", 30, wrap=True),
    Column("类案", 20, wrap=True),
)


@dataclass(slots=True)
class SummarySources:
    """What the workbook is made of; iterators are consumed once, in sheet order."""

    tally: Tally
    referrals: Callable[[], Iterable[ReferralRow]]
    receptions: Callable[[], Iterable[ReceptionRow]]
    sign_offs: Callable[[], Iterable[SignOffRow]]
    details: Callable[[], Iterable[DetailRow]]
    total_rows: int  # for progress: rows of all list sheets together
    today: date
    # (case id, round) -> the supervising level's words, for rounds >= 2 (issue 13's 大督办):
    # 责任清单, 整改清单 and 销号清单 show it with the round (a closed round may be older than the period).
    levels: dict[tuple[str, int], str] = field(default_factory=dict)
    # case id -> the subject of the class (类案, issue 14) it is in: the 类案 column of the four
    # lists of cases and of 明细.
    classes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SummaryWritten:
    rows: dict[str, int]


class _Ticker:
    def __init__(self, total: int, progress: Progress | None) -> None:
        self.done, self.total, self.progress = 0, max(total, 1), progress

    def tick(self) -> None:
        self.done += 1
        if self.progress is not None and self.done % 1000 == 0:
            self.progress(min(self.done, self.total), self.total)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)


_WAITING_ZH = {w.value: short_label(w.value) for w in Waiting}


def late_zh(late: Iterable[LateCase]) -> str:
    """超期情况 of a case on the workbook's as-of day, from the tally's own snapshot."""
    return "、".join(sorted({_WAITING_ZH[c.waiting] for c in late}))


def detail_values(
    r: DetailRow,
    today: date,
    full_phone: bool,
    late: dict[str, tuple[LateCase, ...]] | None = None,
    classes: Mapping[str, str] | None = None,
) -> list[object]:
    """A 明细 row; 超期情况 as of `today`, or from the tally's snapshot (`late`) in the workbook;
    类案 from `classes` (case id -> the subject of its class)."""
    return [
        r.received_at,
        r.station,
        fast_channel_zh(r.channel),
        r.citizen_name,
        shown_phone(r.citizen_phone, full=full_phone),
        r.citizen_address,
        r.category,
        r.content,
        outcome_zh(r.outcome),
        r.on_site_answer,
        r.deputies,
        status_zh(r.status),
        r.round_no or None,
        r.serial,
        r.unit,
        r.handler,
        r.referred_on,
        r.reply_due,
        r.replied_on,
        overdue_zh(r.status, r.waiting_due, today) if late is None else late_zh(late.get(r.reception_id, ())),
        r.called_at,
        verdict_zh(r.verdict),
        r.signed_off_at,
        gone_note(r),
        (classes or {}).get(r.reception_id, ""),
    ]


def as_of_heading(tally: Tally) -> str:
    """The printed header of every sheet: whose workbook, which period, as of which day."""
    return (
        f"{tally.scope}　统计期间：{tally.period.label}"
        f"（{_ymd(tally.period.start)}至{_ymd(tally.period.end)}）　统计截至：{_ymd(tally.as_of)}"
    )


def write_summary_xlsx(
    target: Path | BinaryIO,
    src: SummarySources,
    *,
    full_phone: bool = False,
    progress: Progress | None = None,
) -> SummaryWritten:
    wb = Workbook(write_only=True)
    tally, today = src.tally, src.today
    # One as-of day for the whole workbook: the tally's (the period's last day, or today if
    # earlier). The lists' 办理情况 are as of that day too, and every printed page says so.
    as_of = tally.as_of
    heading = as_of_heading(tally)
    late = late_by_case(tally)
    ticker = _Ticker(src.total_rows, progress)
    summary_ws: WriteOnlyWorksheet = wb.create_sheet(SHEETS[0])  # filled last, with the row counts
    counts: dict[str, int] = {}

    def phone(p: str) -> str:
        return shown_phone(p, full=full_phone)

    responsibility = _Sheet(wb, "责任清单", RESPONSIBILITY, heading)
    for n, r in enumerate(src.referrals(), start=1):
        responsibility.append(
            [
                n,
                r.serial,
                round_zh(r.round_no, src.levels.get((r.reception_id, r.round_no), "")),
                r.referred_on,
                r.unit,
                r.handler,
                r.supervisor,
                r.working_days,
                r.reply_due,
                slip_note(r),
                r.category,
                summary(r.content),
                r.citizen_name,
                phone(r.citizen_phone),
                src.classes.get(r.reception_id, ""),
            ]
        )
        ticker.tick()
    counts["责任清单"] = responsibility.rows

    problems = _Sheet(wb, "问题清单", PROBLEMS, heading)
    for n, p in enumerate(src.receptions(), start=1):
        problems.append(
            [
                n,
                p.received_at,
                channel_zh(p.channel),
                p.citizen_name,
                phone(p.citizen_phone),
                p.category,
                p.content,
                outcome_zh(p.outcome),
                p.serial,
                round_zh(p.round_no, src.levels.get((p.reception_id, p.round_no), "")),
                status_zh(p.status),
                src.classes.get(p.reception_id, ""),
            ]
        )
        ticker.tick()
    counts["问题清单"] = problems.rows

    rectification = _Sheet(wb, "整改清单", RECTIFICATION, heading)
    # The same slips again, read a second time rather than held in memory.
    for n, r in enumerate(src.referrals(), start=1):
        rectification.append(
            [
                n,
                r.serial,
                round_zh(r.round_no, src.levels.get((r.reception_id, r.round_no), "")),
                r.unit,
                summary(r.content),
                due_as_of(r, as_of)[0],
                r.replied_on if r.replied_on is not None and r.replied_on <= as_of else None,
                r.reply_text if r.replied_on is not None and r.replied_on <= as_of else "",
                progress_state(r, as_of, late.get(r.reception_id, ())),
                status_zh(r.status),
                src.classes.get(r.reception_id, ""),
            ]
        )
        ticker.tick()
    counts["整改清单"] = rectification.rows

    sign_off = _Sheet(wb, "销号清单", SIGN_OFF, heading)
    for n, s in enumerate(src.sign_offs(), start=1):
        sign_off.append(
            [
                n,
                s.serial,
                summary(s.content),
                s.unit,
                round_zh(s.round_no, src.levels.get((s.reception_id, s.round_no), "")),
                closing_zh(s.kind),
                s.called_at,
                s.caller,
                method_zh(s.method),
                verdict_zh(s.verdict),
                s.signed_off_at,
                s.signed_off_by,
                s.note,
                status_zh(s.status),
                src.classes.get(s.reception_id, ""),
            ]
        )
        ticker.tick()
    counts["销号清单"] = sign_off.rows

    evaluation = _Sheet(wb, "评价清单", EVALUATION, heading)
    for label, figures, levels in (
        *((row.label, row.current, tally.unit_levels_words(row.label)) for row in tally.by_unit),
        ("合计", tally.current, levels_words(tally.second_rounds_by_level)),
    ):
        values: list[object] = [label]
        values += [cell_value(figures, k) for k in UNIT_BREAKDOWN_KEYS]
        evaluation.append([*values, levels])
    counts["评价清单"] = evaluation.rows - 1

    detail = _Sheet(wb, "明细", DETAIL, heading)
    for d in src.details():
        detail.append(detail_values(d, today, full_phone, late, src.classes))
        ticker.tick()
    counts["明细"] = detail.rows

    _write_summary(summary_ws, tally, counts, full_phone, heading)
    ticker.finish()
    wb.save(target)
    return SummaryWritten(counts)


SUMMARY_WIDTHS = (24, 12, 12, 12, 12, 12, 70)  # 指标 本期 上期 环比 去年同期 同比 口径


def _write_summary(
    ws: WriteOnlyWorksheet, tally: Tally, counts: dict[str, int], full_phone: bool, heading: str
) -> None:
    for i, width in enumerate(SUMMARY_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A5"
    ws.print_title_rows = "4:4"
    ws.page_setup.paperSize = 9
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    page_furniture(ws, heading)
    row_no = 0

    def cell(
        value: object, *, fmt: str | None = None, bold: bool = False, head: bool = False, wrap: bool = False
    ) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value)
        if fmt and not isinstance(value, str):
            c.number_format = fmt
        if bold or head:
            c.font = Font(bold=True, size=14 if bold and not head else 11)
        if head:
            c.fill, c.alignment = HEAD_FILL, HEAD_ALIGN
        if wrap:
            c.alignment = Alignment(wrap_text=True, vertical="top")
        return c

    width_all = float(sum(SUMMARY_WIDTHS))
    last_col = get_column_letter(len(SUMMARY_WIDTHS))

    def append(
        values: list[object], *, wrapped: Sequence[tuple[int, float]] = (), merge: bool = False
    ) -> None:
        """Append a row; `merge`: one text across the sheet's width, wrapped to fit when printed."""
        nonlocal row_no
        row_no += 1
        if merge:
            ws.merged_cells.add(f"A{row_no}:{last_col}{row_no}")
            wrapped = ((0, width_all),)
        height = row_height(values, wrapped)
        if height is not None:
            ws.row_dimensions[row_no].height = height
        ws.append(values)

    ws.row_dimensions[1].height = 24
    append([cell(tally.title.replace("工作统计", "工作汇总表"), bold=True)], merge=True)
    append([cell(period_line(tally).replace("\n", "　"), wrap=True)], merge=True)
    append(
        [
            cell(
                "统计范围："
                + "、".join(tally.stations)
                + ("　（联系电话已隐去中间数字）" if not full_phone else ""),
                wrap=True,
            )
        ],
        merge=True,
    )
    heads = ("指标", "本期", "上期", "环比增减", "去年同期", "同比增减", "统计口径")
    append([cell(h, head=True) for h in heads])
    definition = ((len(heads) - 1, float(SUMMARY_WIDTHS[-1])),)
    for m in MEASURES:
        cur = cell_value(tally.current, m.key)
        prev = cell_value(tally.previous, m.key)
        ago = cell_value(tally.year_ago, m.key)
        fmt = number_format(m.key)
        diff, diff_format = change_cell(m.key, tally.current, tally.previous)
        diff_ago, _ = change_cell(m.key, tally.current, tally.year_ago)
        append(
            [
                m.label,
                cell(cur, fmt=fmt),
                cell(prev, fmt=fmt),
                cell(diff, fmt=diff_format),
                cell(ago, fmt=fmt),
                cell(diff_ago, fmt=diff_format),
                cell(m.definition, wrap=True),
            ],
            wrapped=definition,
        )
    append([])
    note = "满意率口径：" + SATISFACTION_DEFINITION
    append([cell(note, wrap=True)], merge=True)
    append([])
    # The lists against the tally, on the workbook's one as-of day.
    append(
        [cell(f"清单与统计核对（统计截至{_ymd(tally.as_of)}，各表办理情况、超期情况均按此日）", bold=True)]
    )
    append(
        [
            cell(h, head=True)
            for h in ("超期指标", "统计表", "本期交办的", "以前交办或未交办的", "", "", "说明")
        ]
    )
    for w in Waiting:
        total = measure_value_int(tally, w.value)
        mine = tally.late_after_period_slips(w)
        append(
            [
                short_label(w.value),
                cell(total, fmt=numfmt.COUNT_FORMAT),
                cell(mine, fmt=numfmt.COUNT_FORMAT),
                cell(total - mine, fmt=numfmt.COUNT_FORMAT),
                "",
                "",
                cell(_RECONCILE_NOTE[w], wrap=True),
            ],
            wrapped=definition,
        )
    append([])
    append([cell("工作表", head=True), cell("行数", head=True), cell("内容", head=True)])
    about = {
        "责任清单": "本期开出的交办单：谁负责、何时交办、期限（含被退回的交办单，注明退回）",
        "问题清单": "本期登记的群众反映问题（不含已作废的登记和已合并的重复登记）",
        "整改清单": f"本期交办事项截至{_ymd(tally.as_of)}的办理进度和结果",
        "销号清单": "本期办结的案件及依据：销号（回访满意）、解释办结、撤回分别注明",
        "评价清单": "各承办单位办理和满意情况（与统计表一致，回访只计接通的）",
        "明细": f"本期登记的全部案件明细（已作废、已合并的注明；超期情况截至{_ymd(tally.as_of)}）",
    }
    for name, text in about.items():
        append([name, cell(counts.get(name, 0), fmt=numfmt.COUNT_FORMAT), text])
    append([])
    statuses = (
        f"案件状态、案件现状两列为制表日（{_ymd(tally.made_on)}）的现状；其余各列均截至{_ymd(tally.as_of)}。"
    )
    append([cell(statuses, wrap=True)], merge=True)


_RECONCILE_NOTE = {
    Waiting.REPLY: "“本期交办的”即整改清单中办理情况为“超期未答复”的行数。",
    Waiting.CALLBACK: "“本期交办的”即整改清单中办理情况含“超期未回访”的行数。",
    Waiting.NEXT_SLIP: "“本期交办的”即整改清单中含“超期未重新交办”“超期未再次交办”“重办超期未交办”的行数；"
    "新登记待交办的案件没有交办单，计入右栏。",
}


def measure_value_int(tally: Tally, key: str) -> int:
    return int(getattr(tally.current, key))


def write_detail_xlsx(
    target: Path | BinaryIO,
    rows: Iterable[DetailRow],
    *,
    today: date,
    total: int,
    full_phone: bool = False,
    progress: Progress | None = None,
    classes: Mapping[str, str] | None = None,
) -> int:
    """Only the detail sheet (明细), e.g. every case of five years; returns the number of rows."""
    wb = Workbook(write_only=True)
    detail = _Sheet(wb, "明细", DETAIL)
    ticker = _Ticker(total, progress)
    for d in rows:
        detail.append(detail_values(d, today, full_phone, classes=classes))
        ticker.tick()
    ticker.finish()
    wb.save(target)
    return detail.rows
