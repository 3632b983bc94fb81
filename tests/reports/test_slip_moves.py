"""The referral slip after the moves of issue 9: the current round's current slip by default, an
approved extension, a re-referral after a return, a returned slip printed by its own number."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from report_helpers import Cases, flat, make_cases, needs_font, pdf_pages, pdf_text

from desk_app.domain.validation import ReferralDraft
from desk_app.reports.documents import print_referral_slip
from desk_app.reports.slip_pdf import qr_payload
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore


@pytest.fixture
def c(store: DeskStore, clerk: OperatorInfo, clock: object) -> Cases:
    return make_cases(store, clerk, clock)


def _second_round(c: Cases) -> tuple[str, str, str]:
    """A case in its second round, with a supervisor and a deadline of its own (slip numbers 1, 2)."""
    rid = c.register(datetime(2026, 11, 2, 9), "噪音扰民", citizen_name="孙九")
    first = c.refer(rid, date(2026, 11, 3))  # 赵代表, 5 working days: due 11-10
    c.reply(rid, date(2026, 11, 5), "已约谈商户")
    c.callback(rid, "dissatisfied", datetime(2026, 11, 6, 10), words="晚上还是很吵")
    second = c.store.refer(
        rid, ReferralDraft(c.unit_id, "王科长", date(2026, 11, 9), 10, "钱代表", "二次督办"), by=c.clerk.id
    ).serial  # due 11-23
    return rid, first, second


# -- which slip -----------------------------------------------------------------------------------------


def test_without_a_round_the_current_round_is_printed(store: DeskStore, c: Cases) -> None:
    rid, first, second = _second_round(c)
    data = store.slip_data(reception_id=rid)
    assert (data.referral.serial, data.referral.round_no) == (second, 2)
    assert (data.referral.supervisor, data.referral.reply_due) == ("钱代表", date(2026, 11, 23))
    assert data.previous is not None and data.previous.serial == first
    assert store.slip_data(reception_id=rid, round_no=1).referral.serial == first


def test_without_a_round_the_current_slip_after_a_return_is_printed(store: DeskStore, c: Cases) -> None:
    rid, _first, second = _second_round(c)
    c.return_slip(rid, date(2026, 11, 10))
    third = c.refer(rid, date(2026, 11, 11), unit_id=c.other_unit_id)
    data = store.slip_data(reception_id=rid)
    assert (data.referral.serial, data.referral.round_no, data.referral.attempt) == (third, 2, 2)
    assert [r.serial for r in data.returned] == [second]
    assert store.slip_data(reception_id=rid, round_no=2).referral.serial == third
    # The slip the unit returned, asked for by its own number, is that slip.
    returned = store.slip_data(second)
    assert (returned.referral.serial, returned.referral.returned_on, returned.returned) == (
        second,
        date(2026, 11, 10),
        (),
    )


# -- what the slip says ---------------------------------------------------------------------------------


@needs_font
def test_an_approved_extension_shows_the_new_deadline_and_why(
    store: DeskStore, c: Cases, tmp_path: Path
) -> None:
    rid = c.register(datetime(2026, 11, 16, 9), "电梯停运一周", citizen_name="张桂兰")
    serial = c.refer(rid, date(2026, 11, 17), days=10)  # due 12-01
    assert c.extend(rid, date(2026, 11, 18), 5, date(2026, 11, 19), "需采购电梯配件") == date(2026, 12, 8)
    path = tmp_path / "slip.pdf"
    result = print_referral_slip(store, path, serial=serial)
    text = flat(pdf_text(path))
    for expected in (
        "经批准延期至2026年12月8日（原限2026年12月1日）：需采购电梯配件",
        "请于2026年12月8日前将办理结果书面答复本站",
        "10个工作日",
    ):
        assert flat(expected) in text, expected
    assert result.pages == pdf_pages(path) == 1 and not result.attached_sheet


@needs_font
def test_a_refused_extension_changes_nothing_on_the_slip(store: DeskStore, c: Cases, tmp_path: Path) -> None:
    from desk_app.storage.case_moves import ExtensionDraft

    rid = c.register(datetime(2026, 11, 16, 9), "电梯停运一周")
    serial = c.refer(rid, date(2026, 11, 17), days=10)
    ext = store.request_extension(rid, ExtensionDraft(date(2026, 11, 18), "人手不足", 5), by=c.clerk.id)
    store.decide_extension(ext, approve=False, note="期限内可以办结", by=c.clerk.id)
    path = tmp_path / "slip.pdf"
    print_referral_slip(store, path, serial=serial)
    text = flat(pdf_text(path))
    assert "延期" not in text and flat("请于2026年12月1日前") in text


@needs_font
def test_a_re_referral_after_a_return_says_so_and_is_no_new_round(
    store: DeskStore, c: Cases, tmp_path: Path
) -> None:
    rid = c.register(datetime(2026, 11, 16, 9), "窨井盖缺失", citizen_name="周八")
    first = c.refer(rid, date(2026, 11, 17), unit_id=c.other_unit_id)
    c.return_slip(rid, date(2026, 11, 18), "不属本单位职责，应由街道办理")
    second = c.refer(rid, date(2026, 11, 19))
    path = tmp_path / "slip.pdf"
    result = print_referral_slip(store, path, reception_id=rid)
    text = flat(pdf_text(path))
    for expected in (
        f"编号：{second}",
        "退回情况",
        f"原交办单{first}已由浉河区交通运输局于2026年11月18日退回：不属本单位职责，应由街道办理。",
        "本单为退回后重新交办，不另计督办轮次。",
        "五星街道办事处",
    ):
        assert flat(expected) in text, expected
    assert "交办单（二次督办）" not in text and "第2轮督办" not in text
    assert result.pages == pdf_pages(path) == 1
    assert "ROUND:1;" in qr_payload(store.slip_data(second))


@needs_font
def test_a_returned_slip_printed_by_its_number_says_it_was_returned(
    store: DeskStore, c: Cases, tmp_path: Path
) -> None:
    rid = c.register(datetime(2026, 11, 16, 9), "窨井盖缺失")
    first = c.refer(rid, date(2026, 11, 17), unit_id=c.other_unit_id)
    c.return_slip(rid, date(2026, 11, 18))
    c.refer(rid, date(2026, 11, 19))
    path = tmp_path / "slip.pdf"
    print_referral_slip(store, path, serial=first)
    text = flat(pdf_text(path))
    assert flat(f"编号：{first}") in text
    assert flat("本交办单已由浉河区交通运输局于2026年11月18日退回：不属本单位职责。") in text


@needs_font
def test_second_round_re_referred_and_extended_keeps_its_boxes_on_one_page(
    store: DeskStore, c: Cases, tmp_path: Path
) -> None:
    rid, _first, second = _second_round(c)
    c.return_slip(rid, date(2026, 11, 10), "不属本单位职责")
    third = c.refer(rid, date(2026, 11, 11), days=10, unit_id=c.other_unit_id)  # due 11-25
    c.extend(rid, date(2026, 11, 12), 3, date(2026, 11, 13), "需协调交警部门")  # 11-25 + 3 = 11-30
    path = tmp_path / "slip.pdf"
    result = print_referral_slip(store, path, serial=third)
    first_page = flat(pdf_text(path, 1, 1))
    for expected in (
        "交办单（二次督办）",
        "第2轮督办",
        "上轮办理",
        "晚上还是很吵",
        "退回情况",
        f"原交办单{second}",
        "经批准延期至2026年11月30日（原限2026年11月25日）：需协调交警部门",
        "回访情况（回访人填写）",
        "回访人（签字）",
    ):
        assert flat(expected) in first_page, expected
    assert result.pages == pdf_pages(path)
