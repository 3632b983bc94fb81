"""The ledger (台账) as Excel: the template the desk writes, and reading a clerk's file back.

Headings are matched to columns by the template's names, common synonyms
(desk_app.domain.ledger.HEADING_ALIASES) and, for anything else, a mapping the clerk gives
(their heading -> the template's heading). Every bad cell is reported with its Excel row and the
heading as written in the file; nothing is applied here.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from desk_app.domain.ledger import COLUMN_ZH, COLUMNS, HEADING_ALIASES, REQUIRED, LedgerEntry, parse_row
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
}


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
        "outcome": ("现场解决", "交办"),
        "method": CALLBACK_METHOD_ZH.values(),
        "verdict": VERDICT_ZH.values(),
    }
    for key, choices in lists.items():
        col = get_column_letter([k for k, _, _ in COLUMNS].index(key) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"{col}2:{col}10000")
    ws.freeze_panes = "B2"
    wb.save(path)


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # Excel row number
    column: str  # the heading as written in the file (the template's when the column is missing)
    message: str


@dataclass(slots=True)
class LedgerRead:
    entries: list[tuple[int, LedgerEntry]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    headings: dict[str, str] = field(default_factory=dict)  # column key -> heading in the file
    ignored_headings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error

    @property
    def bad_rows(self) -> set[int]:
        return {e.row for e in self.errors}


def _norm(heading: object) -> str:
    return str(heading).strip().rstrip("*").strip().replace(" ", "").replace("（", "(").replace("）", ")")


def column_map(
    header: tuple[object, ...], mapping: dict[str, str] | None = None
) -> tuple[dict[int, str], list[str]]:
    """Column index -> ledger key, and the headings nothing maps to."""
    aliases = {_norm(k): v for k, v in HEADING_ALIASES.items()}
    for own, ours in (mapping or {}).items():
        ours_key = aliases.get(_norm(ours), ours if ours in COLUMN_ZH else None)
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


def read_ledger(path: Path, *, now: datetime, mapping: dict[str, str] | None = None) -> LedgerRead:
    result = LedgerRead()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        result.file_error = f"无法读取文件（{type(exc).__name__}）：请确认是 .xlsx 格式的 Excel 文件"
        return result
    try:
        ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            result.file_error = "文件是空的：第 1 行应为表头（登记时间、反映问题……）"
            return result
        columns, result.ignored_headings = column_map(header, mapping)
        result.headings = {key: str(header[i]).strip().rstrip("*").strip() for i, key in columns.items()}
        missing = [COLUMN_ZH[k] for k in REQUIRED if k not in result.headings]
        if missing:
            result.file_error = (
                "表头缺少必填列："
                + "、".join(missing)
                + "。可改用模板的列名，或用 --map 自己的列名=模板列名 指定对应关系。"
            )
            return result
        for row_no, row in enumerate(rows, start=2):
            if row is None or all(v is None or str(v).strip() == "" for v in row):
                continue
            values = {key: row[i] if i < len(row) else None for i, key in columns.items()}
            entry, problems = parse_row(values, now=now)
            for p in problems:
                result.errors.append(
                    RowError(row_no, result.headings.get(p.column, COLUMN_ZH[p.column]), p.message)
                )
            if entry is not None:
                result.entries.append((row_no, entry))
    finally:
        wb.close()
    return result
