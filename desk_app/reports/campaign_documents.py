"""A campaign's documents as plain functions the window (on its worker thread) and the command line
both call: a DeskStore and the campaign in, a file out (written next to the target and renamed into
place, like every document: reports/documents.py). Importing the problem list: read, then
registered all or nothing (storage/campaign_store.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.reports.documents import Target, atomic_write

if TYPE_CHECKING:
    from desk_app.reports.campaign_xlsx import ProblemListRead
    from desk_app.storage.campaign_store import CampaignReport, ProblemsImported
    from desk_app.storage.store import DeskStore


def _report(store: DeskStore, campaign_id: str) -> CampaignReport:
    from desk_app.storage.campaign_store import CampaignStore

    return CampaignStore(store).report(campaign_id)


def print_campaign_report(store: DeskStore, target: Target, campaign_id: str) -> CampaignReport:
    from desk_app.reports.campaign_pdf import write_campaign_report_pdf

    report = _report(store, campaign_id)
    with atomic_write(target) as out:
        write_campaign_report_pdf(out, report)
    return report


def print_problem_list(store: DeskStore, target: Target, campaign_id: str) -> CampaignReport:
    from desk_app.reports.campaign_pdf import write_problem_list_pdf

    report = _report(store, campaign_id)
    with atomic_write(target) as out:
        write_problem_list_pdf(out, report)
    return report


def export_campaign_report(store: DeskStore, target: Target, campaign_id: str) -> CampaignReport:
    from desk_app.reports.campaign_xlsx import write_campaign_report_xlsx

    report = _report(store, campaign_id)
    with atomic_write(target) as out:
        write_campaign_report_xlsx(out, report)
    return report


def export_problem_list(store: DeskStore, target: Target, campaign_id: str) -> CampaignReport:
    from desk_app.reports.campaign_xlsx import write_problem_list_xlsx

    report = _report(store, campaign_id)
    with atomic_write(target) as out:
        write_problem_list_xlsx(out, report)
    return report


@dataclass(frozen=True, slots=True)
class ProblemListImport:
    read: ProblemListRead
    applied: ProblemsImported | None  # None: the file had problems, nothing was imported


def import_problem_list(
    store: DeskStore, path: Path, campaign_id: str, *, by: str, year: int | None = None
) -> ProblemListImport:
    """Read the file; when every row is good, register them all as the campaign's problems.
    Raises campaign_store.ProblemListRefused when the desk refuses a row (nothing imported)."""
    from desk_app.reports.campaign_xlsx import read_problem_list
    from desk_app.storage.campaign_store import CampaignStore

    read = read_problem_list(path, now=store.clock(), year=year)
    if not read.ok:
        return ProblemListImport(read, None)
    applied = CampaignStore(store).import_problems(campaign_id, read.entries, by=by)
    return ProblemListImport(read, applied)
