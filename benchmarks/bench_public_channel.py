"""Figures of issue 12: the public channel's citizen pages on a real `desk-server serve` process
(embedded SQLite) on loopback.

    .venv/bin/python benchmarks/bench_public_channel.py [--submissions 2000] [--threads 8] [--runs 3]
        [--photo-submissions 100]

- submissions: `--submissions` citizens send the form (matter, category, place, phone; no photo),
  each POST /p/{token} answered 303 with the tracking code; `--threads` clients at once, each its own
  HTTP session, as fast as the server answers. Throughput (submissions/s, wall clock from the first
  request to the last answer) and p50/p95 of each request's latency. Each submission is written as
  the server's own changes (a record and a change row), which the desks pull.
- the same with one photo each (a 1600x1200 JPEG with EXIF, re-encoded by the server), fewer of them;
- the progress page: GET /t/{code} of random codes sent above, the same clients; p50/p95.
The per-address and per-phone limits are turned off for the run (DESK_SERVER_PUBLIC_PER_*=0): every
request comes from 127.0.0.1. Repeated `--runs` times on a new server each; medians are reported.
Targets: 200 submissions/s with p95 < 100 ms; progress page p95 < 50 ms.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desk_app.domain.public import new_link_token  # noqa: E402
from desk_app.storage.models import new_id  # noqa: E402
from tests.server_process import ServerProcess  # noqa: E402

API = "/api/v1"


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _change(entity: str, fields: dict, operator: str) -> dict:
    return {
        "id": new_id(),
        "entity": entity,
        "entity_id": operator if entity == "operator" else new_id(),
        "op": "insert",
        "operator_id": operator,
        "at": "2026-11-01T08:00:00",
        "fields": {k: [None, v] for k, v in fields.items()},
    }


def _set_up(server: ServerProcess) -> str:
    """A station with categories and a QR link; the link's token."""
    district = server.admin.create_district()
    station = server.admin.create_station(district)
    answer = server.enroll(server.admin.enroll_code(station_id=station))
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {answer['token']}"
    op = new_id()
    token = new_link_token()
    for changes in (
        [_change("operator", {"name": "李明", "role": "admin", "active": True}, op)],
        [
            _change("category", {"name": n, "sort_order": i, "active": True}, op)
            for i, n in enumerate(["城建", "物业"])
        ],
        [_change("public_link", {"station_id": station, "token": token, "active": True}, op)],
    ):
        r = http.post(server.url + API + "/push", json={"changes": changes}, timeout=30)
        assert r.status_code == 200 and not r.json()["rejected"], r.text
    return token


def _photo() -> bytes:
    """A phone-like photo: smooth areas and some grain (pure noise would be the worst case)."""
    base = Image.merge(
        "RGB",
        (
            Image.linear_gradient("L").resize((1600, 1200)),
            Image.radial_gradient("L").resize((1600, 1200)),
            Image.linear_gradient("L").rotate(90).resize((1600, 1200)),
        ),
    )
    img = Image.blend(base, Image.effect_noise((1600, 1200), 60).convert("RGB"), 0.15)
    exif = img.getexif()
    exif[0x010F] = "BenchPhone"
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def _submissions(
    server: ServerProcess, token: str, n: int, threads: int, photo: bytes | None
) -> tuple[float, list[float], list[str]]:
    local = threading.local()
    form = re.search(
        r'name="form_token" value="([^"]+)"', requests.get(f"{server.url}/p/{token}", timeout=30).text
    )
    assert form
    form_token = form.group(1)

    def one(i: int) -> tuple[float, str]:
        if not hasattr(local, "http"):
            local.http = requests.Session()
        data = {
            "matter": f"小区门口的路灯坏了一个多月，晚上很黑（第{i}件）",
            "category": "城建",
            "place": "五星街道建设路12号院",
            "phone": f"139{i:08d}",
            "name": "",
            "form_token": form_token,
        }
        files = {"photo1": ("p.jpg", photo, "image/jpeg")} if photo else None
        t = time.perf_counter()
        r = local.http.post(
            f"{server.url}/p/{token}", data=data, files=files, allow_redirects=False, timeout=60
        )
        took = time.perf_counter() - t
        assert r.status_code == 303, r.text[:300]
        return took, r.headers["location"].split("/")[2].split("?")[0]

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(one, range(n)))
    wall = time.perf_counter() - start
    return n / wall, [t for t, _ in results], [c for _, c in results]


def _progress(server: ServerProcess, codes: list[str], n: int, threads: int) -> list[float]:
    local = threading.local()
    rng = random.Random(12)
    picks = [rng.choice(codes) for _ in range(n)]

    def one(code: str) -> float:
        if not hasattr(local, "http"):
            local.http = requests.Session()
        t = time.perf_counter()
        r = local.http.get(f"{server.url}/t/{code}", timeout=30)
        took = time.perf_counter() - t
        assert r.status_code == 200
        return took

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(one, picks))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--submissions", type=int, default=2000)
    parser.add_argument("--photo-submissions", type=int, default=100)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    photo = _photo()
    rows: dict[str, list[float]] = {
        k: [] for k in ("rate", "p50", "p95", "prate", "pp50", "pp95", "tp50", "tp95")
    }
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            env = {"DESK_SERVER_PUBLIC_PER_ADDRESS": "0", "DESK_SERVER_PUBLIC_PER_PHONE": "0"}
            server = ServerProcess(Path(tmp), env=env, migrated=True).start()
            try:
                token = _set_up(server)
                rate, times, codes = _submissions(server, token, args.submissions, args.threads, None)
                prate, ptimes, _ = _submissions(server, token, args.photo_submissions, args.threads, photo)
                track = _progress(server, codes, args.submissions, args.threads)
            finally:
                server.close()
        figures = {
            "rate": rate,
            "p50": _pct(times, 50) * 1000,
            "p95": _pct(times, 95) * 1000,
            "prate": prate,
            "pp50": _pct(ptimes, 50) * 1000,
            "pp95": _pct(ptimes, 95) * 1000,
            "tp50": _pct(track, 50) * 1000,
            "tp95": _pct(track, 95) * 1000,
        }
        for k, v in figures.items():
            rows[k].append(v)
        print(
            f"run {run + 1}: submissions {rate:.0f}/s p50 {figures['p50']:.1f} ms p95 {figures['p95']:.1f} ms; "
            f"with a photo {prate:.1f}/s p50 {figures['pp50']:.0f} ms p95 {figures['pp95']:.0f} ms; "
            f"progress page p50 {figures['tp50']:.1f} ms p95 {figures['tp95']:.1f} ms",
            flush=True,
        )
    med = {k: statistics.median(v) for k, v in rows.items()}
    print(f"load average after: {os.getloadavg()}")
    print(
        f"median of {args.runs}: submissions {med['rate']:.0f}/s (p95 {med['p95']:.1f} ms, target 200/s, p95 < 100 ms); "
        f"with a photo {med['prate']:.1f}/s (p95 {med['pp95']:.0f} ms); "
        f"progress page p95 {med['tp95']:.1f} ms (target < 50 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
