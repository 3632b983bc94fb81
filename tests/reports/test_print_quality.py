"""Every PDF of the desk as it comes off a laser printer (issue 11): body text drawn plainly (only
the slip's title is filled and stroked), every font embedded, Chinese line breaking, sentences
with one full stop. Read back from the files: content streams, pdffonts, pdftotext, pdftoppm."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from pdf_inspect import ink, page_streams, pdf_fonts, shown_text
from report_helpers import flat, make_cases, needs_font, october_desk, pdf_text
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk_app.domain.tally import month_period
from desk_app.reports import slip_pdf
from desk_app.reports.documents import print_referral_slip, print_tally
from desk_app.reports.fonts import register_cjk_font
from desk_app.reports.rota_pdf import write_rota_pdf
from desk_app.storage.records import OperatorInfo
from desk_app.storage.rota_records import RotaSheetRow
from desk_app.storage.store import DeskStore

pytestmark = needs_font

STATION = "浉河区五星街道人大代表监督岗"
# Characters a Chinese line never starts with (GB/T 15834 and every typesetter's kinsoku rule).
NEVER_LINE_START = "，。、；：？！）》」”"


def _first_round(store: DeskStore, clerk: OperatorInfo, clock: object) -> str:
    c = make_cases(store, clerk, clock)
    rid = c.register(
        datetime(2026, 11, 16, 9, 30),
        "北京路社区3号楼电梯停运一周，老人上下楼困难。",
        citizen_name="张桂兰",
        citizen_phone="13903761234",
        citizen_address="五星街道北京路社区3号楼",
    )
    return c.refer(rid, date(2026, 11, 17), days=10, note="请尽快组织维修")


def _second_round(store: DeskStore, clerk: OperatorInfo, clock: object) -> str:
    c = make_cases(store, clerk, clock)
    rid = c.register(datetime(2026, 11, 2, 9), "噪音扰民", citizen_name="孙九")
    c.refer(rid, date(2026, 11, 3))
    c.reply(rid, date(2026, 11, 5), "已约谈商户。")
    c.callback(rid, "dissatisfied", datetime(2026, 11, 6, 10), words="晚上还是很吵。")
    return c.refer(rid, date(2026, 11, 9), note="二次督办：请实地核查")


@pytest.fixture
def slip(store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path) -> Path:
    path = tmp_path / "slip.pdf"
    print_referral_slip(store, path, serial=_first_round(store, clerk, clock))
    return path


@pytest.fixture
def second_slip(store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path) -> Path:
    path = tmp_path / "slip2.pdf"
    print_referral_slip(store, path, serial=_second_round(store, clerk, clock))
    return path


@pytest.fixture
def tally_pdf(store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path) -> Path:
    october_desk(store, clerk, clock)
    path = tmp_path / "tally.pdf"
    print_tally(store, path, month_period(2026, 10))
    return path


@pytest.fixture
def rota_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "rota.pdf"
    rows = [
        RotaSheetRow("s1", STATION, date(2026, 10, 10), "morning", ("王建国", "李秀英"), 0),
        RotaSheetRow("s1", STATION, date(2026, 10, 14), "full_day", ("赵一",), 1),
    ]
    write_rota_pdf(path, rows, period_label="2026年10月", printed_on=date(2026, 9, 30))
    return path


# -- text render mode: no smear --------------------------------------------------------------


def _stroked(path: Path) -> list[float]:
    """The sizes of the text drawn in any mode but plain fill (Tr 0), over every page."""
    return [s.size for stream in page_streams(path) for s in shown_text(stream) if s.render_mode != 0]


def test_only_the_title_of_a_slip_is_filled_and_stroked(slip: Path) -> None:
    shown = [s for stream in page_streams(slip) for s in shown_text(stream)]
    assert len(shown) > 30  # the parser saw the slip's strings
    assert _stroked(slip) == [22]  # the title, 22 pt; nothing after it


def test_only_the_title_of_a_second_round_slip_is_filled_and_stroked(second_slip: Path) -> None:
    assert _stroked(second_slip) == [22]


def test_the_tally_draws_every_string_plainly(tally_pdf: Path) -> None:
    assert page_streams(tally_pdf) and _stroked(tally_pdf) == []


def test_the_rota_draws_every_string_plainly(rota_pdf: Path) -> None:
    assert page_streams(rota_pdf) and _stroked(rota_pdf) == []


def test_slip_body_text_prints_as_thin_as_plain_text_at_300_dpi(slip: Path, tmp_path: Path) -> None:
    """The label 来访群众 (first box of the form) carries as much ink as the same four characters
    drawn plainly at the same size on a blank page: smeared (filled and stroked) it is far more."""
    font = register_cjk_font()
    ref = tmp_path / "reference.pdf"
    c = Canvas(str(ref), pagesize=A4, initialFontName=font)
    c.setFont(font, 10.5)
    c.drawString(30 * mm, A4[1] - 30 * mm, "来访群众")
    c.save()
    reference = ink(ref, page=1, x_mm=28, y_mm=25, w_mm=30, h_mm=8)
    # The first label cell: below the heading, inside its grid lines (1 mm in from each).
    top = slip_pdf.MARGIN_TOP / mm + 30 + 1
    body = ink(
        slip, page=1, x_mm=slip_pdf.MARGIN_X / mm + 1, y_mm=top, w_mm=slip_pdf.LABEL_W / mm - 2, h_mm=7
    )
    assert reference > 100
    assert 0.8 * reference <= body <= 1.2 * reference, (body, reference)


# -- fonts: all embedded ---------------------------------------------------------------------


@pytest.mark.parametrize("document", ["slip", "second_slip", "tally_pdf", "rota_pdf"])
def test_every_font_listed_is_embedded(document: str, request: pytest.FixtureRequest) -> None:
    fonts = pdf_fonts(request.getfixturevalue(document))
    assert fonts, "pdffonts listed nothing"
    assert [f.name for f in fonts if not f.embedded] == []
    assert all(f.type == "TrueType" for f in fonts), fonts  # no Type 1 Helvetica by default


# -- Chinese line breaking and punctuation ---------------------------------------------------


def _line_starts(path: Path) -> list[str]:
    return [line.strip()[0] for line in pdf_text(path).splitlines() if line.strip()]


@pytest.mark.parametrize("first", range(1, 5))
def test_a_rota_line_never_starts_with_a_comma(first: int, tmp_path: Path) -> None:
    # Many deputies in one slot: the list wraps; shifting the first name's length moves the break
    # across the enumeration commas, so one of these would start a line with "、" without CJK wrapping.
    names = ("甲" * first,) + tuple("乙丙丁戊己庚辛壬癸子丑寅卯辰"[i] * 2 for i in range(14))
    path = tmp_path / "rota.pdf"
    write_rota_pdf(
        path,
        [RotaSheetRow("s1", STATION, date(2026, 10, 10), "morning", names, 0)],
        period_label="2026年10月",
    )
    assert "、".join(names[:3]) in flat(pdf_text(path))
    assert not [ch for ch in _line_starts(path) if ch in NEVER_LINE_START]


@pytest.mark.parametrize("first", range(36, 42))
def test_a_slip_line_never_starts_with_a_comma(
    first: int, store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    c = make_cases(store, clerk, clock)
    content = "电" * first + "，梯停运一周。" + "楼道灯坏了，" * 12
    rid = c.register(datetime(2026, 11, 16, 9), content, citizen_name="周八")
    path = tmp_path / "slip.pdf"
    print_referral_slip(store, path, serial=c.refer(rid, date(2026, 11, 17)))
    assert not [ch for ch in _line_starts(path) if ch in NEVER_LINE_START]


def test_the_previous_round_box_ends_each_sentence_with_one_full_stop(second_slip: Path) -> None:
    text = flat(pdf_text(second_slip))
    assert "答复：已约谈商户。" in text and "群众意见：晚上还是很吵。" in text
    assert "。。" not in text
