"""The third labelled set of similar cases (tests/data/similar_cases_third.csv, issue 14 item 3):
written blind, before the method of domain/similarity.py was changed for generalising, on matters
not in its hand list (illegal buildings, stalls on the pavement, signboards, gas, trees, green
space, restaurant fumes, social insurance contributions, wages, school buses and catchments, bus
stops, markets, estate gates), with colloquial wording, clerks' typos and Xinyang places. Its
shape, so benchmarks/bench_similar.py --set measures what docs/benchmarks.md says. It was
measured once blind (0.607), then used for development; its precision is held as a floor in
tests/storage/test_similar.py."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

THIRD_SET = Path(__file__).resolve().parents[1] / "data" / "similar_cases_third.csv"


def _rows() -> list[dict[str, str]]:
    with THIRD_SET.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_third_set_has_at_least_80_cases_and_25_queries() -> None:
    kinds = Counter(r["kind"] for r in _rows())
    assert kinds["case"] >= 80 and kinds["query"] >= 25


def test_the_third_set_has_at_least_120_similar_pairs() -> None:
    rows = _rows()
    cases = [r for r in rows if r["kind"] == "case"]
    pairs = [
        (q["id"], c["id"]) for q in rows if q["kind"] == "query" for c in cases if c["matter"] == q["matter"]
    ]
    assert len(pairs) >= 120


def test_every_queried_matter_of_the_third_set_has_five_cases() -> None:
    rows = _rows()
    per_matter = Counter(r["matter"] for r in rows if r["kind"] == "case")
    assert all(per_matter[q["matter"]] >= 5 for q in rows if q["kind"] == "query")


def test_ids_and_texts_of_the_third_set_are_unique() -> None:
    rows = _rows()
    assert len({r["id"] for r in rows}) == len(rows) == len({r["content"] for r in rows})
    assert {r["kind"] for r in rows} == {"case", "query"}
