"""Referral meetings (交办会, issue 13), `desk-app meeting …`:

    desk-app meeting list [--from 2026-01-01] [--to 2026-12-31]
    desk-app meeting show MEETING
    desk-app meeting print MEETING -o meeting.pdf     # the minutes and every slip, one PDF

A meeting is named by its title or its id (`meeting list` prints both). Meetings are planned and
their cases referred in the window (交办会); these commands read them and print them.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.cli.common import CommandFailed, no_cjk_font, open_store
from desk_app.cli.table import CommandTable

if TYPE_CHECKING:
    from desk_app.storage.meetings import MeetingRow, MeetingStore


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text}") from None


def register(table: CommandTable) -> None:
    listing = table.add(
        "meeting", "list", help="the desk's referral meetings, newest first", handler=list_meetings
    )
    listing.add_argument("--from", dest="start", type=_day, default=None, help="held on or after")
    listing.add_argument("--to", dest="end", type=_day, default=None, help="held on or before")

    show = table.add("meeting", "show", help="one meeting and the cases referred at it", handler=show_meeting)
    show.add_argument("meeting", metavar="MEETING", help="its title or id")

    doc = table.add(
        "meeting", "print", help="the minutes and every slip of a meeting as one PDF", handler=print_minutes
    )
    doc.add_argument("meeting", metavar="MEETING", help="its title or id")
    doc.add_argument("-o", "--output", type=Path, required=True)


def _find(meetings: MeetingStore, name: str) -> MeetingRow:
    found = [m for m in meetings.meetings() if name in (m.title, m.id)]
    if not found:
        raise CommandFailed(f"没有“{name}”这个交办会：请用 desk-app meeting list 查看。")
    if len(found) > 1:
        raise CommandFailed(
            f"有 {len(found)} 个交办会叫“{name}”：请用交办会的编号（desk-app meeting list）。"
        )
    return found[0]


def _counts_zh(m: MeetingRow) -> str:
    c = m.counts
    return f"交办{c.referred}件，已答复{c.answered}件，已回访{c.called_back}件，满意{c.satisfied}件"


def list_meetings(args: argparse.Namespace) -> int:
    from desk_app.storage.meetings import MeetingStore

    if args.start and args.end and args.end < args.start:
        raise CommandFailed("--to 的日期早于 --from。")
    with open_store(args) as store:
        rows = MeetingStore(store).meetings(args.start, args.end)
    if not rows:
        print("没有交办会。")
    for m in rows:
        print(f"{m.held_on.isoformat()}\t{m.title}\t{m.place}\t{_counts_zh(m)}\t{m.id}")
    return 0


def show_meeting(args: argparse.Namespace) -> int:
    from desk_app.domain.vocab import VERDICT_ZH
    from desk_app.reports.summary_xlsx import round_zh, summary
    from desk_app.storage.meetings import MeetingStore

    with open_store(args) as store:
        meetings = MeetingStore(store)
        m = _find(meetings, args.meeting)
        lines = meetings.minutes(m.id)
    print(m.title)
    print(f"日期：{m.held_on.isoformat()}　地点：{m.place or '—'}　主持：{m.presiding or '—'}")
    if m.units:
        print(f"参会单位：{m.units}")
    if m.note:
        print(f"备注：{m.note}")
    print(_counts_zh(m))
    verdicts = {v.value: zh for v, zh in VERDICT_ZH.items()}
    for n, line in enumerate(lines, start=1):
        state = (
            f"已回访（{verdicts.get(line.verdict, line.verdict)}）"
            if line.verdict
            else f"已答复（{line.replied_on.isoformat()}）"
            if line.replied_on
            else f"限{line.reply_due.isoformat()}前答复"
        )
        print(
            f"{n}\t{line.serial}\t{round_zh(line.round_no)}\t{line.unit_name}\t{line.handler or '—'}"
            f"\t{state}\t{summary(line.content)}"
        )
    return 0


def print_minutes(args: argparse.Namespace) -> int:
    from desk_app.reports.documents import atomic_write
    from desk_app.reports.font_errors import CjkFontMissing
    from desk_app.reports.minutes_pdf import print_meeting
    from desk_app.storage.meetings import MeetingStore

    if args.output.suffix.lower() != ".pdf":
        raise CommandFailed("-o 的文件名应以 .pdf 结尾。")

    with open_store(args) as store:
        m = _find(MeetingStore(store), args.meeting)
        try:
            with atomic_write(args.output) as out:
                result = print_meeting(store, out, m.id)
        except CjkFontMissing as exc:
            raise no_cjk_font(exc) from exc
    print(
        f"已写出“{m.title}”的纪要 {result.minutes_pages} 页、交办单 {result.slip_pages} 页"
        f"（{m.counts.referred} 件）：{args.output}"
    )
    return 0
