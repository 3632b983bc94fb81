"""The public channel's citizen side on a real server (issue 12): the QR code's form, sending a
matter with photos, the tracking page, the online evaluation, and what a desk may do with a
submission it pulled. docs/public-channel.md."""

from __future__ import annotations

import base64
import re
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from tests.server.conftest import DeskClient, callback, change, reception, refer, reply, serving, unit, update
from tests.server.public_helpers import (
    GPS_IFD,
    MAKE_TAG,
    code_of,
    exif_of,
    photo_with_gps,
    push_categories,
    push_link,
    submit,
)
from tests.server_process import ServerProcess

Enroll = Callable[..., DeskClient]


@pytest.fixture(scope="module")
def server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The module's server (as conftest's) without the per-address limit: every citizen of these
    tests comes from 127.0.0.1. The limits have tests of their own, on servers of their own."""
    with serving(backend, tmp_path_factory, env={"DESK_SERVER_PUBLIC_PER_ADDRESS": "0"}) as proc:
        yield proc


@pytest.fixture
def desk(enroll: Enroll, station: str) -> DeskClient:
    return enroll(station_id=station, name="desk")


@pytest.fixture
def token(desk: DeskClient, station: str) -> str:
    push_categories(desk, "城建", "物业")
    return push_link(desk, station)


def _pulled(desk: DeskClient, entity: str) -> list[dict[str, Any]]:
    return [c for c in desk.pull_all()[0] if c["entity"] == entity]


def _submission(desk: DeskClient) -> dict[str, Any]:
    inserts = [c for c in _pulled(desk, "public_submission") if c["op"] == "insert"]
    assert len(inserts) == 1
    return inserts[0]


def test_the_qr_codes_page_shows_the_station_and_the_districts_categories(
    server: ServerProcess, token: str
) -> None:
    page = requests.get(f"{server.url}/p/{token}", timeout=30)
    assert page.status_code == 200
    assert "有事请扫码" in page.text and '<option value="物业">物业</option>' in page.text


def test_the_page_has_no_script_and_allows_no_outside_asset(server: ServerProcess, token: str) -> None:
    page = requests.get(f"{server.url}/p/{token}", timeout=30)
    assert "<script" not in page.text and "http" not in page.text.split("</style>")[0]
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]


def test_an_unknown_token_gets_a_plain_chinese_not_found(server: ServerProcess) -> None:
    page = requests.get(f"{server.url}/p/{'x' * 22}", timeout=30)
    assert page.status_code == 404 and "二维码或查询码无效" in page.text


def test_a_submission_gives_a_ten_character_tracking_code(server: ServerProcess, token: str) -> None:
    code = code_of(submit(server.url, token))
    assert re.fullmatch(r"[34679ACDEFGHJKMNPQRTUVWXY]{10}", code)


def test_the_tracking_page_masks_the_phone(server: ServerProcess, token: str) -> None:
    code = code_of(submit(server.url, token, phone="13812341234"))
    page = requests.get(f"{server.url}/t/{code}?new=1", timeout=30).text
    assert "138****1234" in page and "13812341234" not in page and code in page


def test_a_submission_reaches_the_stations_desk_by_pull(
    server: ServerProcess, token: str, desk: DeskClient
) -> None:
    code = code_of(submit(server.url, token, category="城建", name="张女士", phone="13812341234"))
    sub = _submission(desk)["fields"]
    assert (sub["code"], sub["state"], sub["category"], sub["name"], sub["phone"]) == (
        code,
        "pending",
        "城建",
        "张女士",
        "13812341234",
    )
    assert sub["category_id"] is not None


def test_photos_reach_the_desk_without_exif_or_location(
    server: ServerProcess, token: str, desk: DeskClient
) -> None:
    original = photo_with_gps()
    assert GPS_IFD in exif_of(original) and MAKE_TAG in exif_of(original)
    code_of(submit(server.url, token, photos=[original, photo_with_gps((800, 600), "PNG")]))
    photos = [c["fields"] for c in _pulled(desk, "public_photo")]
    assert sorted(p["seq"] for p in photos) == [1, 2]
    for p in photos:
        jpeg = base64.b64decode(p["jpeg"])
        assert jpeg[:3] == b"\xff\xd8\xff" and exif_of(jpeg) == {}
        assert max(p["width"], p["height"]) <= 1280


def test_a_file_that_is_not_a_picture_is_refused_and_nothing_is_stored(
    server: ServerProcess, token: str, desk: DeskClient
) -> None:
    answer = submit(server.url, token, matter="垃圾没人清理，臭味很大", photos=[b"%PDF-1.4 not a photo"])
    assert answer.status_code == 400 and "照片无法识别" in answer.text
    assert "垃圾没人清理，臭味很大" in answer.text
    assert _pulled(desk, "public_submission") == []


def test_four_photos_are_refused(server: ServerProcess, token: str) -> None:
    http = requests.Session()
    page = http.get(f"{server.url}/p/{token}", timeout=30).text
    form = re.search(r'name="form_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    files = [("photo1", (f"{i}.jpg", photo_with_gps((64, 48)), "image/jpeg")) for i in range(4)]
    answer = http.post(
        f"{server.url}/p/{token}",
        data={"matter": "路灯坏了很久了", "place": "建设路", "phone": "13812341234", "form_token": form},
        files=files,
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 400


def test_bad_input_rerenders_the_form_with_what_was_typed(
    server: ServerProcess, token: str, desk: DeskClient
) -> None:
    answer = submit(server.url, token, matter="井盖丢了，很危险", place="解放路口", phone="12345")
    assert answer.status_code == 400
    assert "电话号码不对" in answer.text
    assert "井盖丢了，很危险" in answer.text and 'value="解放路口"' in answer.text
    assert _pulled(desk, "public_submission") == []


def test_every_text_is_escaped(server: ServerProcess, token: str) -> None:
    code = code_of(submit(server.url, token, matter="<script>alert(1)</script> 路灯坏了"))
    page = requests.get(f"{server.url}/t/{code}", timeout=30).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_post_without_the_signed_form_token_stores_nothing(
    server: ServerProcess, token: str, desk: DeskClient
) -> None:
    answer = submit(server.url, token, form="1700000000.forged")
    assert answer.status_code == 400 and "已过期" in answer.text
    assert _pulled(desk, "public_submission") == []


def test_a_guessed_code_finds_nothing(server: ServerProcess, token: str) -> None:
    code_of(submit(server.url, token))
    page = requests.get(f"{server.url}/t/34679ACDEF", timeout=30)
    assert page.status_code == 404


def test_the_lookup_box_leads_to_the_tracking_page(server: ServerProcess, token: str) -> None:
    code = code_of(submit(server.url, token))
    page = requests.get(f"{server.url}/t", params={"code": code.lower()}, timeout=30)
    assert page.status_code == 200 and "办理进度" in page.text


def _accept(desk: DeskClient, station: str, sub_id: str) -> str:
    case = reception(station, content="路灯坏了", channel="qr_scan")
    answer = desk.push(
        [
            case,
            update(
                "public_submission",
                sub_id,
                state=("pending", "accepted"),
                case_id=case["entity_id"],
                decided_at="2026-11-20T10:00:00",
            ),
        ]
    )
    assert answer["rejected"] == [], answer
    return case["entity_id"]


def test_an_accepted_and_referred_case_shows_its_unit_and_deadline_but_no_handler(
    server: ServerProcess, token: str, desk: DeskClient, station: str
) -> None:
    code = code_of(submit(server.url, token))
    case_id = _accept(desk, station, _submission(desk)["entity_id"])
    u = unit("五星街道办事处")
    desk.push([u])
    desk.push(refer(case_id, station, u["entity_id"]))
    page = requests.get(f"{server.url}/t/{code}", timeout=30).text
    assert "已交五星街道办事处办理，11月27日前答复" in page
    assert "王科长" not in page and "李明" not in page


def _replied(desk: DeskClient, station: str, case_id: str) -> str:
    u = unit(f"单位{uuid.uuid4().hex[:6]}")
    desk.push([u])
    moves = refer(case_id, station, u["entity_id"])
    desk.push(moves)
    desk.push(reply(case_id, moves[0]["entity_id"]))
    return str(moves[0]["entity_id"])


def _rate(server: ServerProcess, code: str, verdict: str, words: str = "") -> requests.Response:
    http = requests.Session()
    page = http.get(f"{server.url}/t/{code}", timeout=30).text
    form = re.search(r'name="form_token" value="([^"]+)"', page)
    return http.post(
        f"{server.url}/t/{code}/rate",
        data={"verdict": verdict, "words": words, "form_token": form.group(1) if form else ""},
        allow_redirects=False,
        timeout=30,
    )


def test_no_rating_before_the_units_reply(server: ServerProcess, token: str) -> None:
    code = code_of(submit(server.url, token))
    assert _rate(server, code, "satisfied").status_code == 400


def test_after_the_reply_the_citizen_rates_online_and_the_desk_pulls_it(
    server: ServerProcess, token: str, desk: DeskClient, station: str
) -> None:
    code = code_of(submit(server.url, token))
    sub_id = _submission(desk)["entity_id"]
    _replied(desk, station, _accept(desk, station, sub_id))
    assert _rate(server, code, "basically_satisfied", "修得还行").status_code == 303
    rated = [
        c
        for c in _pulled(desk, "public_submission")
        if c["op"] == "update" and "online_verdict" in c["fields"]
    ]
    assert rated[-1]["fields"]["online_verdict"] == "basically_satisfied"
    assert rated[-1]["fields"]["online_words"] == "修得还行"


def test_an_online_rating_never_moves_the_case(
    server: ServerProcess, token: str, desk: DeskClient, station: str, enroll: Enroll
) -> None:
    code = code_of(submit(server.url, token))
    case_id = _accept(desk, station, _submission(desk)["entity_id"])
    _replied(desk, station, case_id)
    assert _rate(server, code, "satisfied").status_code == 303
    statuses = [
        c["fields"]["status"]
        for c in enroll(station_id=station).pull_all()[0]
        if c["entity_id"] == case_id and "status" in c["fields"]
    ]
    assert statuses[-1] == "replied"


def test_a_second_rating_is_refused(
    server: ServerProcess, token: str, desk: DeskClient, station: str
) -> None:
    code = code_of(submit(server.url, token))
    _replied(desk, station, _accept(desk, station, _submission(desk)["entity_id"]))
    _rate(server, code, "dissatisfied")
    assert _rate(server, code, "satisfied").status_code == 400
    assert "不满意" in requests.get(f"{server.url}/t/{code}", timeout=30).text


def test_the_callback_still_signs_the_case_off_after_an_online_rating(
    server: ServerProcess, token: str, desk: DeskClient, station: str
) -> None:
    code = code_of(submit(server.url, token))
    case_id = _accept(desk, station, _submission(desk)["entity_id"])
    slip_id = _replied(desk, station, case_id)
    _rate(server, code, "satisfied")
    answer = desk.push(callback(case_id, slip_id, "satisfied"))
    assert answer["rejected"] == []
    assert "已电话回访" in requests.get(f"{server.url}/t/{code}", timeout=30).text


def test_a_rejection_shows_its_reason_to_the_citizen(
    server: ServerProcess, token: str, desk: DeskClient
) -> None:
    code = code_of(submit(server.url, token))
    sub_id = _submission(desk)["entity_id"]
    answer = desk.push(
        [
            update(
                "public_submission",
                sub_id,
                state=("pending", "rejected"),
                reject_reason="属于法院审理事项，请向法院反映",
            )
        ]
    )
    assert answer["rejected"] == []
    page = requests.get(f"{server.url}/t/{code}", timeout=30).text
    assert "未受理" in page and "属于法院审理事项，请向法院反映" in page


def test_a_rejection_needs_a_reason(server: ServerProcess, token: str, desk: DeskClient) -> None:
    code_of(submit(server.url, token))
    sub_id = _submission(desk)["entity_id"]
    answer = desk.push([update("public_submission", sub_id, state=("pending", "rejected"))])
    assert answer["rejected"][0]["code"] == "invalid_value"


def test_a_decided_submission_is_not_decided_again(
    server: ServerProcess, token: str, desk: DeskClient, station: str
) -> None:
    code_of(submit(server.url, token))
    sub_id = _submission(desk)["entity_id"]
    _accept(desk, station, sub_id)
    answer = desk.push(
        [update("public_submission", sub_id, state=("accepted", "rejected"), reject_reason="重复")]
    )
    assert answer["rejected"][0]["code"] == "illegal_transition"


def test_a_desk_may_not_change_what_the_citizen_wrote(
    server: ServerProcess, token: str, desk: DeskClient
) -> None:
    code_of(submit(server.url, token))
    sub_id = _submission(desk)["entity_id"]
    answer = desk.push([update("public_submission", sub_id, matter="改过的内容")])
    assert answer["rejected"][0]["code"] == "immutable"


def test_a_desk_may_not_make_a_submission(desk: DeskClient, station: str) -> None:
    fake = change(
        "public_submission",
        str(uuid.uuid4()),
        "insert",
        {
            "station_id": station,
            "code": "34679ACDEF",
            "submitted_at": "2026-11-20T10:00:00",
            "matter": "假的",
        },
    )
    assert desk.push([fake])["rejected"][0]["code"] == "not_permitted"


def test_a_link_token_is_never_used_twice(desk: DeskClient, station: str, token: str) -> None:
    again = change(
        "public_link", str(uuid.uuid4()), "insert", {"station_id": station, "token": token, "active": True}
    )
    assert desk.push([again])["rejected"][0]["code"] == "invalid_value"


def test_a_switched_off_link_shows_nothing(server: ServerProcess, desk: DeskClient, station: str) -> None:
    link = change(
        "public_link", str(uuid.uuid4()), "insert", {"station_id": station, "token": "T" * 22, "active": True}
    )
    desk.push([link])
    assert requests.get(f"{server.url}/p/{'T' * 22}", timeout=30).status_code == 200
    desk.push([update("public_link", link["entity_id"], active=(True, False))])
    assert requests.get(f"{server.url}/p/{'T' * 22}", timeout=30).status_code == 404


def test_submissions_are_limited_per_address(make_server: Callable[..., ServerProcess]) -> None:
    server = make_server(env={"DESK_SERVER_PUBLIC_PER_ADDRESS": "2"}).start()
    district = server.admin.create_district()
    station = server.admin.create_station(district)
    desk = DeskClient(server, server.enroll(server.admin.enroll_code(station_id=station), "d"))
    token = push_link(desk, station)
    for _ in range(2):
        code_of(submit(server.url, token))
    third = submit(server.url, token)
    assert third.status_code == 429 and "提交过于频繁" in third.text


def test_submissions_are_limited_per_phone(make_server: Callable[..., ServerProcess]) -> None:
    server = make_server(env={"DESK_SERVER_PUBLIC_PER_PHONE": "2"}).start()
    district = server.admin.create_district()
    station = server.admin.create_station(district)
    desk = DeskClient(server, server.enroll(server.admin.enroll_code(station_id=station), "d"))
    token = push_link(desk, station)
    for _ in range(2):
        code_of(submit(server.url, token, phone="13900001111"))
    third = submit(server.url, token, phone="13900001111")
    assert third.status_code == 429 and "这个号码提交次数过多" in third.text
    code_of(submit(server.url, token, phone="13900002222"))


def test_a_pull_page_stops_early_when_it_carries_many_photos(
    server: ServerProcess, token: str, desk: DeskClient
) -> None:
    import io

    from PIL import Image

    def noisy(seed: int) -> bytes:  # noise does not compress: a photo of ~300 KB once re-encoded
        img = Image.effect_noise((1280, 960), 90 + seed).convert("RGB")
        out = io.BytesIO()
        img.save(out, "JPEG", quality=95)
        return out.getvalue()

    for i in range(5):
        code_of(submit(server.url, token, photos=[noisy(i), noisy(i + 10), noisy(i + 20)]))
    page = desk.pull(limit=1000)
    photos = [c for c in page["changes"] if c["entity"] == "public_photo"]
    assert page["more"] and 0 < len(photos) < 15
    rest, _ = desk.pull_all(since=page["next"])
    assert len(photos) + len([c for c in rest if c["entity"] == "public_photo"]) == 15


def test_the_access_log_holds_neither_the_token_nor_the_code(server: ServerProcess, token: str) -> None:
    code = code_of(submit(server.url, token, matter="路灯坏了很久了，请尽快修"))
    requests.get(f"{server.url}/t/{code}", timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and " GET /t/* " not in server.log.read_text():
        time.sleep(0.1)
    log = server.log.read_text()
    assert " GET /t/* 200 " in log and " POST /p/* 303 " in log
    assert token not in log and code not in log and "路灯坏了很久了" not in log


def _station_says(desk: DeskClient, station: str, **flags: bool) -> None:
    # Stamped now: later than the station's own row, which the server made at its creation.
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    answer = desk.push([update("station", station, when=now, **flags)])
    assert answer["rejected"] == [] and answer["conflicts"] == [], answer


def test_the_progress_page_hides_the_unit_and_deadline_when_the_station_says_so(
    server: ServerProcess, token: str, desk: DeskClient, station: str
) -> None:
    code = code_of(submit(server.url, token))
    case_id = _accept(desk, station, _submission(desk)["entity_id"])
    u = unit("五星街道办事处")
    desk.push([u])
    desk.push(refer(case_id, station, u["entity_id"]))
    _station_says(desk, station, progress_shows_unit=False, progress_shows_deadline=False)
    page = requests.get(f"{server.url}/t/{code}", timeout=30).text
    assert "已交承办单位办理。" in page
    assert "五星街道办事处" not in page and "11月27日" not in page


def test_the_progress_page_shows_the_reply_text_when_the_station_says_so(
    server: ServerProcess, token: str, desk: DeskClient, station: str
) -> None:
    code = code_of(submit(server.url, token))
    case_id = _accept(desk, station, _submission(desk)["entity_id"])
    before = requests.get(f"{server.url}/t/{code}", timeout=30).text
    _replied(desk, station, case_id)
    assert "已修复" not in requests.get(f"{server.url}/t/{code}", timeout=30).text
    _station_says(desk, station, progress_shows_reply=True)
    page = requests.get(f"{server.url}/t/{code}", timeout=30).text
    assert "承办单位已答复：已修复" in page and "已修复" not in before
