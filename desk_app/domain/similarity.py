"""How alike two matters are, from their Chinese text (类案提示): pure rules, no SQL, no Qt.

Shared by the desk's suggestions while typing (storage/similar.py), the benchmark and the
labelled-set tests (tests/data/similar_cases*.csv; docs/benchmarks.md has the figures).

A text becomes a set of features:
- its characters and character bigrams inside runs of letters, digits and CJK characters
  (punctuation and white space break a run, so no bigram spans two clauses): 加装电梯 gives
  加, 装, 电, 梯, 加装, 装电, 电梯. Chinese has no spaces between words; a bigram catches most
  two-character words (电梯, 路灯, 停车) and a character the rest (狗, 坑);
- the matter terms of MATTER_TERMS that it mentions in any of their usual wordings (加梯 and
  加装电梯 are one term, 没水 and 停水 another): the words clerks and citizens use for the same
  matter share few characters, and bigrams alone cannot see it.

Each feature weighs its inverse document frequency on the desk (one in every case, such as 的
or 反映, says nothing; 飞线 or a place name says much); a matter term weighs TERM_BOOST times
its frequency's weight. Two texts are compared by the weighted Dice coefficient of their
feature sets: twice the weight they share over the weight each holds. The candidates are then
ordered by that score plus their likeness to the two best (rerank): a case of the best
suggestions' matter shares their words, one that shares only an incidental word with the typed
text (下雨, 人行道) does not.

Measured on three labelled sets (docs/benchmarks.md, "Similar cases: a method that generalises"
and "Similar cases: the best suggestions' neighbours"), precision of the top 5, target 0.8:
- tests/data/similar_cases.csv, written by the author of MATTER_TERMS: 0.65 with bigrams alone,
  0.75 with characters and bigrams, 0.850 with the matter terms, 0.867, 0.896 with rerank;
- tests/data/similar_cases_second.csv, written independently: 0.547, 0.653, 0.660 with rerank;
- tests/data/similar_cases_third.csv, written blind on matters the terms do not list (now
  development data): 0.433 with the earlier constants, 0.607, 0.633 with rerank.
So the method does not generalise to the target: on text nobody tuned for, about two of three
suggestions are the same matter, and the first suggestion is (29 of 30 queries on sets 2 and 3).
Measured and not kept, because none was better on every set (or, for the last, because it makes
the sets training data): BM25 saturation, query coverage or cosine instead of Dice, characters
at lower weight, a stop list of function characters, squared IDF, skip-bigrams, pseudo-relevance
feedback, homophone bigrams (pypinyin), a smaller TERM_BOOST; jieba words as features or instead
of bigrams, bigrams only inside jieba words, jieba's general-corpus IDF, its TF-IDF keywords,
synonyms of 同义词词林, the 100k benchmark desk's frequencies, weighting a text's first clause,
and a feature weight learned from the labelled sets' matters. Even that last one, learned from
the very set it is measured on, leaves the second set at 0.69-0.75: its misses are close matters
of one family and wordings that share no characters, which weights cannot mend. No dependency
was added (jieba costs 1.4-3 s and about 220 MB at start-up for a gain not on every set).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Letters, digits and CJK characters make runs; everything else (punctuation, spaces) breaks one.
_BREAK = re.compile(r"[^\w]+|_+")
# A matter term's feature: the prefix cannot occur in a text's own characters (\w runs).
TERM_PREFIX = "§"
TERM_BOOST = 3.0
# Share of the place in the score: it only breaks near-ties (the same matter at another estate is
# still a similar case; the same estate with another matter is not). At 0.1 it lifted cases of
# another matter at the same estate into the top five on both labelled sets; at 0.01 both sets
# measure better (docs/benchmarks.md).
PLACE_BOOST = 0.01
# Re-ranking by the best suggestions' neighbours (rerank): the ANCHORS best-scored cases each add
# ANCHOR_SHARE of their score times a case's likeness to them. Cases of one matter are more alike
# than a case of another matter that shares an incidental word with the typed text (下雨, 人行道,
# 锈); the first suggestion is right for 29 of 30 queries of the independent sets. Measured on
# three labelled sets (docs/benchmarks.md, "Similar cases: the best suggestions' neighbours").
ANCHORS = 2
ANCHOR_SHARE = 0.5
# Texts with fewer features than this ask for nothing: one character matches everything.
MIN_QUERY_FEATURES = 3

# The matters desks see most (the categories of the issue and of a 12345 hotline's sheet), each
# with the wordings citizens and clerks use for it. A wording is matched as a substring.
MATTER_TERMS: dict[str, tuple[str, ...]] = {
    "加装电梯": ("加装电梯", "加梯", "加电梯", "装电梯"),
    "电梯故障": ("电梯故障", "电梯坏", "电梯又坏", "困人", "被困", "电梯停运", "电梯异响", "电梯年检"),
    "停车": ("停车", "车位", "停放", "乱停"),
    "消防通道": ("消防通道", "消防车道", "消防车通道", "生命通道"),
    "停车费": ("停车费", "停车收费", "车位租金", "停车管理费"),
    "僵尸车": ("僵尸车", "废旧车", "报废车", "长期停放", "没人开", "没挪", "常年不动"),
    "路灯": ("路灯", "黑灯瞎火", "一片漆黑", "黑漆漆", "黑乎乎"),
    "飞线充电": ("飞线充电", "拉电线", "私拉电线", "私接电线", "拖线板", "插线板", "充电桩", "电动车充电"),
    "线缆": ("线缆", "网线", "电话线", "光缆", "通信线", "空中飞线", "有线电视线", "乱拉乱挂"),
    "落户": ("落户", "上户口", "报户口", "入户", "出生登记", "出生证明", "出生医学证明"),
    "户口迁移": ("户口迁", "迁户口", "迁移", "集体户", "准迁", "迁进", "迁回", "迁出", "迁不"),
    "物业费": ("物业费", "物业收费", "收费标准", "涨价"),
    "物业服务": ("物业不作为", "物业服务", "物业不管", "不打扫", "保洁", "垃圾", "不修", "报修"),
    "噪音": ("噪音", "噪声", "扰民", "太吵", "吵得", "声音太大", "音响"),
    "广场舞": ("广场舞", "跳舞", "跳广场舞"),
    "夜间施工": ("夜间施工", "夜里施工", "半夜施工", "深夜", "凌晨", "打桩", "工地"),
    "路面破损": ("路面破损", "坑洼", "坑坑洼洼", "大坑", "塌陷", "开裂", "路烂", "破损", "不平"),
    "积水": ("积水", "内涝", "排水", "雨水", "蹚水", "下雨", "暴雨"),
    "污水": ("污水", "下水道", "化粪池", "反水", "排污", "管道堵塞", "疏通", "堵塞"),
    "井盖": ("井盖", "窨井盖", "井盖缺失", "黑窟窿"),
    "暖气": ("暖气", "供暖", "采暖", "热力公司", "暖气片"),
    "停水": ("停水", "没水", "来水", "水压", "二次供水", "供水", "自来水"),
    "养老金": ("养老金", "退休金", "调待", "社保", "退休"),
    "医保": ("医保", "医疗保险", "报销", "断缴", "参保", "就医"),
    "犬只": ("流浪狗", "遛狗", "犬", "狗", "拴绳", "牵绳", "咬人", "咬伤"),
}


def ngrams(text: str | None) -> frozenset[str]:
    """The text's characters and character bigrams, case folded, never spanning punctuation
    or spaces."""
    if not text:
        return frozenset()
    out: set[str] = set()
    for run in _BREAK.split(text.lower()):
        out.update(run)
        out.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(out)


def terms(text: str | None) -> dict[str, tuple[str, ...]]:
    """The matter terms the text mentions: feature -> the wordings of it found in the text."""
    if not text:
        return {}
    folded = text.lower()
    found = {}
    for term, wordings in MATTER_TERMS.items():
        hits = tuple(w for w in wordings if w in folded)
        if hits:
            found[TERM_PREFIX + term] = hits
    return found


def features(text: str | None) -> frozenset[str]:
    return ngrams(text) | frozenset(terms(text))


def idf(doc_count: float, total: int) -> float:
    """Inverse document frequency, smoothed so that a feature in every document still weighs a
    little and one in no document weighs the most."""
    return math.log(1.0 + (total + 1) / (doc_count + 1))


def feature_weight(feature: str, doc_count: float, total: int) -> float:
    weight = idf(doc_count, total)
    return weight * TERM_BOOST if feature.startswith(TERM_PREFIX) else weight


@dataclass(frozen=True, slots=True)
class Query:
    """A typed text prepared for scoring: its features and their weights."""

    features: frozenset[str]
    place: frozenset[str]
    weights: Mapping[str, float]
    mass: float  # the sum of the weights of its features

    @property
    def empty(self) -> bool:
        return len(self.features) < MIN_QUERY_FEATURES


def make_query(text: str, place: str, weights: Mapping[str, float], *, unknown_weight: float) -> Query:
    feats = features(text)
    return Query(
        features=feats,
        place=ngrams(place),
        weights=weights,
        mass=sum(weights.get(f, unknown_weight) for f in feats),
    )


def score(query: Query, text: str, place: str, *, unknown_weight: float) -> float:
    """How alike a case is to the typed reception, 0..1 (a little more with the same place).
    `unknown_weight`: the weight of a feature of the case that the query's weights do not hold
    (they hold the query's features only: a case's other features only lengthen it)."""
    return score_features(query, features(text), place, unknown_weight=unknown_weight)


def score_features(query: Query, doc: frozenset[str], place: str, *, unknown_weight: float) -> float:
    """score() of a case whose features are already known."""
    if not doc or not query.features:
        return 0.0
    weights = query.weights
    shared = sum(weights.get(f, unknown_weight) for f in query.features & doc)
    if shared == 0:
        return 0.0
    doc_mass = sum(weights.get(f, unknown_weight) if f in query.features else unknown_weight for f in doc)
    value = 2.0 * shared / (query.mass + doc_mass)
    if query.place:
        value *= 1.0 + PLACE_BOOST * len(query.place & ngrams(place)) / len(query.place)
    return value


def likeness(
    a: frozenset[str], b: frozenset[str], weights: Mapping[str, float], *, unknown_weight: float
) -> float:
    """The weighted Dice coefficient of two cases' features, 0..1, with the typed text's weights
    (a feature the typed text does not hold weighs `unknown_weight`)."""
    shared = sum(weights.get(f, unknown_weight) for f in a & b)
    if shared == 0:
        return 0.0
    mass = sum(weights.get(f, unknown_weight) for f in a) + sum(weights.get(f, unknown_weight) for f in b)
    return 2.0 * shared / mass


def rerank(
    scored: Sequence[tuple[float, frozenset[str]]], weights: Mapping[str, float], *, unknown_weight: float
) -> list[float]:
    """The order values of cases scored against the typed text (score, features), best first:
    each case's score plus ANCHOR_SHARE of its likeness to each of the ANCHORS best-scored cases,
    weighted by theirs. A case of the same matter as the best suggestions shares their matter's
    words; one that shares only an incidental word with the typed text (下雨, 人行道) does not.
    The best cases are in `scored` first (sorted by score, best first)."""
    anchors = scored[:ANCHORS]
    out = []
    for i, (value, doc) in enumerate(scored):
        extra = 0.0
        for j, (anchor_value, anchor) in enumerate(anchors):
            near = 1.0 if i == j else likeness(anchor, doc, weights, unknown_weight=unknown_weight)
            extra += anchor_value * near
        out.append(value + ANCHOR_SHARE * extra)
    return out


def precision_at(found: Iterable[Iterable[str]], relevant: Iterable[frozenset[str]], k: int = 5) -> float:
    """Mean precision of the first k suggestions over queries: found[i] are query i's
    suggestions in order, relevant[i] the ids labelled similar to it. A query with fewer than k
    suggestions counts the missing ones as wrong."""
    values = [len([x for x in list(f)[:k] if x in r]) / k for f, r in zip(found, relevant, strict=True)]
    return sum(values) / len(values) if values else 0.0
