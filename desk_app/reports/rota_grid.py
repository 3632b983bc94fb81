"""The duty rota as a month grid (排班月历): a wall chart a deputy reads at a glance.

One page (PDF) or one sheet (Excel) per station and month: a calendar of weeks, Monday first,
each day a cell with its date, the deputies on duty in big type (by period when a day has more
than one), holidays shaded and named (国庆节 · 休), swapped working days marked (调休上班), and a
slot still short of deputies marked (缺N人). Days of the neighbouring months are left blank.

`month_grid` builds the grid from the rota's rows and the desk's working calendar (pure, no
I/O); the two writers only lay it out.
"""

from __future__ import annotations

import calendar as pycalendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desk_app.domain.duty import PERIOD_ZH
from desk_app.domain.rota import Period as DutyPeriod
from desk_app.domain.workcalendar import HOLIDAY_ZH, WorkCalendar
from desk_app.storage.rota_records import RotaSheetRow

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")
HOLIDAY_MARK = "休"
SWAPPED_MARK = "调休上班"
_PERIOD_RANK = {DutyPeriod.MORNING.value: 0, DutyPeriod.FULL_DAY.value: 0, DutyPeriod.AFTERNOON.value: 1}


@dataclass(frozen=True, slots=True)
class Duty:
    period: str  # 上午 / 下午 / 全天
    names: tuple[str, ...]
    missing: int
    note: str = ""  # a studio's moved or dropped opening (domain.studios)


@dataclass(frozen=True, slots=True)
class GridDay:
    day: date
    holiday: str  # the holiday's name (春节), "" on other days
    swapped: bool  # a weekend day made a working day (调休上班)
    weekend: bool
    duties: tuple[Duty, ...]
    events: tuple[str, ...] = ()  # theme reception days (主题接待日) of the station that day

    @property
    def off(self) -> bool:
        return bool(self.holiday)

    @property
    def mark(self) -> str:
        """What the cell says beside the date: 国庆节 · 休 / 调休上班 / ""."""
        if self.holiday:
            return f"{self.holiday} · {HOLIDAY_MARK}"
        return SWAPPED_MARK if self.swapped else ""

    def lines(self) -> list[str]:
        """The names to print, one line per period (with the period when the day has several)."""
        several = len(self.duties) > 1
        out = []
        for d in self.duties:
            text = "、".join(d.names)
            if d.missing:
                text += ("　" if text else "") + f"（缺{d.missing}人）"
            if d.note:
                text += ("　" if text else "") + f"（{d.note}）"
            out.append(f"{d.period}：{text}" if several else text)
        out += [f"主题接待日：{theme}" for theme in self.events]
        return out


@dataclass(frozen=True, slots=True)
class MonthGrid:
    station: str
    year: int
    month: int
    weeks: tuple[tuple[GridDay | None, ...], ...]  # Monday first; None outside the month

    @property
    def title(self) -> str:
        return f"{self.station}　{self.year}年{self.month}月代表值班表"

    def days(self) -> list[GridDay]:
        return [d for week in self.weeks for d in week if d is not None]


def _period_zh(period: str) -> str:
    return PERIOD_ZH.get(DutyPeriod(period), period) if period in set(DutyPeriod) else period


def month_grid(
    station: str,
    year: int,
    month: int,
    rows: Sequence[RotaSheetRow],
    calendar: WorkCalendar,
    events: Mapping[date, Sequence[str]] | None = None,
) -> MonthGrid:
    """The month's grid of one station from its rota rows (other months' rows are ignored);
    `events`: the station's theme reception days by date."""
    events = events or {}
    by_day: dict[date, list[RotaSheetRow]] = {}
    for r in rows:
        if (r.day.year, r.day.month) == (year, month):
            by_day.setdefault(r.day, []).append(r)
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells: list[GridDay | None] = []
        for day in week:
            if day.month != month:
                cells.append(None)
                continue
            holiday = calendar.holiday(day)
            duties = tuple(
                Duty(_period_zh(r.period), tuple(r.deputy_names), r.missing, r.note)
                for r in sorted(by_day.get(day, ()), key=lambda r: _PERIOD_RANK.get(r.period, 9))
            )
            cells.append(
                GridDay(
                    day,
                    HOLIDAY_ZH[holiday] if holiday is not None else "",
                    calendar.is_swapped_workday(day),
                    day.weekday() >= 5,
                    duties,
                    tuple(events.get(day, ())),
                )
            )
        weeks.append(tuple(cells))
    return MonthGrid(station, year, month, tuple(weeks))


# Theme reception days by (station name, date): their themes.
Events = Mapping[tuple[str, date], Sequence[str]]


def grids_by_station(
    year: int,
    month: int,
    rows: Sequence[RotaSheetRow],
    calendar: WorkCalendar,
    fallback_station: str,
    events: Events | None = None,
) -> list[MonthGrid]:
    """One grid per station with duties in the month (the desk's own station when none)."""
    stations = list(dict.fromkeys(r.station_name for r in rows)) or [fallback_station]
    events = events or {}
    return [
        month_grid(
            s,
            year,
            month,
            [r for r in rows if r.station_name == s],
            calendar,
            {day: themes for (name, day), themes in events.items() if name == s},
        )
        for s in stations
    ]


def grids_between(
    start: date,
    end: date,
    rows: Sequence[RotaSheetRow],
    calendar: WorkCalendar,
    fallback_station: str,
    events: Events | None = None,
) -> list[MonthGrid]:
    """Every month from `start` to `end` (a quarter's rota: three), each station's grid."""
    grids: list[MonthGrid] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        grids += grids_by_station(year, month, rows, calendar, fallback_station, events)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return grids


# -- PDF -------------------------------------------------------------------------------------------

HOLIDAY_FILL = "#FDE2E2"
HOLIDAY_TEXT = "#B3261E"
SWAPPED_FILL = "#FFF2CC"
SWAPPED_TEXT = "#9C5700"
WEEKEND_FILL = "#F2F2F2"
HEAD_FILL = "#DDEBF7"


def write_rota_grid_pdf(
    path: Path,
    grids: Sequence[MonthGrid],
    *,
    printed_on: date,
    font_path: str | None = None,
) -> None:
    """A4 landscape, one page per station; raises fonts.CjkFontMissing without a Chinese font."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from desk_app.reports.fonts import register_cjk_font

    font = register_cjk_font(font_path)
    page = landscape(A4)
    margin = 10 * mm
    width = page[0] - 2 * margin
    title = ParagraphStyle("title", fontName=font, fontSize=20, leading=26, alignment=TA_CENTER)
    head = ParagraphStyle("head", fontName=font, fontSize=13, leading=16, alignment=TA_CENTER)
    note = ParagraphStyle("note", fontName=font, fontSize=9, leading=12, textColor=colors.grey)
    day_style = ParagraphStyle("day", fontName=font, fontSize=11, leading=13)
    names = ParagraphStyle("names", fontName=font, fontSize=15, leading=19, wordWrap="CJK")
    story: list[object] = []
    for i, grid in enumerate(grids):
        if i:
            story.append(PageBreak())
        story += [Paragraph(grid.title, title), Spacer(1, 3 * mm)]
        data: list[list[object]] = [[Paragraph(f"星期{w}", head) for w in WEEKDAYS]]
        style: list[tuple[object, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.8, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEAD_FILL)),
            ("VALIGN", (0, 1), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ]
        for r, week in enumerate(grid.weeks, start=1):
            row: list[object] = []
            for c, cell in enumerate(week):
                if cell is None:
                    row.append("")
                    continue
                mark = cell.mark
                colour = HOLIDAY_TEXT if cell.off else SWAPPED_TEXT
                top = f"{cell.day.day}日" + (f'　<font color="{colour}">{mark}</font>' if mark else "")
                parts: list[object] = [Paragraph(top, day_style)]
                parts += [Paragraph(line, names) for line in cell.lines()]
                row.append(parts)
                fill = HOLIDAY_FILL if cell.off else SWAPPED_FILL if cell.swapped else None
                if fill is None and cell.weekend:
                    fill = WEEKEND_FILL
                if fill is not None:
                    style.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(fill)))
            data.append(row)
        usable = page[1] - 2 * margin - 50 * mm
        row_h = max(usable / len(grid.weeks), 24 * mm)
        per_line = max(int((width / 7 - 6) // names.fontSize), 1)  # Chinese characters a line holds
        heights = [9 * mm]
        for week in grid.weeks:
            lines = max(
                (sum(-(-len(x) // per_line) for x in cell.lines()) for cell in week if cell is not None),
                default=0,
            )
            heights.append(max(row_h, day_style.leading + lines * names.leading + 10))
        table = Table(data, colWidths=[width / 7] * 7, rowHeights=heights, repeatRows=1)
        table.setStyle(TableStyle(style))
        story += [table, Spacer(1, 3 * mm)]
        story.append(
            Paragraph(
                f"红色：法定节假日（休），不安排值班；黄色：调休上班日，照常值班。制表日期：{printed_on.isoformat()}",
                note,
            )
        )
    doc = SimpleDocTemplate(
        str(path),
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=grids[0].title if grids else "",
    )
    doc.build(story)


# -- Excel -----------------------------------------------------------------------------------------


def write_rota_grid_xlsx(path: Path, grids: Sequence[MonthGrid], *, printed_on: date) -> None:
    """One sheet per station: a week a row, a day a cell (date, mark, names), A4 landscape."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="medium", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    fills = {
        "holiday": PatternFill("solid", fgColor=HOLIDAY_FILL[1:]),
        "swapped": PatternFill("solid", fgColor=SWAPPED_FILL[1:]),
        "weekend": PatternFill("solid", fgColor=WEEKEND_FILL[1:]),
        "head": PatternFill("solid", fgColor=HEAD_FILL[1:]),
    }
    big = Font(size=16)
    wrap = Alignment(wrap_text=True, vertical="top")
    for grid in grids:
        name = grid.station[:31]
        for ch in "[]:*?/\\":
            name = name.replace(ch, "_")
        ws = wb.create_sheet(name or "值班表")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=7)
        ws.cell(1, 1, grid.title).font = Font(size=20, bold=True)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        ws.row_dimensions[1].height = 32
        for c, w in enumerate(WEEKDAYS, start=1):
            h = ws.cell(2, c, f"星期{w}")
            h.font, h.fill, h.border = Font(size=14, bold=True), fills["head"], box
            h.alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[2].height = 24
        for r, week in enumerate(grid.weeks, start=3):
            lines_most = 2
            for c, cell in enumerate(week, start=1):
                target = ws.cell(r, c)
                target.border = box
                if cell is None:
                    continue
                head = f"{cell.day.day}日" + (f"  {cell.mark}" if cell.mark else "")
                lines = cell.lines()
                target.value = "\n".join([head, *lines])
                target.font, target.alignment = big, wrap
                if cell.off:
                    target.fill = fills["holiday"]
                elif cell.swapped:
                    target.fill = fills["swapped"]
                elif cell.weekend:
                    target.fill = fills["weekend"]
                # Names wrap at about 7 Chinese characters in a 22-wide column at 16 points.
                lines_most = max(lines_most, 1 + sum(max(1, -(-len(x) // 7)) for x in lines))
            ws.row_dimensions[r].height = min(22 * lines_most + 6, 409)
        last = 3 + len(grid.weeks)
        ws.cell(
            last + 1,
            1,
            f"红色：法定节假日（休），不安排值班；黄色：调休上班日，照常值班。制表日期：{printed_on.isoformat()}",
        )
        for c in range(1, 8):
            ws.column_dimensions[chr(ord("A") + c - 1)].width = 22
        ws.print_title_rows = "2:2"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.oddFooter.center.text = "&A 第 &P 页，共 &N 页"
    wb.properties.title = grids[0].title if grids else ""
    wb.save(path)
