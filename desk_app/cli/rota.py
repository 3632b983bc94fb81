"""The duty rota: `rota make`, `print rota`, `export rota`, and the month grid (a wall chart):
`print rota-grid --month 2026-12 -o grid.pdf`, `export rota-grid --month 2026-12 -o grid.xlsx`.

Making a rota is a write: it names its operator and needs their PIN (common.acting_operator).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.cli.common import (
    OPERATOR_HELP,
    CommandFailed,
    acting_operator,
    month_arg,
    no_cjk_font,
    open_store,
)
from desk_app.cli.table import CommandTable

if TYPE_CHECKING:
    from desk_app.reports.rota_grid import MonthGrid
    from desk_app.storage.rota_records import RotaSheetRow
    from desk_app.storage.store import DeskStore


def register(table: CommandTable) -> None:
    make = table.add(
        "rota",
        "make",
        help="make the rota for a period (replaces generated, keeps manual duties)",
        handler=make_rota,
    )
    make.add_argument(
        "--from", dest="start", type=date.fromisoformat, required=True, help="first day, YYYY-MM-DD"
    )
    make.add_argument("--to", dest="end", type=date.fromisoformat, required=True, help="last day, YYYY-MM-DD")
    make.add_argument("--operator", default=None, help=OPERATOR_HELP)
    for word, help_text, handler in (
        ("print", "the month's rota as an A4 PDF", print_rota),
        ("export", "the month's rota as an Excel file", export_rota),
    ):
        document = table.add(word, "rota", help=help_text, handler=handler)
        document.add_argument("--month", type=month_arg, required=True, help="YYYY-MM")
        document.add_argument("-o", "--output", type=Path, required=True)
    for word, help_text, handler in (
        ("print", "the month's rota as a month grid (wall chart), A4 landscape PDF", print_rota_grid),
        ("export", "the month's rota as a month grid (wall chart) in Excel", export_rota_grid),
    ):
        document = table.add(word, "rota-grid", help=help_text, handler=handler)
        document.add_argument("--month", type=month_arg, required=True, help="YYYY-MM")
        document.add_argument("-o", "--output", type=Path, required=True)


def print_rota_grid(args: argparse.Namespace) -> int:
    from desk_app.reports.font_errors import CjkFontMissing
    from desk_app.reports.rota_grid import write_rota_grid_pdf

    with open_store(args) as store:
        grids, label = _month_grids(store, args)
        try:
            write_rota_grid_pdf(args.output, grids, printed_on=store.today())
        except CjkFontMissing as exc:
            raise no_cjk_font(exc) from exc
    print(f"已写出 {label}排班月历：{args.output}")
    return 0


def export_rota_grid(args: argparse.Namespace) -> int:
    from desk_app.reports.rota_grid import write_rota_grid_xlsx

    with open_store(args) as store:
        grids, label = _month_grids(store, args)
        write_rota_grid_xlsx(args.output, grids, printed_on=store.today())
    print(f"已写出 {label}排班月历：{args.output}")
    return 0


def _month_grids(store: DeskStore, args: argparse.Namespace) -> tuple[list[MonthGrid], str]:
    from desk_app.reports.rota_grid import grids_by_station

    start, end = args.month
    rows = store.rota_sheet(start, end)
    grids = grids_by_station(start.year, start.month, rows, store.work_calendar(), store.station().name)
    return grids, f"{start.year}年{start.month}月"


def make_rota(args: argparse.Namespace) -> int:
    from desk_app.domain.duty import PERIOD_ZH, SHORTFALL_ZH, WEEKDAY_ZH
    from desk_app.domain.rota import Period, Shortfall
    from desk_app.domain.workcalendar import calendar_years

    with open_store(args) as store:
        by = acting_operator(store, args).id
        if args.end < args.start:
            raise CommandFailed("结束日期早于开始日期。")
        made = store.make_rota(args.start, args.end, by=by)
    last_year = calendar_years()[1]
    if args.end.year > last_year:
        print(
            f"注意：本机的节假日安排只到 {last_year} 年；{last_year + 1} 年起暂按周一至周五排班，"
            "国务院公布放假安排并更新程序后请重新排班。"
        )
    print(f"排班完成：{args.start} 至 {args.end}，共 {made.slots} 个班次，安排 {made.assignments} 人次。")
    if not made.slots:
        print("还没有设置值班安排（哪天、上午或下午、几人）：没有可排的班次。")
    if made.unfilled:
        print(f"有 {len(made.unfilled)} 个班次未排满：")
        for u in made.unfilled:
            print(
                f"  {u.day} {WEEKDAY_ZH[u.day.weekday()]} {PERIOD_ZH[Period(u.period)]} {u.station_name}："
                f"缺 {u.missing} 人（需 {u.needed} 人）——{SHORTFALL_ZH[Shortfall(u.reason)]}"
            )
    return 0


def print_rota(args: argparse.Namespace) -> int:
    from desk_app.reports.font_errors import CjkFontMissing
    from desk_app.reports.rota_pdf import write_rota_pdf

    with open_store(args) as store:
        rows, label, station = _month_sheet(store, args)
        try:
            write_rota_pdf(
                args.output, rows, period_label=label, fallback_station=station, printed_on=store.today()
            )
        except CjkFontMissing as exc:
            raise no_cjk_font(exc) from exc
    print(f"已写出 {label}值班表（{len(rows)} 个班次）：{args.output}")
    return 0


def export_rota(args: argparse.Namespace) -> int:
    from desk_app.reports.rota_xlsx import write_rota_xlsx

    with open_store(args) as store:
        rows, label, station = _month_sheet(store, args)
    write_rota_xlsx(args.output, rows, period_label=label, fallback_station=station)
    print(f"已写出 {label}值班表（{len(rows)} 个班次）：{args.output}")
    return 0


def _month_sheet(store: DeskStore, args: argparse.Namespace) -> tuple[list[RotaSheetRow], str, str]:
    """The month's rota rows, its label (2026年12月) and the station's name."""
    start, end = args.month
    return store.rota_sheet(start, end), f"{start.year}年{start.month}月", store.station().name
