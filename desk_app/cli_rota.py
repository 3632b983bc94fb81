"""Command-line work of the roster and the duty rota (issue 3): import, make, print, export.

Every write names an operator: `--operator NAME`, or else the first active clerk (in name
order), so the change log says who did it, as in the window. Messages are in Chinese, like the
documents, because the clerks reading them are.
"""

from __future__ import annotations

import argparse
import calendar
import logging
import sys
from datetime import date
from pathlib import Path

from desk_app.domain.duty import PERIOD_ZH, SHORTFALL_ZH, WEEKDAY_ZH
from desk_app.domain.rota import Period, Shortfall
from desk_app.domain.vocab import OperatorRole
from desk_app.domain.workcalendar import calendar_years

OPERATOR_HELP = ("operator recorded in the change log (default: the first active clerk, in name order)")


def add_import_commands(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    group = sub.add_parser("import", help="import data from files").add_subparsers(dest="what", required=True)
    roster = group.add_parser("roster", help="import the deputy roster from an Excel file (.xlsx)")
    roster.add_argument("file", type=Path)
    roster.add_argument("--good-rows-only", action="store_true",
                        help="import the good rows even when other rows have errors")
    roster.add_argument("--operator", default=None, help=OPERATOR_HELP)
    template = group.add_parser("roster-template", help="write an empty roster template to fill in")
    template.add_argument("-o", "--output", type=Path, required=True)
    return group


def add_rota_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    group = sub.add_parser("rota", help="duty rotas").add_subparsers(dest="what", required=True)
    make = group.add_parser("make", help="make the rota for a period (replaces generated, keeps manual duties)")
    make.add_argument("--from", dest="start", type=date.fromisoformat, required=True, help="first day, YYYY-MM-DD")
    make.add_argument("--to", dest="end", type=date.fromisoformat, required=True, help="last day, YYYY-MM-DD")
    make.add_argument("--operator", default=None, help=OPERATOR_HELP)


def add_print_commands(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    group = sub.add_parser("print", help="print documents to PDF").add_subparsers(dest="what", required=True)
    rota = group.add_parser("rota", help="the month's rota as an A4 PDF")
    rota.add_argument("--month", type=month_arg, required=True, help="YYYY-MM")
    rota.add_argument("-o", "--output", type=Path, required=True)
    return group


def add_export_commands(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    group = sub.add_parser("export", help="export data to Excel").add_subparsers(dest="what", required=True)
    rota = group.add_parser("rota", help="the month's rota as an Excel file")
    rota.add_argument("--month", type=month_arg, required=True, help="YYYY-MM")
    rota.add_argument("-o", "--output", type=Path, required=True)
    return group


def month_arg(text: str) -> tuple[date, date]:
    try:
        year, month = (int(x) for x in text.split("-"))
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"月份格式应为 YYYY-MM：{text}") from exc


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _open(data_dir: Path):  # type: ignore[no-untyped-def]
    from desk_app.storage.store import DeskStore

    store = DeskStore.open(data_dir)
    if not store.is_set_up():
        store.close()
        return None
    return store


def _operator_id(store, name: str | None) -> str | None:  # type: ignore[no-untyped-def]
    active = store.operators()
    if name is not None:
        return next((o.id for o in active if o.name == name), None)
    return next((o.id for o in active if o.role == OperatorRole.CLERK.value), None)


NOT_SET_UP = "这个数据目录还没有设置站点：请先打开桌面程序完成设置。"


def run(args: argparse.Namespace, data_dir: Path) -> int:
    try:
        return _run(args, data_dir)
    except OSError as exc:
        # A folder that does not exist, a read-only disk, -o naming a directory: say so plainly.
        return _fail(f"无法读写文件 {exc.filename or ''}：{exc.strerror or exc}")


def _run(args: argparse.Namespace, data_dir: Path) -> int:
    logging.getLogger("alembic").setLevel(logging.WARNING)  # keep the clerk's output readable
    if args.command == "import" and args.what == "roster-template":
        from desk_app.reports.roster_xlsx import write_template

        write_template(args.output)
        print(f"已写出代表名册模板：{args.output}")
        return 0
    store = _open(data_dir)
    if store is None:
        return _fail(NOT_SET_UP)
    try:
        if args.command == "import":
            return _import_roster(store, args)
        if args.command == "rota":
            return _make_rota(store, args)
        if args.command in ("print", "export"):
            return _rota_document(store, args)
    finally:
        store.close()
    return _fail(f"unknown command {args.command} {args.what}")


def _import_roster(store, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from desk_app.reports.roster_xlsx import read_roster

    by = _operator_id(store, args.operator)
    if by is None:
        return _fail(f"找不到在用的操作员：{args.operator or '（没有在用的驻站工作人员）'}")
    read = read_roster(args.file)
    if read.file_error:
        return _fail(read.file_error)
    for e in read.errors:
        print(f"第{e.row}行 [{e.column}] {e.message}", file=sys.stderr)
    if read.errors and not args.good_rows_only:
        return _fail(f"名册有 {len(read.bad_rows)} 行错误，未导入任何数据。请改正后重新导入，"
                     "或加 --good-rows-only 只导入正确的行。")
    result = store.import_roster([entry for _row, entry in read.entries], by=by)
    skipped = f"，跳过错误行 {len(read.bad_rows)} 行" if read.errors else ""
    print(f"导入完成：新增 {result.added} 人，更新 {result.updated} 人，未变 {result.unchanged} 人{skipped}。")
    return 0


def _make_rota(store, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    by = _operator_id(store, args.operator)
    if by is None:
        return _fail(f"找不到在用的操作员：{args.operator or '（没有在用的驻站工作人员）'}")
    if args.end < args.start:
        return _fail("结束日期早于开始日期。")
    made = store.make_rota(args.start, args.end, by=by)
    last_year = calendar_years()[1]
    if args.end.year > last_year:
        print(f"注意：本机的节假日安排只到 {last_year} 年；{last_year + 1} 年起暂按周一至周五排班，"
              "国务院公布放假安排并更新程序后请重新排班。")
    print(f"排班完成：{args.start} 至 {args.end}，共 {made.slots} 个班次，安排 {made.assignments} 人次。")
    if not made.slots:
        print("还没有设置值班安排（哪天、上午或下午、几人）：没有可排的班次。")
    if made.unfilled:
        print(f"有 {len(made.unfilled)} 个班次未排满：")
        for u in made.unfilled:
            print(f"  {u.day} {WEEKDAY_ZH[u.day.weekday()]} {PERIOD_ZH[Period(u.period)]} {u.station_name}："
                  f"缺 {u.missing} 人（需 {u.needed} 人）——{SHORTFALL_ZH[Shortfall(u.reason)]}")
    return 0


def _rota_document(store, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    start, end = args.month
    rows = store.rota_sheet(start, end)
    label = f"{start.year}年{start.month}月"
    station = store.station().name
    if args.command == "print":
        from desk_app.reports.fonts import CjkFontMissing
        from desk_app.reports.rota_pdf import write_rota_pdf

        try:
            write_rota_pdf(args.output, rows, period_label=label, fallback_station=station,
                           printed_on=store.today())
        except CjkFontMissing as exc:
            return _fail("找不到中文字体，无法生成 PDF（否则汉字会显示成方框）。已查找："
                         + "、".join(map(str, exc.tried)))
    else:
        from desk_app.reports.rota_xlsx import write_rota_xlsx

        write_rota_xlsx(args.output, rows, period_label=label, fallback_station=station)
    print(f"已写出 {label}值班表（{len(rows)} 个班次）：{args.output}")
    return 0
