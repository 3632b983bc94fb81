"""The theme reception day's notice (主题接待日公告), read back with pdftotext."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from report_helpers import needs_font, pdf_text

from desk_app.reports.theme_day_pdf import write_theme_day_notice
from desk_app.storage.studio_store import ThemeDayInfo

INFO = ThemeDayInfo(
    "t",
    "s",
    "洛龙区人大代表工作站",
    date(2026, 12, 16),
    "老旧小区加装电梯",
    "区代表联络中心一楼",
    "张伟、李娜",
    "区住建局、区自然资源局",
    "",
    False,
    0,
)


@needs_font
def test_the_notice_says_theme_day_place_and_invitees(tmp_path: Path) -> None:
    path = tmp_path / "notice.pdf"
    write_theme_day_notice(path, INFO, printed_on=date(2026, 12, 1))
    flat = "".join(pdf_text(path).split())
    for expected in (
        "洛龙区人大代表工作站主题接待日公告",
        "接待主题：老旧小区加装电梯",
        "2026年12月16日（星期三）",
        "区代表联络中心一楼",
        "张伟、李娜",
        "区住建局、区自然资源局",
        "2026年12月1日",
    ):
        assert expected in flat, expected
    assert "备注" not in flat


@needs_font
def test_a_cancelled_theme_day_notice_says_it_is_cancelled(tmp_path: Path) -> None:
    from dataclasses import replace

    path = tmp_path / "notice.pdf"
    write_theme_day_notice(path, replace(INFO, cancelled=True), printed_on=date(2026, 12, 1))
    assert "已取消" in "".join(pdf_text(path).split())
