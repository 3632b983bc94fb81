"""The district centre's documents (issue 13): the stations side by side with the district
total, in Excel and PDF, and the transfer register (read back with openpyxl and pdftotext)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tests" / "storage") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests" / "storage"))

from openpyxl import load_workbook  # noqa: E402

from desk_app.domain.periods import Period  # noqa: E402
from desk_app.domain.tally import Figures  # noqa: E402
from desk_app.reports.centre_xlsx import (  # noqa: E402
    write_centre_tally_pdf,
    write_centre_tally_xlsx,
    write_transfer_register_xlsx,
)
from desk_app.storage.centre_queries import CentreTally, StationRow  # noqa: E402
from desk_app.storage.transfer_store import LevelCounts, TransferEntry  # noqa: E402

PERIOD = Period(date(2026, 7, 1), date(2026, 9, 30))


def _data() -> CentreTally:
    a = StationRow(
        "a", "五星街道工作站", Figures(opinions=7, referred=3), LevelCounts("a", "五星", 7, 5, 2, 2, 0)
    )
    b = StationRow(
        "b", "老城街道工作站", Figures(opinions=4, referred=1), LevelCounts("b", "老城", 4, 4, 0, 0, 1)
    )
    total = StationRow(
        "", "全区合计", Figures(opinions=11, referred=4), LevelCounts("", "全区合计", 11, 9, 2, 2, 1)
    )
    return CentreTally(PERIOD, PERIOD.end, (a, b), total)


def test_the_workbook_has_a_row_per_station_and_the_district_total_last(tmp_path: Path) -> None:
    out = tmp_path / "centre.xlsx"
    write_centre_tally_xlsx(out, _data(), district="浉河区", made_at=datetime(2026, 10, 8, 9, 0))
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[4:]] == ["五星街道工作站", "老城街道工作站", "全区合计"]
    assert rows[-1][1:3] == (0, 11)  # citizens, opinions


def test_the_pdf_reads_back_with_the_district_total(tmp_path: Path) -> None:
    out = tmp_path / "centre.pdf"
    write_centre_tally_pdf(out, _data(), district="浉河区", made_at=datetime(2026, 10, 8, 9, 0))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True
    ).stdout
    assert "全区合计" in text and "老城街道工作站" in text


def test_the_transfer_register_workbook_lists_each_move(tmp_path: Path) -> None:
    entry = TransferEntry(
        "e",
        datetime(2026, 9, 1, 10, 0),
        "transferred_up",
        "r",
        "a",
        "五星街道工作站",
        "",
        "电梯停运",
        "需协调",
        "李明",
        "centre",
    )
    out = tmp_path / "register.xlsx"
    assert write_transfer_register_xlsx(out, [entry], title="转办登记簿", made_at=datetime(2026, 10, 8)) == 1
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[3][1:3] == ("转办至区中心", "五星街道工作站") and rows[3][5] == "需协调"


def _with_city() -> CentreTally:
    a = StationRow(
        "a", "五星街道工作站", Figures(opinions=7), LevelCounts("a", "五星", 7, 4, 2, 2, 0, 1, 2, 1)
    )
    total = StationRow(
        "", "全区合计", Figures(opinions=7), LevelCounts("", "全区合计", 7, 4, 2, 2, 0, 1, 2, 1)
    )
    return CentreTally(PERIOD, PERIOD.end, (a,), total)


def test_the_workbook_shows_the_city_level_counts(tmp_path: Path) -> None:
    out = tmp_path / "centre.xlsx"
    write_centre_tally_xlsx(out, _with_city(), district="浉河区", made_at=datetime(2026, 10, 8, 9, 0))
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    by_header = dict(zip(rows[3], rows[-1], strict=True))
    assert (by_header["市级办理"], by_header["转出至市级"], by_header["市级交回"]) == (1, 2, 1)


def test_the_pdf_has_the_city_columns_on_the_page(tmp_path: Path) -> None:
    out = tmp_path / "centre.pdf"
    write_centre_tally_pdf(out, _with_city(), district="浉河区", made_at=datetime(2026, 10, 8, 9, 0))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True
    ).stdout
    flat = "".join(text.split())  # a narrow column's header wraps
    assert "转出至市级" in flat and "市级交回" in flat


def test_the_transfer_register_workbook_names_the_city_and_its_reference_number(tmp_path: Path) -> None:
    entry = TransferEntry(
        "e",
        datetime(2026, 9, 1, 10, 0),
        "transferred_to_city",
        "r",
        "a",
        "五星街道工作站",
        "",
        "跨区河道污染",
        "涉及两个区",
        "陈中心",
        "city",
        "信市人代〔2026〕12号",
    )
    out = tmp_path / "register.xlsx"
    write_transfer_register_xlsx(out, [entry], title="转办登记簿", made_at=datetime(2026, 10, 8))
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert (rows[3][1], rows[3][7], rows[3][8]) == ("转办至市级", "市级", "信市人代〔2026〕12号")
