"""No text touches a cell's rules on the slip and the tally PDFs (issue 11): the words pdftotext
finds (their boxes) against the lines the page draws, read from its content stream."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from pdf_inspect import cell_gaps
from report_helpers import make_cases, october_desk

from desk_app.domain.periods import month_period
from desk_app.reports.documents import print_referral_slip, print_tally
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

# The least room between a word's box and a rule, in points (1 pt = 0.35 mm). The slip's cells
# are padded 4 pt and the tally's 3.5 pt across, 2-2.2 pt down; a word's box is its font's
# ascent to descent, a little taller than its glyphs.
MIN_ACROSS = 2.5
MIN_DOWN = 1.5


def _assert_padded(path: Path) -> None:
    gaps = cell_gaps(path)
    assert len(gaps) > 20, "the page's cells were not found"
    tight = [(w.text, round(h, 2), round(v, 2)) for w, h, v in gaps if h < MIN_ACROSS or v < MIN_DOWN]
    assert tight == []


@pytest.fixture
def slip_serial(store: DeskStore, clerk: OperatorInfo, clock: object) -> str:
    c = make_cases(store, clerk, clock)
    rid = c.register(
        datetime(2026, 11, 16, 9, 30),
        "北京路社区3号楼电梯停运一周，老人上下楼困难，物业称需等待配件，业主多次反映未果。" * 3,
        citizen_name="张桂兰",
        citizen_phone="13903761234",
        citizen_address="五星街道北京路社区3号楼2单元501室",
    )
    return c.refer(rid, date(2026, 11, 17), days=10, note="请尽快组织维修，并书面答复本站。")


def test_no_text_of_the_slip_touches_a_cell_border(
    store: DeskStore, slip_serial: str, tmp_path: Path
) -> None:
    path = tmp_path / "slip.pdf"
    print_referral_slip(store, path, serial=slip_serial)
    _assert_padded(path)


def test_no_text_of_the_tally_touches_a_cell_border(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    october_desk(store, clerk, clock)
    path = tmp_path / "tally.pdf"
    print_tally(store, path, month_period(2026, 10))
    _assert_padded(path)


def test_no_text_of_a_slip_with_a_photo_touches_a_cell_border(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    from test_slip_photo import _from_public_channel

    c = make_cases(store, clerk, clock)
    rid = c.register(
        datetime(2026, 11, 16, 9, 30), "小区路灯坏了一个月，晚上出行不便，老人摔倒过。" * 6, channel="qr_scan"
    )
    serial = c.refer(rid, date(2026, 11, 17), days=10)
    _from_public_channel(store, rid, [("red", (1600, 1200))])
    path = tmp_path / "slip.pdf"
    print_referral_slip(store, path, serial=serial)
    _assert_padded(path)
