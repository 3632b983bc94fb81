"""A case from the public channel (issue 12) prints its first photo on the referral slip, beside
what was raised, and the slip stays one page (read back with pdfimages and pdfinfo)."""

from __future__ import annotations

import base64
import io
import subprocess
from datetime import date, datetime
from pathlib import Path

from pdf_inspect import pdf_fonts
from PIL import Image
from report_helpers import make_cases, pdf_pages
from sqlalchemy import insert

from desk_app.reports.documents import print_referral_slip
from desk_app.storage.models import PublicPhoto, PublicSubmission, new_id, utcnow
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore


def _jpeg(colour: str, size: tuple[int, int]) -> str:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return base64.b64encode(out.getvalue()).decode()


def _from_public_channel(store: DeskStore, case_id: str, photos: list[tuple[str, tuple[int, int]]]) -> None:
    """The submission the case was accepted from, with its photos, as a pull writes them."""
    sub_id, now, station = new_id(), utcnow(), store.station().id
    audit = {"created_at": now, "updated_at": now, "station_id": station}
    with store.db.engine.begin() as conn:
        conn.execute(
            insert(PublicSubmission),
            [
                {
                    "id": sub_id,
                    **audit,
                    "code": "34679ACDEF",
                    "submitted_at": datetime(2026, 11, 16, 9, 0),
                    "matter": "小区路灯坏了一个月",
                    "category": "城建",
                    "place": "建设路12号",
                    "phone": "13812341234",
                    "name": "张女士",
                    "photo_count": len(photos),
                    "state": "accepted",
                    "case_id": case_id,
                    "reject_reason": "",
                    "online_verdict": "",
                    "online_words": "",
                }
            ],
        )
        for seq, (colour, size) in enumerate(photos, start=1):
            conn.execute(
                insert(PublicPhoto),
                [
                    {
                        "id": new_id(),
                        **audit,
                        "submission_id": sub_id,
                        "seq": seq,
                        "jpeg": _jpeg(colour, size),
                        "width": size[0],
                        "height": size[1],
                    }
                ],
            )


def _case(store: DeskStore, clerk: OperatorInfo, clock: object, content: str) -> tuple[str, str]:
    c = make_cases(store, clerk, clock)
    rid = c.register(datetime(2026, 11, 16, 9, 30), content, channel="qr_scan", citizen_name="张女士")
    return rid, c.refer(rid, date(2026, 11, 17), days=10)


def _images(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def test_the_first_photo_of_a_public_case_is_printed_on_its_one_page_slip(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    rid, serial = _case(store, clerk, clock, "小区路灯坏了一个月，晚上出行不便。")
    _from_public_channel(store, rid, [("red", (1600, 1200)), ("blue", (800, 600))])
    path = tmp_path / "slip.pdf"
    result = print_referral_slip(store, path, serial=serial)
    images = _images(path)
    assert (result.pages, pdf_pages(path)) == (1, 1)
    assert len(images) == 1 and images[0][0] == "1"  # one image, on page 1
    assert (images[0][3], images[0][4]) == ("1600", "1200")  # the first photo, not the second
    assert all(f.embedded for f in pdf_fonts(path))  # the photo's box adds no Helvetica


def test_a_tall_photo_and_a_long_complaint_still_fit_one_page(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    rid, serial = _case(store, clerk, clock, "楼道灯坏了，老人夜间上下楼摔倒过一次。" * 40)
    _from_public_channel(store, rid, [("green", (600, 2400))])
    path = tmp_path / "slip.pdf"
    result = print_referral_slip(store, path, serial=serial)
    assert result.attached_sheet and pdf_pages(path) == 2  # the text continues on the 附页
    assert [img[0] for img in _images(path)] == ["1"]  # the photo on the slip's page only


def test_a_case_typed_at_the_desk_has_no_photo_on_its_slip(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    _rid, serial = _case(store, clerk, clock, "小区路灯坏了一个月。")
    path = tmp_path / "slip.pdf"
    print_referral_slip(store, path, serial=serial)
    assert _images(path) == []
