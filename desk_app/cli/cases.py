"""Documents of the cases (issue 4) and the import of past cases from a ledger:

    desk-app print referral SERIAL -o slip.pdf [--full-phone]
    desk-app print tally --month 2026-10 -o tally.pdf
    desk-app print tally --period 2026-Q3 -o tally.pdf     (2026, 2026-H1, 2026-Q3, 2026-10, or --from/--to)
    desk-app export tally --period 2026-H1 -o tally.xlsx
    desk-app export summary --from 2026-10-01 --to 2026-10-31 -o summary.xlsx [--full-phone]
    desk-app import ledger FILE.xlsx [--map 我的列名=模板列名 ...] [--check]
    desk-app import ledger-template -o ledger.xlsx

The work is in desk_app.reports.documents (the window calls the same functions). Progress goes
to stderr. A ledger import is a write, `--check` too (it runs the import in a write transaction
and rolls it back): it names its operator and needs their PIN (common.acting_operator).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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
    from desk_app.domain.periods import Period
    from desk_app.storage.store import DeskStore


def register(table: CommandTable) -> None:
    slip = table.add(
        "print", "referral", help="a referral slip (交办单) as an A4 PDF", handler=print_referral
    )
    slip.add_argument("serial", help="the slip's number, e.g. 浉河监督岗〔2026〕第015号")
    slip.add_argument("-o", "--output", type=Path, required=True)
    slip.add_argument(
        "--full-phone",
        action="store_true",
        help="print the citizen's full phone number (the office only: needs --operator and a PIN)",
    )
    slip.add_argument("--operator", default=None, help=OPERATOR_HELP)
    for word, help_text, handler in (
        ("print", "the tally (统计) of a month, quarter, half-year, year or range as a PDF", print_tally),
        ("export", "the tally of a month, quarter, half-year, year or range as an Excel file", export_tally),
    ):
        tally = table.add(word, "tally", help=help_text, handler=handler)
        _period_arguments(tally)
        tally.add_argument("-o", "--output", type=Path, required=True)
        _stations(tally)
    summary = table.add(
        "export",
        "summary",
        help="the committee's Excel summary: five lists and the detail",
        handler=export_summary,
    )
    _period_arguments(summary)
    summary.add_argument("-o", "--output", type=Path, required=True)
    summary.add_argument(
        "--full-phone",
        action="store_true",
        help="export citizens' full phone numbers (the office only: needs --operator and a PIN)",
    )
    summary.add_argument("--operator", default=None, help=OPERATOR_HELP)
    _stations(summary)
    ledger = table.add(
        "import",
        "ledger",
        help="import past receptions and referrals from an Excel ledger (台账)",
        handler=import_ledger,
    )
    ledger.add_argument("file", type=Path)
    ledger.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="OWN=TEMPLATE",
        help="map one of your headings to the template's, e.g. --map 来电时间=登记时间",
    )
    ledger.add_argument("--check", action="store_true", help="check the whole file, import nothing")
    ledger.add_argument(
        "--year",
        type=int,
        default=None,
        help="the year of dates written without one (4月27日) on sheets whose name and title say none",
    )
    ledger.add_argument("--operator", default=None, help=OPERATOR_HELP)
    template = table.add(
        "import",
        "ledger-template",
        help="write an empty ledger template to fill in",
        handler=write_ledger_template,
    )
    template.add_argument("-o", "--output", type=Path, required=True)


def _stations(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--station",
        action="append",
        default=None,
        metavar="ID",
        help="count only this station (repeatable; default: every station in the desk)",
    )


class _StderrProgress:
    """`done/total` on one stderr line, at most every 5%."""

    def __init__(self, label: str) -> None:
        self.label, self.last = label, -1

    def __call__(self, done: int, total: int) -> None:
        pct = 100 * done // max(total, 1)
        if pct // 5 != self.last // 5 or done == total:
            self.last = pct
            end = "\n" if done >= total else ""
            print(f"\r{self.label}：{done}/{total}（{pct}%）", end=end, file=sys.stderr, flush=True)


@contextmanager
def _documents(args: argparse.Namespace) -> Iterator[DeskStore]:
    """The store, with the documents' own failures said plainly."""
    from desk_app.reports.font_errors import CjkFontMissing
    from desk_app.storage.errors import NotFound

    with open_store(args) as store:
        try:
            yield store
        except CjkFontMissing as exc:
            raise no_cjk_font(exc) from exc
        except NotFound as exc:
            raise CommandFailed(f"找不到：{exc}") from exc


def print_referral(args: argparse.Namespace) -> int:
    from desk_app.reports.documents import print_referral_slip
    from desk_app.storage.errors import NotFound

    with _documents(args) as store:
        try:
            by = acting_operator(store, args).id if args.full_phone else None
            result = print_referral_slip(
                store, args.output, serial=args.serial, full_phone=args.full_phone, by=by
            )
        except NotFound as exc:
            raise CommandFailed(f"找不到交办单：{args.serial}") from exc
    extra = f"，另附页 {result.pages - 1} 页（内容较长）" if result.attached_sheet else ""
    print(f"已写出交办单 {args.serial}：{args.output}{extra}")
    return 0


def print_tally(args: argparse.Namespace) -> int:
    from desk_app.reports.documents import print_tally as write

    return _tally(args, write)


def export_tally(args: argparse.Namespace) -> int:
    from desk_app.reports.documents import export_tally as write

    return _tally(args, write)


def _period_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", type=month_arg, default=None, help="YYYY-MM")
    parser.add_argument(
        "--period",
        type=period_arg,
        default=None,
        help="2026 (year), 2026-H1 (half-year), 2026-Q3 (quarter), 2026-10 (month) "
        "or 2026-01-05..2026-02-20 (a range)",
    )
    parser.add_argument(
        "--from", dest="start", type=date.fromisoformat, default=None, help="first day, YYYY-MM-DD"
    )
    parser.add_argument(
        "--to", dest="end", type=date.fromisoformat, default=None, help="last day, YYYY-MM-DD"
    )


def period_arg(text: str) -> Period:
    from desk_app.domain.periods import parse_period

    try:
        return parse_period(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"期间格式应为 2026（全年）、2026-H1（半年）、2026-Q3（季度）、2026-10（月）或 2026-01-05..2026-02-20：{text}"
        ) from exc


def chosen_period(args: argparse.Namespace) -> Period:
    """The period of --period, --month or --from/--to (exactly one of them)."""
    from desk_app.domain.periods import Period

    given = [x for x in (args.period, args.month, args.start or args.end) if x is not None]
    if len(given) != 1:
        raise CommandFailed("请用 --period、--month YYYY-MM，或 --from 和 --to 中的一种指定期间。")
    if args.period is not None:
        return args.period
    if args.month is not None:
        return Period(*args.month)
    if args.start is None or args.end is None:
        raise CommandFailed("请同时给出 --from 和 --to。")
    if args.end < args.start:
        raise CommandFailed("结束日期早于开始日期。")
    return Period(args.start, args.end)


def _tally(args: argparse.Namespace, write) -> int:
    from desk_app.domain.tally import format_percent

    period = chosen_period(args)
    with _documents(args) as store:
        tally = write(store, args.output, period, station_ids=args.station)
    c = tally.current
    print(f"已写出{tally.title}：{args.output}")
    print(
        f"接待 {c.opinions} 条，现场解决 {c.on_site}，交办 {c.referred}，答复 {c.replied}（按期 {c.replied_on_time}），"
        f"超期 {c.overdue}，销号 {c.signed_off}，回访 {c.callbacks}，满意率 {c.satisfaction_text}"
        f"（按件 {format_percent(c.settled_satisfaction_rate)}，"
        f"不含基本满意 {format_percent(c.satisfied_only_rate)}）"
    )
    return 0


def export_summary(args: argparse.Namespace) -> int:
    from desk_app.reports.documents import export_summary as write

    period = chosen_period(args)
    start, end = period.start, period.end
    with _documents(args) as store:
        by = acting_operator(store, args).id if args.full_phone else None
        written = write(
            store,
            args.output,
            start,
            end,
            station_ids=args.station,
            full_phone=args.full_phone,
            progress=_StderrProgress("导出"),
            by=by,
        )
    counts = "，".join(f"{name} {n} 行" for name, n in written.rows.items())
    print(f"已写出汇总表：{args.output}（{counts}）")
    return 0


def write_ledger_template(args: argparse.Namespace) -> int:
    from desk_app.reports.ledger_xlsx import write_template

    write_template(args.output)
    print(f"已写出台账模板：{args.output}")
    return 0


def import_ledger(args: argparse.Namespace) -> int:
    from desk_app.domain.ledger import COLUMN_ZH, VISIT_COLUMN_ZH
    from desk_app.reports.documents import import_ledger as apply

    mapping = {}
    for item in args.map:
        own, sep, ours = item.partition("=")
        if not sep:
            raise CommandFailed(f"--map 的格式应为 自己的列名=模板列名：{item}")
        mapping[own.strip()] = ours.strip()
    with open_store(args) as store:
        by = acting_operator(store, args).id
        result = apply(
            store,
            args.file,
            by=by,
            mapping=mapping,
            progress=_StderrProgress("导入"),
            dry_run=args.check,
            year=args.year,
        )
    read = result.read
    if read.file_error:
        raise CommandFailed(read.file_error)
    read_sheets = [sh for sh in read.sheets if sh.kind]
    several = len(read_sheets) > 1
    for sh in read.sheets:
        if not sh.kind:
            print(f"工作表“{sh.name}”没有台账表头，未读取。", file=sys.stderr)
    if read.ignored_headings:
        print("以下列未导入（没有对应的模板列）：" + "、".join(read.ignored_headings), file=sys.stderr)
    problems = [(e.sheet, e.row, e.column, e.message) for e in read.errors]
    if result.applied is not None:
        names = {**VISIT_COLUMN_ZH, **COLUMN_ZH}
        problems += [
            (p.sheet, p.row, read.headings.get(p.column, names.get(p.column, p.column)), p.message)
            for p in result.applied.problems
        ]
    for sheet, row, column, message in sorted(problems):
        where = f"工作表“{sheet}” " if several and sheet else ""
        print(f"{where}第{row}行 [{column}] {message}", file=sys.stderr)
    if problems:
        raise CommandFailed(
            f"台账有 {len({p[:2] for p in problems})} 行错误，未导入任何数据。请改正后重新导入。"
        )
    applied = result.applied
    assert applied is not None
    verb = "检查通过，可以导入" if args.check else "导入完成"
    parts = [f"{verb}：新增 {applied.added} 件", f"更新 {applied.updated} 件"]
    if applied.already:
        parts.append(f"{applied.already} 行已导入过（未重复导入）")
    if applied.visits_added or applied.visits_already:
        parts.append(f"代表进站新增 {applied.visits_added} 人次")
    if applied.new_units:
        parts.append("新增承办单位：" + "、".join(applied.new_units))
    if applied.new_categories:
        parts.append("新增问题类别：" + "、".join(applied.new_categories))
    print("，".join(parts) + "。")
    for sh in read_sheets:
        counts = applied.sheets.get(sh.name)
        line = f"  工作表“{sh.name}”：读取 {sh.rows} 行"
        if counts is not None:
            line += f"，新增 {counts.added} 件，更新 {counts.updated} 件，已导入过 {counts.already} 行"
            if counts.visits:
                line += f"，代表进站 {counts.visits} 人次"
        if sh.skipped or sh.samples:
            line += (
                f"（略过空行、合计行 {sh.skipped} 行"
                + (f"、示例行 {sh.samples} 行" if sh.samples else "")
                + "）"
            )
        print(line + "。")
    return 0
