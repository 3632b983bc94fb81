"""A dissatisfied callback carries the citizen's words (casebook.callback_refusal)."""

from __future__ import annotations

import pytest

from desk_app.domain.casebook import callback_refusal
from desk_app.domain.lifecycle import REFUSAL_ZH, Refusal


def test_dissatisfied_without_words_is_refused() -> None:
    assert callback_refusal("dissatisfied", "  ") is Refusal.WORDS_REQUIRED


def test_dissatisfied_with_words_is_accepted() -> None:
    assert callback_refusal("dissatisfied", "电梯还是停") is None


@pytest.mark.parametrize("verdict", ["satisfied", "basically_satisfied"])
def test_a_satisfied_citizen_needs_no_words(verdict: str) -> None:
    assert callback_refusal(verdict, "") is None


def test_the_refusal_has_its_stable_code_and_chinese_words() -> None:
    assert Refusal.WORDS_REQUIRED.value == "citizen_words_required"
    assert "不满意" in REFUSAL_ZH[Refusal.WORDS_REQUIRED]
