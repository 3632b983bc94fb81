"""How alike two matters are (domain/similarity.py), pure: the re-ranking by the best
suggestions' neighbours."""

from __future__ import annotations

from desk_app.domain import similarity

WEIGHTS = {"违建": 3.0, "城管": 2.0, "下雨": 2.0, "楼顶": 1.5}
UNKNOWN = 1.0


def test_a_case_like_the_best_suggestions_rises_above_one_sharing_an_incidental_word() -> None:
    best = (0.50, frozenset({"违建", "城管", "楼顶", "加盖"}))
    second = (0.45, frozenset({"违建", "城管", "棚子"}))
    rain_only = (0.31, frozenset({"下雨", "积水", "路口"}))  # shares 下雨 with the typed text
    same_matter = (0.30, frozenset({"违建", "加盖", "城管", "阳台"}))
    order = similarity.rerank([best, second, rain_only, same_matter], WEIGHTS, unknown_weight=UNKNOWN)
    assert order[3] > order[2]


def test_the_best_suggestions_stay_first_when_the_rest_are_unlike_them() -> None:
    best = (0.50, frozenset({"违建", "城管"}))
    second = (0.45, frozenset({"违建", "楼顶"}))
    other = (0.40, frozenset({"下雨", "积水"}))
    order = similarity.rerank([best, second, other], WEIGHTS, unknown_weight=UNKNOWN)
    assert order == sorted(order, reverse=True)


def test_likeness_of_cases_without_a_shared_feature_is_zero() -> None:
    assert (
        similarity.likeness(frozenset({"违建"}), frozenset({"下雨"}), WEIGHTS, unknown_weight=UNKNOWN) == 0.0
    )
