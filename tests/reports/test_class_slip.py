"""Issue 14: a class referred together prints as one slip with the list of its cases attached."""

from __future__ import annotations

from pathlib import Path

from report_helpers import flat, make_cases, needs_font, pdf_pages, pdf_text

from desk_app.domain.validation import ReferralDraft
from desk_app.reports.class_slip_pdf import print_class_slip
from desk_app.storage.class_store import ClassStore
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore


def _class_slip(store: DeskStore, clerk: OperatorInfo, clock: object, cases: int) -> tuple[str, list[str]]:
    c = make_cases(store, clerk, clock)
    ids = [
        c.register(
            clock.now.replace(hour=8, minute=n % 60), f"第{n}号楼加装电梯协商", citizen_name=f"住户{n}"
        )  # type: ignore[attr-defined]
        for n in range(cases)
    ]
    classes = ClassStore(store)
    class_id = classes.form(ids[0], "老旧小区加装电梯", by=clerk.id)
    for rid in ids[1:]:
        classes.add(class_id, rid, by=clerk.id)
    draft = ReferralDraft(c.unit_id, "王科长", clock.now.date(), 10, "赵代表")  # type: ignore[attr-defined]
    return classes.refer_together(class_id, draft, by=clerk.id), ids


@needs_font
def test_the_class_slip_lists_every_case_with_its_own_number(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    lead, ids = _class_slip(store, clerk, clock, 3)
    path = tmp_path / "class.pdf"
    result = print_class_slip(store, path, lead)
    text = flat(pdf_text(path))
    assert flat("附件：类案案件清单") in text and flat("类案：老旧小区加装电梯") in text
    serials = [store.case_detail(rid).current_referral.serial for rid in ids]  # type: ignore[union-attr]
    assert all(flat(s) in text for s in serials)
    assert (result.slip_pages, result.attachment_pages) == (1, 1)


@needs_font
def test_a_long_class_list_goes_on_over_more_pages(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    lead, ids = _class_slip(store, clerk, clock, 60)
    path = tmp_path / "class.pdf"
    result = print_class_slip(store, path, lead)
    assert result.attachment_pages >= 2 and pdf_pages(path) == 1 + result.attachment_pages
    last = store.case_detail(ids[-1]).current_referral.serial  # type: ignore[union-attr]
    assert flat(last) in flat(pdf_text(path))
