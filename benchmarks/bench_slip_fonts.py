"""What rare characters cost a referral slip (issue 11): fallback fonts loaded on demand.

    .venv/bin/python benchmarks/bench_slip_fonts.py [--runs 7]

A fresh desk in a temporary folder with two referred cases: one in common characters, one whose
citizen, address and complaint hold 䶮 (Extension A), 𨚕 (B) and 𬌗 (E). Timed (median and max of
--runs, after one warm-up):
- parsing each installed fallback font without the cache (reportlab's TTFont), and loading it
  from the font cache (reports/font_cache.py) instead;
- the plain slip, into memory (the fallback fonts are never loaded for it);
- the rare slip with its fallback fonts already registered (every slip after the first);
- the rare slip as the first of a session: fallback fonts forgotten before each run, so each run
  finds them again through the (warm) font cache.
Target: a slip < 100 ms (docs/benchmarks.md, issue 4); the first rare slip of a session may add
the cache load of the fallback fonts it needs.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402

from desk_app.domain.validation import ReceptionDraft, ReferralDraft  # noqa: E402
from desk_app.reports import documents, font_cache, fonts  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402


def _timed(
    fn: Callable[[], object], runs: int, before: Callable[[], None] | None = None
) -> tuple[float, float]:
    if before:
        before()
    fn()
    times = []
    for _ in range(runs):
        if before:
            before()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times)


def _desk(folder: Path) -> tuple[DeskStore, str, str]:
    store = DeskStore.open(folder)
    clerk = store.set_up(
        station_name="浉河区五星街道人大代表监督岗",
        short_name="浉河监督岗",
        kind="supervision_post",
        district="浉河区",
        operator_name="李明",
        secret="bench-pin-305917",
    )
    unit = store.save_handling_unit(by=clerk.id, name="五星街道办事处", contact_person="王科长")
    serials = []
    for name, address, content in (
        ("张桂兰", "五星街道北京路社区3号楼", "北京路社区3号楼电梯停运一周，老人上下楼困难。"),
        ("刘䶮", "五星街道𨚕阳小区3号楼", "𨚕阳小区3号楼电梯停运，李𬌗代表已到现场查看。"),
    ):
        draft = ReceptionDraft(
            received_at=datetime(2026, 11, 16, 9, 30),
            channel="walk_in",
            content=content,
            outcome="needs_referral",
            citizen_name=name,
            citizen_phone="13903761234",
            citizen_address=address,
        )
        rid = store.register_reception(draft, by=clerk.id)
        ref = store.refer(
            rid, ReferralDraft(unit.id, "王科长", date(2026, 11, 17), 10, "赵代表", ""), by=clerk.id
        )
        serials.append(ref.serial)
    return store, serials[0], serials[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    fonts.register_cjk_font()
    installed = [c.path for c in fonts.fallback_candidates() if c.path.is_file()]
    print(f"fallback fonts installed: {', '.join(map(str, installed)) or 'none'}")
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        for path in installed:
            med, worst = _timed(lambda p=path: TTFont("BenchParse", str(p)), max(3, runs // 2))
            print(
                f"parse {path.name} ({path.stat().st_size / 1e6:.0f} MB): median {med * 1000:.0f} ms, max {worst * 1000:.0f} ms"
            )
            font_cache.load_ttfont("BenchCache", path, directory=cache)
            med, worst = _timed(lambda p=path: font_cache.load_ttfont("BenchCache", p, directory=cache), runs)
            print(f"  from the font cache: median {med * 1000:.0f} ms, max {worst * 1000:.0f} ms")
        store, plain, rare = _desk(Path(tmp) / "desk")
        try:

            def slip(serial: str) -> Callable[[], object]:
                return lambda: documents.print_referral_slip(store, io.BytesIO(), serial=serial)

            for label, fn, before in (
                ("plain slip", slip(plain), None),
                ("rare slip, fallback fonts registered", slip(rare), None),
                ("rare slip, first of a session (fonts from the cache)", slip(rare), fonts.reset_fallbacks),
            ):
                med, worst = _timed(fn, runs, before)
                print(f"{label}: median {med * 1000:.0f} ms, max {worst * 1000:.0f} ms")
        finally:
            store.close()


if __name__ == "__main__":
    main()
