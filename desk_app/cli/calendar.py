"""The office's holiday calendar: `calendar import FILE --year Y`, `calendar show --year Y` and
`calendar template -o FILE --year Y`.

Importing is a write: it names its operator and needs their PIN (common.acting_operator). The
file is the State Council's notice as a table (desk_app.reports.calendar_table: 日期, 类型, 节日);
with any bad row nothing is saved. Saving makes the year's office days exactly the file's, then
says which slip deadlines moved (estimated ones, recounted on the new calendar).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk_app.cli.common import OPERATOR_HELP, CommandFailed, acting_operator, open_store
from desk_app.cli.table import CommandTable


def register(table: CommandTable) -> None:
    imported = table.add(
        "calendar",
        "import",
        help="import the year's holidays and swapped workdays "
        "(the State Council's notice as an .xlsx or .csv table)",
        handler=import_calendar,
    )
    imported.add_argument("file", type=Path)
    imported.add_argument("--year", type=int, required=True, help="the year of the notice")
    imported.add_argument("--operator", default=None, help=OPERATOR_HELP)
    show = table.add(
        "calendar",
        "show",
        help="show the office's holidays and swapped workdays of a year",
        handler=show_calendar,
    )
    show.add_argument("--year", type=int, required=True)
    template = table.add(
        "calendar",
        "template",
        help="write the notice table to fill in (.xlsx or .csv)",
        handler=write_calendar_template,
    )
    template.add_argument("-o", "--output", type=Path, required=True)
    template.add_argument("--year", type=int, required=True)


def import_calendar(args: argparse.Namespace) -> int:
    from desk_app.reports.calendar_table import FILE_PROBLEM_ZH, read_calendar

    with open_store(args) as store:
        by = acting_operator(store, args).id
        read = read_calendar(args.file, args.year)
        if read.file_problem is not None:
            raise CommandFailed(FILE_PROBLEM_ZH[read.file_problem] + "，未做任何更改。")
        for e in read.errors:
            print(f"第{e.row}行 [{e.column}] {e.message}", file=sys.stderr)
        if read.errors:
            raise CommandFailed(
                f"节假日表有 {len({e.row for e in read.errors})} 行错误，未保存任何内容。请改正后重新导入。"
            )
        if not read.days:
            raise CommandFailed(f"文件中没有 {args.year} 年的日期，未做任何更改。")
        applied = store.set_calendar_year(args.year, read.office_days, by=by)
    holidays = sum(1 for d in read.office_days if d.kind.value == "holiday")
    print(
        f"已保存 {args.year} 年节假日安排：放假 {holidays} 天，调休上班 {len(read.days) - holidays} 天"
        f"（新增或修改 {applied.days_set} 天，删除 {applied.days_removed} 天）。"
    )
    if applied.moved:
        print(f"以下 {len(applied.moved)} 张交办单的办理期限随之改变：")
        for m in applied.moved:
            print(f"  {m.serial}：{m.old_due.isoformat()} → {m.new_due.isoformat()}")
    else:
        print("没有交办单的办理期限因此改变。")
    return 0


def show_calendar(args: argparse.Namespace) -> int:
    from desk_app.reports.calendar_table import table_rows

    with open_store(args) as store:
        days = store.office_days(args.year)
        calendar = store.work_calendar()
    if days:
        print(f"{args.year} 年节假日安排（办公室录入，共 {len(days)} 天）：")
        for day, kind, name in table_rows(days):
            print(f"  {day}  {kind}  {name}")
    elif calendar.is_known_year(args.year):
        print(f"办公室没有录入 {args.year} 年的节假日安排；按节假日程序包中国务院公布的安排计算。")
    else:
        print(
            f"办公室没有录入 {args.year} 年的节假日安排，节假日程序包也不知道这一年："
            "期限按法定节假日估算（不含调休）。国务院公布后请用 calendar import 导入。"
        )
    print(f"已知节假日安排的最后一年：{calendar.last_known_year} 年。")
    return 0


def write_calendar_template(args: argparse.Namespace) -> int:
    from desk_app.reports.calendar_table import write_template

    write_template(args.output, args.year)
    print(f"已写出 {args.year} 年节假日安排表模板：{args.output}")
    return 0
