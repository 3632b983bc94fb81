"""The documents of issue 4 as plain functions the window (on its worker thread) and the command
line both call: a DeskStore plus parameters in, a file out, an optional `progress(done, total)`.

Files are written next to the target and renamed into place, so a failure never leaves half a
document where the clerk expects one. PDFs raise fonts.CjkFontMissing when the machine has no
Chinese TrueType font (the caller says so plainly; nothing is written).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from desk_app.domain.tally import Period, Tally

# Each document's writer is imported by the function that writes it: reportlab's barcode module
# and openpyxl cost ~0.3 s each to import, and a command that prints one tally should not pay for
# the slip's barcode and every Excel writer (issue 16: a CLI document command in < 0.5 s).
if TYPE_CHECKING:
    from desk_app.reports import ledger_xlsx
    from desk_app.reports.poster import CodesWritten
    from desk_app.reports.slip_pdf import SlipResult
    from desk_app.reports.summary_xlsx import SummaryWritten
    from desk_app.storage.ledger_store import LedgerApplied
    from desk_app.storage.store import DeskStore

Progress = Callable[[int, int], None]
Target = Path | BinaryIO


@contextlib.contextmanager
def atomic_write(target: Target) -> Iterator[Target]:
    if not isinstance(target, Path):
        yield target
        return
    part = target.with_name(f".{target.name}.part")
    try:
        yield part
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


def _full_numbers(store: DeskStore, full_phone: bool, by: str | None, *, printed: bool, subject: str) -> None:
    """Citizens' full phone numbers leave the desk only for the office, and the audit trail says
    who took them (raises NotPermitted before anything is written)."""
    if full_phone:
        store.record_full_numbers(by=by or "", printed=printed, subject=subject)


def _step(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def print_referral_slip(
    store: DeskStore,
    target: Target,
    *,
    serial: str | None = None,
    reception_id: str | None = None,
    round_no: int | None = None,
    full_phone: bool = False,
    clerk_name: str = "",
    progress: Progress | None = None,
    by: str | None = None,
) -> SlipResult:
    """The slip of a round (by its number, or the case's current round) as PDF. `full_phone`
    needs `by`, an operator of the office (audited)."""
    from desk_app.reports.slip_pdf import write_slip_pdf

    data = store.slip_data(serial, reception_id=reception_id, round_no=round_no)
    _full_numbers(store, full_phone, by, printed=True, subject=data.referral.serial)
    _step(progress, 1, 2)
    with atomic_write(target) as out:
        result = write_slip_pdf(
            out, data, full_phone=full_phone, clerk_name=clerk_name, printed_on=store.today()
        )
    _step(progress, 2, 2)
    return result


def print_tally(
    store: DeskStore,
    target: Target,
    period: Period,
    *,
    station_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> Tally:
    from desk_app.reports.tally_pdf import write_tally_pdf

    tally = store.tally(period, station_ids)
    _step(progress, 1, 2)
    with atomic_write(target) as out:
        write_tally_pdf(out, tally)
    _step(progress, 2, 2)
    return tally


def export_tally(
    store: DeskStore,
    target: Target,
    period: Period,
    *,
    station_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> Tally:
    from desk_app.reports.tally_xlsx import write_tally_xlsx

    tally = store.tally(period, station_ids)
    _step(progress, 1, 2)
    with atomic_write(target) as out:
        write_tally_xlsx(out, tally)
    _step(progress, 2, 2)
    return tally


def export_summary(
    store: DeskStore,
    target: Target,
    start: date,
    end: date,
    *,
    station_ids: Sequence[str] | None = None,
    full_phone: bool = False,
    progress: Progress | None = None,
    by: str | None = None,
) -> SummaryWritten:
    """The committee's workbook for [start, end] (inclusive): summary, five lists, detail."""
    from desk_app.reports.summary_xlsx import SummarySources, write_summary_xlsx
    from desk_app.storage import report_queries, tally_queries

    _full_numbers(store, full_phone, by, printed=False, subject=f"汇总表 {start}～{end}")
    period = Period(start, end)
    today = store.today()
    # One read transaction (every sheet sees the same desk), on a Core connection: these reads select
    # the tables' columns, and the command then never imports the ORM (storage/tables.py).
    with store.db.connected() as s:
        tally = tally_queries.tally(s, period, today=today, station_ids=station_ids)
        receptions = report_queries.count_receptions(s, start, end, station_ids)
        cur = tally.current
        total = (
            2 * receptions
            + 2 * (cur.referred + cur.returned)
            + cur.signed_off
            + cur.closed_explained
            + cur.withdrawn
        )
        src = SummarySources(
            tally=tally,
            referrals=lambda: report_queries.referral_rows(s, start, end, station_ids),
            receptions=lambda: report_queries.reception_rows(s, start, end, station_ids),
            sign_offs=lambda: report_queries.sign_off_rows(s, start, end, station_ids),
            details=lambda: report_queries.detail_rows(s, start, end, station_ids),
            total_rows=total,
            today=today,
            levels=tally_queries.round_levels_zh(s, None, end, station_ids, as_of=tally.as_of),
            classes=report_queries.class_subjects_in(s, start, end, station_ids),
        )
        with atomic_write(target) as out:
            return write_summary_xlsx(out, src, full_phone=full_phone, progress=progress)


def export_detail(
    store: DeskStore,
    target: Target,
    start: date,
    end: date,
    *,
    station_ids: Sequence[str] | None = None,
    full_phone: bool = False,
    progress: Progress | None = None,
    by: str | None = None,
) -> int:
    """Only the detail sheet for [start, end]: the big export (100,000 cases) in write-only mode."""
    from desk_app.reports.summary_xlsx import write_detail_xlsx
    from desk_app.storage import report_queries

    _full_numbers(store, full_phone, by, printed=False, subject=f"明细表 {start}～{end}")
    with store.db.connected() as s:
        total = report_queries.count_receptions(s, start, end, station_ids)
        with atomic_write(target) as out:
            return write_detail_xlsx(
                out,
                report_queries.detail_rows(s, start, end, station_ids),
                today=store.today(),
                total=total,
                full_phone=full_phone,
                progress=progress,
                classes=report_queries.class_subjects_in(s, start, end, station_ids),
            )


@dataclass(frozen=True, slots=True)
class LedgerImport:
    read: ledger_xlsx.LedgerRead
    applied: LedgerApplied | None  # None when the file could not be read or had bad rows

    @property
    def ok(self) -> bool:
        return self.read.ok and self.applied is not None and self.applied.ok


def import_ledger(
    store: DeskStore,
    path: Path,
    *,
    by: str,
    mapping: dict[str, str] | None = None,
    progress: Progress | None = None,
    dry_run: bool = False,
    year: int | None = None,
) -> LedgerImport:
    """Read and check the whole file (outside any transaction); only if every row is good, apply
    it in one transaction. `year`: of dates written without one where the sheet says none."""
    from desk_app.reports import ledger_xlsx

    read = ledger_xlsx.read_ledger(path, now=store.clock(), mapping=mapping, year=year)
    if not read.ok:
        return LedgerImport(read, None)
    return LedgerImport(
        read,
        store.import_ledger(read.entries, by=by, progress=progress, dry_run=dry_run, visits=read.visits),
    )


def print_public_codes(
    store: DeskStore,
    target: Target,
    *,
    base_url: str,
    deputy_ids: Sequence[str] = (),
    by: str,
    hours: str = "",
    poster: bool = True,
) -> CodesWritten:
    """The station's poster and the named deputies' table cards (issue 12): the links are made
    where missing (they work on the citizens' side once the desk has synced). `base_url` is the
    public address of the central server, as citizens' phones reach it; it is remembered."""
    from desk_app.reports.poster import DEFAULT_HOURS, CodeCard, write_codes_pdf
    from desk_app.storage.public_store import PublicStore, link_url

    queue = PublicStore(store)
    url = base_url.strip().rstrip("/") or queue.base_url()
    if not url:
        raise ValueError("no public address")
    if url != queue.base_url():
        queue.set_base_url(url)
    links = queue.ensure_links(list(deputy_ids), by=by)
    cards = [CodeCard(links[d].deputy_name, link_url(url, links[d].token)) for d in dict.fromkeys(deputy_ids)]
    topics = [c.name for c in store.categories() if c.name != "其他"][:8]
    with atomic_write(target) as out:
        return write_codes_pdf(
            out if not isinstance(out, Path) else str(out),
            station_name=store.station().name,
            station_url=link_url(url, links[None].token),
            cards=cards,
            hours=hours or DEFAULT_HOURS,
            topics=topics,
            poster=poster,
        )
