"""The deputy roster: `import roster FILE` and `import roster-template -o FILE`.

A roster import is a write: it names its operator and needs their PIN (common.acting_operator).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk_app.cli.common import OPERATOR_HELP, CommandFailed, acting_operator, open_store
from desk_app.cli.table import CommandTable


def register(table: CommandTable) -> None:
    roster = table.add(
        "import", "roster", help="import the deputy roster from an Excel file (.xlsx)", handler=import_roster
    )
    roster.add_argument("file", type=Path)
    roster.add_argument(
        "--good-rows-only", action="store_true", help="import the good rows even when other rows have errors"
    )
    roster.add_argument("--operator", default=None, help=OPERATOR_HELP)
    template = table.add(
        "import",
        "roster-template",
        help="write an empty roster template to fill in",
        handler=write_roster_template,
    )
    template.add_argument("-o", "--output", type=Path, required=True)


def write_roster_template(args: argparse.Namespace) -> int:
    from desk_app.reports.roster_xlsx import write_template

    write_template(args.output)
    print(f"已写出代表名册模板：{args.output}")
    return 0


def import_roster(args: argparse.Namespace) -> int:
    from desk_app.reports.roster_xlsx import read_roster

    with open_store(args) as store:
        by = acting_operator(store, args).id
        read = read_roster(args.file)
        if read.file_error:
            raise CommandFailed(read.file_error)
        for e in read.errors:
            print(f"第{e.row}行 [{e.column}] {e.message}", file=sys.stderr)
        if read.errors and not args.good_rows_only:
            raise CommandFailed(
                f"名册有 {len(read.bad_rows)} 行错误，未导入任何数据。请改正后重新导入，"
                "或加 --good-rows-only 只导入正确的行。"
            )
        result = store.import_roster([entry for _row, entry in read.entries], by=by)
    skipped = f"，跳过错误行 {len(read.bad_rows)} 行" if read.errors else ""
    print(
        f"导入完成：新增 {result.added} 人，更新 {result.updated} 人，未变 {result.unchanged} 人{skipped}。"
    )
    return 0
