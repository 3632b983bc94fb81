"""The ledger (台账) as Excel: the template the desk writes, and reading a clerk's file back.

Every sheet is read whose header row (found among its first rows, under any title rows such as a
merged 浉河区人大代表监督岗接待台账) names a ledger's columns: a sheet of cases (登记时间 and 反映问题)
or a sheet of deputy visits (日期 and 代表姓名). Headings are matched to columns by the template's
names, common synonyms (desk_app.domain.ledger.HEADING_ALIASES) and, for anything else, a mapping
the clerk gives (their heading -> the template's heading). Empty rows (also pre-numbered ones, with
only a 序号), 合计/小计 rows and the template's sample row are passed over. A date without a year
(4月27日) takes the year of the sheet's name or title, or the one given. Every bad cell is reported
with its sheet, Excel row and the heading as written in the file; nothing is applied here.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from desk_app.domain.duty import VISIT_KIND_ZH
from desk_app.domain.ledger import (
    COLUMN_ZH,
    COLUMNS,
    HEADING_ALIASES,
    REQUIRED,
    VISIT_COLUMN_ZH,
    VISIT_COLUMNS,
    VISIT_HEADING_ALIASES,
    VISIT_REQUIRED,
    LedgerEntry,
    VisitEntry,
    parse_row,
    parse_visit_row,
    sheet_year,
)
from desk_app.domain.vocab import CALLBACK_METHOD_ZH, CHANNEL_ZH, VERDICT_ZH

SHEET_TITLE = "接待交办台账"
WIDTHS = {
    "received_at": 17,
    "content": 40,
    "on_site_answer": 24,
    "reply_text": 30,
    "serial": 26,
    "unit": 22,
    "citizen_address": 22,
    "citizen_words": 20,
    "sign_off_note": 16,
}
SAMPLE = {
    "received_at": datetime(2026, 9, 3, 9, 30),
    "channel": "来访",
    "citizen_name": "张桂兰",
    "citizen_phone": "13903761234",
    "citizen_address": "五星街道北京路社区3号楼",
    "category": "物业",
    "content": "小区3号楼电梯停运一周，老人上下楼困难，请督促物业尽快维修。",
    "outcome": "交办",
    "serial": "",
    "referred_on": datetime(2026, 9, 3),
    "unit": "五星街道办事处",
    "handler": "王科长",
    "supervisor": "赵代表",
    "working_days": 10,
    "replied_on": datetime(2026, 9, 10),
    "reply_text": "已督促物业更换主板，电梯于9月9日恢复运行。",
    "called_at": datetime(2026, 9, 12, 15, 0),
    "caller": "李明",
    "method": "电话",
    "verdict": "满意",
    "signed_off_at": datetime(2026, 9, 13, 10, 0),
    "headcount": 1,
    "note": "示例行：导入时不会导入这一行，可以删去",
}
VISITS_SHEET_TITLE = "代表进站"


def write_template(path: Path) -> None:
    """An empty ledger with headings (* = required), one sample row, widths and drop-downs."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append([h + ("*" if k in REQUIRED else "") for k, h, _ in COLUMNS])
    ws.append([SAMPLE.get(k) for k, _, _ in COLUMNS])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, (key, _, _) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = WIDTHS.get(key, 12)
        if key in ("received_at", "called_at", "signed_off_at"):
            ws.cell(2, i).number_format = "yyyy-mm-dd hh:mm"
        elif key in ("referred_on", "replied_on"):
            ws.cell(2, i).number_format = "yyyy-mm-dd"
        elif key == "citizen_phone":
            ws.cell(2, i).number_format = "@"
    lists = {
        "channel": CHANNEL_ZH.values(),
        "outcome": ("现场解决", "咨询", "交办"),
        "method": CALLBACK_METHOD_ZH.values(),
        "verdict": VERDICT_ZH.values(),
    }
    for key, choices in lists.items():
        col = get_column_letter([k for k, _, _ in COLUMNS].index(key) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}10000")
    ws.freeze_panes = "B2"
    visits = wb.create_sheet(VISITS_SHEET_TITLE)
    visits.append([h + ("*" if k in VISIT_REQUIRED else "") for k, h, _ in VISIT_COLUMNS])
    for cell in visits[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for letter, width in zip("ABCD", (14, 24, 12, 30), strict=True):
        visits.column_dimensions[letter].width = width
    kinds = DataValidation(
        type="list", formula1='"' + ",".join(VISIT_KIND_ZH.values()) + '"', allow_blank=True
    )
    visits.add_data_validation(kinds)
    kinds.add("C2:C10000")
    visits.freeze_panes = "A2"
    wb.save(path)


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # Excel row number
    column: str  # the heading as written in the file (the template's when the column is missing)
    message: str
    sheet: str = ""


@dataclass(slots=True)
class SheetRead:
    name: str
    kind: str  # "cases", "visits", or "" (no ledger header found: the sheet is not read)
    header_row: int = 0
    year: int | None = None
    rows: int = 0  # rows read (good or bad)
    skipped: int = 0  # empty, numbered-only and 合计 rows
    samples: int = 0  # the template's sample row


@dataclass(slots=True)
class LedgerRead:
    entries: list[tuple[int, LedgerEntry]] = field(default_factory=list)
    visits: list[tuple[int, VisitEntry]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    headings: dict[str, str] = field(default_factory=dict)  # column key -> heading in the file
    ignored_headings: list[str] = field(default_factory=list)
    sheets: list[SheetRead] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error

    @property
    def bad_rows(self) -> set[int]:
        return {e.row for e in self.errors}


def _norm(heading: object) -> str:
    return (
        str(heading)
        .strip()
        .rstrip("*")
        .strip()
        .replace(" ", "")
        .replace("\n", "")
        .replace("（", "(")
        .replace("）", ")")
    )


def column_map(
    header: tuple[object, ...],
    mapping: dict[str, str] | None = None,
    aliases_in: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
) -> tuple[dict[int, str], list[str]]:
    """Column index -> ledger key, and the headings nothing maps to."""
    names = COLUMN_ZH if names is None else names
    aliases = {_norm(k): v for k, v in (HEADING_ALIASES if aliases_in is None else aliases_in).items()}
    for own, ours in (mapping or {}).items():
        ours_key = aliases.get(_norm(ours), ours if ours in names else None)
        if ours_key is not None:
            aliases[_norm(own)] = ours_key
    columns: dict[int, str] = {}
    ignored = []
    for i, heading in enumerate(header):
        if heading is None or not str(heading).strip():
            continue
        key = aliases.get(_norm(heading))
        if key is None or key in columns.values():
            ignored.append(str(heading).strip())
            continue
        columns[i] = key
    return columns, ignored


# How far down a sheet its header row is looked for (title rows, a date line, a blank row).
HEADER_SEARCH_ROWS = 15
_TOTAL_WORDS = ("合计", "总计", "小计", "累计", "共计")
SAMPLE_CONTENT = str(SAMPLE["content"])


def is_total_row(row: tuple[object, ...]) -> bool:
    for v in row:
        if isinstance(v, str):
            text = v.replace(" ", "").replace("\u3000", "")
            if text.startswith(_TOTAL_WORDS):
                return True
    return False


def is_blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _find_header(
    rows: list[tuple[object, ...]], mapping: dict[str, str] | None
) -> tuple[str, int, dict[int, str], list[str]]:
    """(kind, index of the header row in `rows`, columns, ignored headings); kind "" if none."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if row is None or sum(1 for v in row if not is_blank(v)) < 2:
            continue
        columns, ignored = column_map(row, mapping)
        if all(k in columns.values() for k in REQUIRED):
            return "cases", i, columns, ignored
        vcolumns, vignored = column_map(row, mapping, VISIT_HEADING_ALIASES, VISIT_COLUMN_ZH)
        if all(k in vcolumns.values() for k in VISIT_REQUIRED):
            return "visits", i, vcolumns, vignored
    return "", -1, {}, []


def read_ledger(
    path: Path, *, now: datetime, mapping: dict[str, str] | None = None, year: int | None = None
) -> LedgerRead:
    """Read every ledger sheet of the workbook. `year` is the year of dates written without one
    (4月27日) on a sheet whose name and title say none."""
    result = LedgerRead()
    try:
        sheets = list(_calamine_sheets(path))
    except Exception:  # noqa: BLE001 - anything calamine refuses, openpyxl reads or explains
        sheets = None
    if sheets is None:
        try:
            sheets = _openpyxl_sheets(path)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
            result.file_error = f"无法读取文件（{type(exc).__name__}）：请确认是 .xlsx 格式的 Excel 文件"
            return result
    for title, rows in sheets:
        _read_sheet(title, rows, result, now=now, mapping=mapping, year=year)
    if not any(sh.kind for sh in result.sheets):
        names = "、".join(f"“{sh.name}”" for sh in result.sheets)
        result.file_error = (
            f"没有找到台账的表头：工作表 {names} 的前 {HEADER_SEARCH_ROWS} 行中，没有一行同时含有"
            f"“{COLUMN_ZH['received_at']}”和“{COLUMN_ZH['content']}”"
            f"（或代表进站表的“{VISIT_COLUMN_ZH['day']}”和“{VISIT_COLUMN_ZH['deputy']}”）。"
            "请检查表头的列名，或用 --map 自己的列名=模板列名 指定对应关系。"
        )
    return result


Rows = list[tuple[object, ...]]


def _calamine_sheets(path: Path) -> Iterator[tuple[str, Rows]]:
    """Every worksheet's cells as openpyxl's read-only mode gives them (None for an empty cell,
    an int for a whole number, a datetime for a date), read by calamine: ~10x faster."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    wb = CalamineWorkbook.from_path(str(path))
    try:
        for meta in wb.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            cells = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            yield meta.name, [_openpyxl_row(row) for row in cells]
    finally:
        wb.close()


def _openpyxl_row(row: Sequence[object]) -> tuple[object, ...]:
    out = list(row)
    for i, v in enumerate(out):
        if v == "":
            out[i] = None
        elif isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
            out[i] = int(v)
        elif isinstance(v, date) and not isinstance(v, datetime):
            out[i] = datetime(v.year, v.month, v.day)
    return tuple(out)


def _openpyxl_sheets(path: Path) -> list[tuple[str, Rows]]:
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return [(ws.title, list(ws.iter_rows(values_only=True))) for ws in wb.worksheets]
    finally:
        wb.close()


def _read_sheet(
    title: str,
    rows: Rows,
    result: LedgerRead,
    *,
    now: datetime,
    mapping: dict[str, str] | None,
    year: int | None,
) -> None:
    kind, at, columns, ignored = _find_header(rows, mapping)
    sheet = SheetRead(title, kind)
    result.sheets.append(sheet)
    if not kind:
        return
    sheet.header_row = at + 1
    titles = [str(v) for row in rows[:at] if row for v in row if isinstance(v, str)]
    sheet.year = sheet_year(title, titles) or year
    header = rows[at]
    headings = {key: str(header[i]).strip().rstrip("*").strip() for i, key in columns.items()}
    for key, heading in headings.items():
        if kind == "cases":
            result.headings.setdefault(key, heading)
    for h in ignored:
        if h not in result.ignored_headings:
            result.ignored_headings.append(h)
    names = COLUMN_ZH if kind == "cases" else VISIT_COLUMN_ZH
    for row_no, row in enumerate(rows[at + 1 :], start=at + 2):
        if row is None:
            continue
        values = {key: row[i] if i < len(row) else None for i, key in columns.items()}
        if all(is_blank(v) for v in values.values()):
            if any(not is_blank(v) for v in row):
                sheet.skipped += 1  # a pre-numbered empty row: only its 序号
            continue
        if is_total_row(row):
            sheet.skipped += 1
            continue
        if kind == "cases" and str(values.get("content") or "").strip() == SAMPLE_CONTENT:
            sheet.samples += 1
            continue
        sheet.rows += 1
        if kind == "cases":
            entry, problems = parse_row(values, now=now, year=sheet.year, sheet=title)
            if entry is not None:
                result.entries.append((row_no, entry))
        else:
            visit, problems = parse_visit_row(values, now=now, year=sheet.year, sheet=title)
            if visit is not None:
                result.visits.append((row_no, visit))
        for p in problems:
            result.errors.append(RowError(row_no, headings.get(p.column, names[p.column]), p.message, title))
