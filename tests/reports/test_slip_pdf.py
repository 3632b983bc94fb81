"""The referral slip: one A4 page with every string a committee office files, read back."""

from __future__ import annotations

import io
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from report_helpers import flat, make_cases, needs_font, pdf_pages, pdf_text

from desk_app.reports.documents import print_referral_slip
from desk_app.reports.slip_pdf import qr_payload
from desk_app.storage.errors import NotFound
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

pytestmark = needs_font


@pytest.fixture
def case(store: DeskStore, clerk: OperatorInfo, clock: object) -> tuple[str, str]:
    c = make_cases(store, clerk, clock)
    cat = next(x.id for x in store.categories() if x.name == "物业")
    rid = c.register(
        datetime(2026, 11, 16, 9, 30),
        "北京路社区3号楼电梯停运一周，老人上下楼困难。",
        citizen_name="张桂兰",
        citizen_phone="13903761234",
        citizen_address="五星街道北京路社区3号楼",
        category_id=cat,
    )
    return rid, c.refer(rid, date(2026, 11, 17), days=10, note="请尽快组织维修")


def test_every_string_of_the_slip_is_in_the_pdf(
    store: DeskStore, case: tuple[str, str], tmp_path: Path
) -> None:
    _rid, serial = case
    path = tmp_path / "slip.pdf"
    print_referral_slip(store, path, serial=serial)
    text = flat(pdf_text(path))
    for expected in (
        "浉河区五星街道人大代表监督岗",
        "交办单",
        f"编号：{serial}",
        "交办日期：2026年11月17日",
        "张桂兰",
        "139****1234",
        "2026年11月16日09:30",
        "来访",
        "物业",
        "五星街道北京路社区3号楼",
        "北京路社区3号楼电梯停运一周，老人上下楼困难。",
        "五星街道办事处",
        "王科长",
        "10个工作日，请于2026年12月1日前将办理结果书面答复本站",
        "赵代表",
        "李明",
        "请尽快组织维修",
        "交办单位（盖章）",
        "承办单位签收人（签字）",
        "办理结果（承办单位填写）",
        "回访情况（回访人填写）",
        "□满意",
        "□基本满意",
        "□不满意",
        "□电话",
        "回访人（签字）",
    ):
        assert flat(expected) in text, expected


def test_phone_is_masked_unless_asked(
    store: DeskStore, clerk: OperatorInfo, case: tuple[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "slip.pdf"
    print_referral_slip(store, path, serial=case[1])
    assert "13903761234" not in pdf_text(path)
    print_referral_slip(store, path, serial=case[1], full_phone=True, by=clerk.id)
    assert "13903761234" in pdf_text(path)


def test_full_number_print_is_audited(
    store: DeskStore, clerk: OperatorInfo, case: tuple[str, str], tmp_path: Path
) -> None:
    print_referral_slip(store, tmp_path / "slip.pdf", serial=case[1], full_phone=True, by=clerk.id)
    (event,) = [e for e in store.audit_trail(by=clerk.id) if e.kind == "full_numbers_printed"]
    assert (event.operator_name, event.subject) == (clerk.name, case[1])


def test_full_numbers_are_refused_to_a_deputy_and_nothing_is_written(
    store: DeskStore, clerk: OperatorInfo, case: tuple[str, str], tmp_path: Path
) -> None:
    from desk_app.domain.permissions import NotPermitted
    from tests.constants import DEPUTY_PIN

    deputy = store.add_operator(by=clerk.id, name="王代表", role="deputy", secret=DEPUTY_PIN)
    path = tmp_path / "slip.pdf"
    with pytest.raises(NotPermitted):
        print_referral_slip(store, path, serial=case[1], full_phone=True, by=deputy.id)
    assert not path.exists()


def test_slip_is_one_a4_page(store: DeskStore, case: tuple[str, str], tmp_path: Path) -> None:
    path = tmp_path / "slip.pdf"
    result = print_referral_slip(store, path, serial=case[1])
    assert (result.pages, result.attached_sheet) == (1, False)
    assert pdf_pages(path) == 1
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "pts (A4)" in info


def test_very_long_complaint_continues_on_an_attached_sheet(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    c = make_cases(store, clerk, clock)
    long_text = "".join(
        f"第{i}条：小区南门外占道经营严重，早晚高峰堵塞通道，救护车无法通行。" for i in range(300)
    )
    rid = c.register(datetime(2026, 11, 16, 9), long_text, citizen_name="周八")
    serial = c.refer(rid, date(2026, 11, 17))
    path = tmp_path / "slip.pdf"
    result = print_referral_slip(store, path, serial=serial)
    assert result.attached_sheet and result.pages == pdf_pages(path) > 1
    first = flat(pdf_text(path, 1, 1))
    assert "（续见附页）" in first and "回访情况（回访人填写）" in first and "第299条" not in first
    rest = flat(pdf_text(path, 2))
    assert "交办单附页" in rest and "第299条" in rest and "第0条" in rest


def test_second_round_says_so_and_shows_the_round_before(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    c = make_cases(store, clerk, clock)
    rid = c.register(datetime(2026, 11, 2, 9), "噪音扰民", citizen_name="孙九")
    first = c.refer(rid, date(2026, 11, 3))
    c.reply(rid, date(2026, 11, 5), "已约谈商户")
    c.callback(rid, "dissatisfied", datetime(2026, 11, 6, 10), words="晚上还是很吵")
    second = c.refer(rid, date(2026, 11, 9), note="二次督办：请实地核查")
    path = tmp_path / "slip.pdf"
    print_referral_slip(store, path, serial=second)
    text = flat(pdf_text(path))
    for expected in ("交办单（二次督办）", "第2轮督办", first, "已约谈商户", "不满意", "晚上还是很吵"):
        assert flat(expected) in text, expected
    assert pdf_pages(path) == 1


def test_qr_code_names_the_case(store: DeskStore, case: tuple[str, str]) -> None:
    data = store.slip_data(case[1])
    assert case[0] in qr_payload(data) and case[1] in qr_payload(data)


def test_slip_can_be_written_to_memory_for_preview(store: DeskStore, case: tuple[str, str]) -> None:
    buf = io.BytesIO()
    print_referral_slip(store, buf, reception_id=case[0])
    assert buf.getvalue().startswith(b"%PDF")


def test_unknown_serial_is_not_found(store: DeskStore, case: tuple[str, str], tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        print_referral_slip(store, tmp_path / "x.pdf", serial="浉河监督岗〔2026〕第999号")
    assert not (tmp_path / "x.pdf").exists()


def test_missing_font_is_a_plain_error_and_writes_nothing(
    store: DeskStore, case: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk_app.reports import slip_pdf
    from desk_app.reports.fonts import CjkFontMissing

    def no_font(_path: str | None = None) -> str:
        raise CjkFontMissing([Path("/nowhere.ttc")])

    monkeypatch.setattr(slip_pdf, "register_cjk_font", no_font)
    with pytest.raises(CjkFontMissing):
        print_referral_slip(store, tmp_path / "slip.pdf", serial=case[1])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk"]  # no slip, no leftover part file
