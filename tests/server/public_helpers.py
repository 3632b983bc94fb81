"""Helpers of the public channel's server tests: a desk's QR link, a citizen's browser-less form
posts (requests), and photos made with Pillow that carry EXIF with a GPS position."""

from __future__ import annotations

import io
import re
import secrets
import time
import uuid
from collections.abc import Callable
from typing import Any

import requests
from PIL import Image

from desk_app.domain.public import new_link_token
from tests.server.conftest import DeskClient, change

GPS_IFD = 0x8825
MAKE_TAG = 0x010F


def photo_with_gps(size: tuple[int, int] = (2400, 1800), fmt: str = "JPEG") -> bytes:
    """A real photo-sized picture whose EXIF names the camera and a GPS position (Beijing)."""
    img = Image.new("RGB", size, (180, 60, 40))
    for x in range(0, size[0], 40):  # some detail, so the JPEG is not trivially small
        img.paste((x % 255, 120, 200), (x, 0, x + 20, size[1]))
    exif = img.getexif()
    exif[MAKE_TAG] = "CitizenPhone"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2], gps[3], gps[4] = "N", (39.0, 54.0, 27.0), "E", (116.0, 23.0, 17.0)
    out = io.BytesIO()
    img.save(out, fmt, exif=exif)
    return out.getvalue()


def exif_of(jpeg: bytes) -> dict[int, Any]:
    with Image.open(io.BytesIO(jpeg)) as img:
        exif = img.getexif()
        found = dict(exif)
        gps = dict(exif.get_ifd(GPS_IFD))
    if gps:
        found[GPS_IFD] = gps
    return found


def push_link(desk: DeskClient, station: str, deputy_id: str | None = None) -> str:
    token = new_link_token()
    desk.push(
        [
            change(
                "public_link",
                str(uuid.uuid4()),
                "insert",
                {"station_id": station, "deputy_id": deputy_id, "token": token, "active": True},
            )
        ]
    )
    return token


def push_categories(desk: DeskClient, *names: str) -> None:
    desk.push(
        [
            change("category", str(uuid.uuid4()), "insert", {"name": n, "sort_order": i, "active": True})
            for i, n in enumerate(names)
        ]
    )


def form_token(page: str) -> str:
    found = re.search(r'name="form_token" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def submit(
    base_url: str,
    token: str,
    *,
    matter: str = "小区门口的路灯坏了一个多月，晚上很黑。",
    category: str = "",
    place: str = "五星街道建设路12号院",
    phone: str = "",
    name: str = "",
    photos: list[bytes] | None = None,
    form: str | None = None,
    session: requests.Session | None = None,
) -> requests.Response:
    http = session or requests.Session()
    # A phone of its own per citizen (the server limits submissions per phone number).
    phone = phone or f"139{secrets.randbelow(10**8):08d}"
    if form is None:
        page = http.get(f"{base_url}/p/{token}", timeout=30)
        assert page.status_code == 200, page.text
        form = form_token(page.text)
    files = [(f"photo{i}", (f"p{i}.jpg", data, "image/jpeg")) for i, data in enumerate(photos or [], start=1)]
    data = {
        "matter": matter,
        "category": category,
        "place": place,
        "phone": phone,
        "name": name,
        "form_token": form,
    }
    return http.post(
        f"{base_url}/p/{token}", data=data, files=files or None, allow_redirects=False, timeout=60
    )


def code_of(answer: requests.Response) -> str:
    assert answer.status_code == 303, answer.text
    found = re.match(r"^/t/([A-Z0-9]+)\?new=1$", answer.headers["location"])
    assert found, answer.headers["location"]
    return found.group(1)


# The forwarder to 12345 (转12345) at a tenth of a second's pace for tests: its scan, its first
# retry (doubling from there) and its status polls (services/forwarder.py, config.py).
FORWARDER_FAST = {
    "DESK_SERVER_OPEN311_TICK": "0.05",
    "DESK_SERVER_OPEN311_RETRY_FIRST": "0.1",
    "DESK_SERVER_OPEN311_POLL": "0.2",
}


def wait_for(what: Callable[[], Any], timeout: float = 90.0, every: float = 0.05) -> Any:
    """`what()` once it is true (asked `every` seconds), or AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = what()
        if found:
            return found
        time.sleep(every)
    raise AssertionError("waited in vain")
