"""Sentences on the slip end with one full stop, whatever the clerk typed (pdfkit.sentence and
pdfkit.clause), so a box never shows "。。" or "。；"."""

from __future__ import annotations

import pytest

from desk_app.reports.pdfkit import clause, sentence


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("已修复", "已修复。"),
        ("已修复。", "已修复。"),
        ("已修复！", "已修复！"),
        ("群众说“很满意。”", "群众说“很满意。”"),
        ("已修复。  ", "已修复。"),
        ("", ""),
    ],
)
def test_sentence(typed: str, printed: str) -> None:
    assert sentence(typed) == printed


@pytest.mark.parametrize(
    ("typed", "inside"),
    [
        ("不属本单位职责。", "不属本单位职责"),
        ("需采购材料；", "需采购材料"),
        ("需采购材料", "需采购材料"),
        ("", ""),
    ],
)
def test_clause(typed: str, inside: str) -> None:
    assert clause(typed) == inside
