"""Open311 GeoReport v2 on a real server (issue 12, docs/open311.md): discovery, services and
definitions, posting a request into a station's queue, reading requests back; every answer checked
against the spec's field list and types, in JSON and in XML."""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest
import requests

from tests.server.conftest import DeskClient, reception, update
from tests.server.public_helpers import push_categories
from tests.server_process import ServerProcess

V2 = "/open311/v2"
W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")
CODE = re.compile(r"^[34679ACDEFGHJKMNPQRTUVWXY]{10}$")

# The spec's fields of each answer: name -> (kind, may be null/empty). Kinds: str, bool, float,
# datetime (W3C, with its offset), status (open|closed), list (nested).
DISCOVERY = {"changeset": ("datetime", False), "contact": ("str", False), "key_service": ("str", False)}
ENDPOINT = {
    "specification": ("str", False),
    "url": ("str", False),
    "changeset": ("datetime", False),
    "type": ("str", False),
}
SERVICE = {
    "service_code": ("str", False),
    "service_name": ("str", False),
    "description": ("str", True),
    "metadata": ("bool", False),
    "type": ("str", False),
    "keywords": ("str", True),
    "group": ("str", True),
}
POSTED = {"service_request_id": ("str", False), "service_notice": ("str", True), "account_id": ("str", True)}
TOKEN = {"service_request_id": ("str", False), "token": ("str", False)}
REQUEST = {
    "service_request_id": ("str", False),
    "status": ("status", False),
    "status_notes": ("str", True),
    "service_name": ("str", True),
    "service_code": ("str", False),
    "description": ("str", True),
    "agency_responsible": ("str", True),
    "service_notice": ("str", True),
    "requested_datetime": ("datetime", False),
    "updated_datetime": ("datetime", True),
    "expected_datetime": ("datetime", True),
    "address": ("str", True),
    "address_id": ("str", True),
    "zipcode": ("str", True),
    "lat": ("float", True),
    "long": ("float", True),
    "media_url": ("str", True),
}


def _json_fits(item: dict[str, Any], table: dict[str, tuple[str, bool]]) -> None:
    assert set(item) <= set(table) | {"endpoints", "formats", "attributes"}, set(item) - set(table)
    for name, (kind, optional) in table.items():
        value = item.get(name)
        if value is None or value == "":
            assert optional, (name, item)
            continue
        if kind == "bool":
            assert isinstance(value, bool), name
        elif kind == "float":
            assert isinstance(value, float | int) and not isinstance(value, bool), name
        else:
            assert isinstance(value, str), name
            if kind == "datetime":
                assert W3C.match(value), (name, value)
            if kind == "status":
                assert value in ("open", "closed"), value


def _xml_fits(node: ET.Element, table: dict[str, tuple[str, bool]]) -> None:
    names = [child.tag for child in node]
    assert set(names) <= set(table) | {"endpoints", "formats", "attributes"}, names
    assert len(names) == len(set(names)), names
    for name, (kind, optional) in table.items():
        child = node.find(name)
        text = (child.text or "") if child is not None else ""
        if not text:
            assert optional, (name, ET.tostring(node))
            continue
        if kind == "bool":
            assert text in ("true", "false"), name
        elif kind == "float":
            float(text)
        elif kind == "datetime":
            assert W3C.match(text), (name, text)
        elif kind == "status":
            assert text in ("open", "closed"), text


def _get(server: ServerProcess, path: str, **params: Any) -> requests.Response:
    return requests.get(server.url + V2 + path, params=params, timeout=30)


def _xml(answer: requests.Response) -> ET.Element:
    assert answer.headers["content-type"].startswith("text/xml"), answer.headers["content-type"]
    assert answer.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>'), answer.content[:60]
    return ET.fromstring(answer.content)


@pytest.fixture
def desk(enroll: Callable[..., DeskClient], station: str) -> DeskClient:
    desk = enroll(station_id=station, name="desk")
    push_categories(desk, "城建", "物业")
    return desk


def _issue(server: ServerProcess, partner: str = "五星区12345") -> str:
    from desk_server.services import open311

    _row, key = server.admin._run(open311.issue_key, partner=partner)
    return str(key)


@pytest.fixture
def key(server: ServerProcess) -> str:
    return _issue(server)


def _services(server: ServerProcess, station: str) -> dict[str, str]:
    return {
        s["service_name"]: s["service_code"]
        for s in _get(server, "/services.json", jurisdiction_id=station).json()
    }


def _post(server: ServerProcess, fmt: str = "json", **fields: str) -> requests.Response:
    return requests.post(f"{server.url}{V2}/requests.{fmt}", data=fields, timeout=30)


def _request_fields(server: ServerProcess, station: str, key: str, **extra: str) -> dict[str, str]:
    return {
        "api_key": key,
        "jurisdiction_id": station,
        "service_code": _services(server, station)["物业"],
        "description": "小区电梯经常停运，老人上下楼很困难。",
        "address_string": "五星街道建设路12号院",
        "phone": f"139{uuid.uuid4().int % 10**8:08d}",
        "last_name": "张",
        "first_name": "女士",
        **extra,
    }


def _posted_id(answer: requests.Response) -> str:
    assert answer.status_code == 200, answer.text
    return str(answer.json()[0]["service_request_id"])


# -- discovery, services, definitions ----------------------------------------------------------


def test_discovery_fits_the_spec_in_json(server: ServerProcess) -> None:
    found = _get(server, "/discovery.json").json()
    _json_fits(found, DISCOVERY)
    for endpoint in found["endpoints"]:
        _json_fits(endpoint, ENDPOINT)
        assert set(endpoint["formats"]) == {"text/xml", "application/json"}


def test_discovery_fits_the_spec_in_xml(server: ServerProcess) -> None:
    root = _xml(_get(server, "/discovery.xml"))
    assert root.tag == "discovery"
    _xml_fits(root, DISCOVERY)
    endpoint = root.find("endpoints/endpoint")
    assert endpoint is not None
    _xml_fits(endpoint, ENDPOINT)
    assert [f.text for f in endpoint.iterfind("formats/format")] == ["text/xml", "application/json"]


def test_the_services_are_the_districts_categories(
    server: ServerProcess, station: str, desk: DeskClient
) -> None:
    found = _get(server, "/services.json", jurisdiction_id=station).json()
    assert [s["service_name"] for s in found] == ["城建", "物业"]
    for s in found:
        _json_fits(s, SERVICE)


def test_the_services_fit_the_spec_in_xml(server: ServerProcess, station: str, desk: DeskClient) -> None:
    root = _xml(_get(server, "/services.xml", jurisdiction_id=station))
    assert root.tag == "services" and [s.findtext("service_name") for s in root] == ["城建", "物业"]
    for s in root:
        assert s.tag == "service"
        _xml_fits(s, SERVICE)


def test_a_district_is_a_jurisdiction_too(
    server: ServerProcess, district: str, station: str, desk: DeskClient
) -> None:
    found = _get(server, "/services.json", jurisdiction_id=district).json()
    assert [s["service_name"] for s in found] == ["城建", "物业"]


def test_an_unknown_jurisdiction_is_the_specs_404(server: ServerProcess) -> None:
    answer = _get(server, "/services.json", jurisdiction_id=str(uuid.uuid4()))
    assert answer.status_code == 404
    assert answer.json() == [{"code": 404, "description": "jurisdiction_id was not found"}]


def test_a_missing_jurisdiction_is_the_specs_400_in_xml(server: ServerProcess) -> None:
    answer = _get(server, "/services.xml")
    root = _xml(answer)
    assert answer.status_code == 400 and root.tag == "errors"
    assert [(e.findtext("code"), bool(e.findtext("description"))) for e in root] == [("400", True)]


def test_a_service_definition_has_no_attributes(
    server: ServerProcess, station: str, desk: DeskClient
) -> None:
    code = _services(server, station)["城建"]
    assert _get(server, f"/services/{code}.json", jurisdiction_id=station).json() == {
        "service_code": code,
        "attributes": [],
    }
    root = _xml(_get(server, f"/services/{code}.xml", jurisdiction_id=station))
    assert root.tag == "service_definition" and root.findtext("service_code") == code


def test_an_unknown_format_is_a_404(server: ServerProcess) -> None:
    answer = _get(server, "/discovery.html")
    assert answer.status_code == 404 and answer.json()[0]["code"] == 404


# -- posting -----------------------------------------------------------------------------------


def test_a_posted_request_reaches_the_stations_queue_as_a_submission(
    server: ServerProcess, station: str, desk: DeskClient, key: str
) -> None:
    fields = _request_fields(server, station, key, phone="13812341234")
    request_id = _posted_id(_post(server, **fields))
    assert CODE.match(request_id)
    subs = [c["fields"] for c in desk.pull_all()[0] if c["entity"] == "public_submission"]
    assert len(subs) == 1
    sub = subs[0]
    assert (sub["code"], sub["state"], sub["category"], sub["phone"], sub["name"], sub["link_id"]) == (
        request_id,
        "pending",
        "物业",
        "13812341234",
        "张女士",
        None,
    )
    assert sub["place"] == "五星街道建设路12号院"


def test_the_post_answer_fits_the_spec_in_json_and_xml(
    server: ServerProcess, station: str, desk: DeskClient, key: str
) -> None:
    answer = _post(server, **_request_fields(server, station, key)).json()
    assert len(answer) == 1
    _json_fits(answer[0], POSTED)
    root = _xml(_post(server, "xml", **_request_fields(server, station, key)))
    assert root.tag == "service_requests" and [r.tag for r in root] == ["request"]
    _xml_fits(root[0], POSTED)


def test_coordinates_stand_for_a_missing_address(
    server: ServerProcess, station: str, desk: DeskClient, key: str
) -> None:
    fields = _request_fields(server, station, key, address_string="", lat="30.1234567", long="114.5")
    request_id = _posted_id(_post(server, **fields))
    got = _get(server, f"/requests/{request_id}.json", api_key=key).json()[0]
    assert (got["lat"], got["long"], got["address"]) == (30.1234567, 114.5, "30.123457,114.500000")


def test_a_post_without_an_api_key_is_refused_and_stores_nothing(
    server: ServerProcess, station: str, desk: DeskClient, key: str
) -> None:
    fields = _request_fields(server, station, key)
    del fields["api_key"]
    answer = _post(server, **fields)
    assert answer.status_code == 403 and answer.json() == [
        {"code": 403, "description": "api_key was not provided"}
    ]
    assert [c for c in desk.pull_all()[0] if c["entity"] == "public_submission"] == []


def test_a_revoked_key_is_refused(server: ServerProcess, station: str, desk: DeskClient) -> None:
    from desk_server.services import open311

    row, key = server.admin._run(open311.issue_key, partner="revoked partner")
    server.admin._run(open311.revoke_key, key_id=row.id)
    answer = _post(server, **_request_fields(server, station, key))
    assert answer.status_code == 403 and answer.json()[0]["description"] == "api_key is not valid"


def test_a_post_is_checked_as_a_citizens_submission(
    server: ServerProcess, station: str, desk: DeskClient, key: str
) -> None:
    answer = _post(server, **_request_fields(server, station, key, description="太短", phone="12345"))
    assert answer.status_code == 400
    problems = [e["description"] for e in answer.json()]
    assert problems == [
        "description: 事情写得太简单了，请至少写 5 个字。",
        "phone: 电话号码不对，请检查（手机 11 位，或带区号的固定电话）。",
    ]
    assert [c for c in desk.pull_all()[0] if c["entity"] == "public_submission"] == []


def test_a_request_to_a_district_is_refused(
    server: ServerProcess, district: str, station: str, desk: DeskClient, key: str
) -> None:
    answer = _post(server, **_request_fields(server, station, key, jurisdiction_id=district))
    assert answer.status_code == 400 and "station" in answer.json()[0]["description"]


def test_an_unknown_service_code_is_a_404(
    server: ServerProcess, station: str, desk: DeskClient, key: str
) -> None:
    answer = _post(server, **_request_fields(server, station, key, service_code=str(uuid.uuid4())))
    assert answer.status_code == 404 and answer.json()[0]["description"] == "service_code was not found"


def test_posts_are_limited_per_key(make_server: Callable[..., ServerProcess]) -> None:
    server = make_server(env={"DESK_SERVER_OPEN311_PER_KEY": "2"}).start()
    station = server.admin.create_station(server.admin.create_district())
    desk = DeskClient(server, server.enroll(server.admin.enroll_code(station_id=station)))
    push_categories(desk, "物业")
    key = _issue(server)
    for _ in range(2):
        _posted_id(_post(server, **_request_fields(server, station, key)))
    answer = _post(server, **_request_fields(server, station, key))
    assert answer.status_code == 429 and answer.json()[0]["code"] == 429
    assert int(answer.headers["Retry-After"]) > 0


# -- reading -----------------------------------------------------------------------------------


def test_a_new_request_is_open_and_fits_the_spec_in_json(
    server: ServerProcess, station: str, desk: DeskClient, key: str
) -> None:
    request_id = _posted_id(
        _post(server, **_request_fields(server, station, key, media_url="https://x.example/1.jpg"))
    )
    found = _get(server, f"/requests/{request_id}.json", api_key=key).json()
    assert len(found) == 1
    _json_fits(found[0], REQUEST)
    assert (found[0]["status"], found[0]["status_notes"], found[0]["service_name"]) == (
        "open",
        "已收到：已收到，等待工作站登记处理。",
        "物业",
    )
    assert found[0]["media_url"] == "https://x.example/1.jpg"
    assert found[0]["agency_responsible"] == "测试监督岗"


def test_a_request_fits_the_spec_in_xml(
    server: ServerProcess, station: str, desk: DeskClient, key: str
) -> None:
    request_id = _posted_id(_post(server, **_request_fields(server, station, key)))
    root = _xml(_get(server, f"/requests/{request_id}.xml", api_key=key))
    assert root.tag == "service_requests" and [r.tag for r in root] == ["request"]
    _xml_fits(root[0], REQUEST)
    assert root[0].findtext("service_request_id") == request_id


def test_requests_carry_no_phone_and_no_name(
    server: ServerProcess, station: str, desk: DeskClient, key: str
) -> None:
    request_id = _posted_id(_post(server, **_request_fields(server, station, key, phone="13812341234")))
    text = _get(server, f"/requests/{request_id}.json", api_key=key).text
    assert "13812341234" not in text and "1234" not in text and "张" not in text


def _submission_id(desk: DeskClient, code: str) -> str:
    subs = [c for c in desk.pull_all()[0] if c["entity"] == "public_submission" and c["op"] == "insert"]
    return next(str(c["entity_id"]) for c in subs if c["fields"]["code"] == code)


def test_a_request_resolved_at_the_station_is_closed(
    server: ServerProcess, station: str, desk: DeskClient, key: str
) -> None:
    request_id = _posted_id(_post(server, **_request_fields(server, station, key)))
    case = reception(
        station, content="电梯停运", channel="qr_scan", outcome="resolved_on_site", status="resolved_on_site"
    )
    answer = desk.push(
        [
            case,
            update(
                "public_submission",
                _submission_id(desk, request_id),
                state=("pending", "accepted"),
                case_id=case["entity_id"],
                decided_at="2026-11-20T10:00:00",
            ),
        ]
    )
    assert answer["rejected"] == [], answer
    got = _get(server, f"/requests/{request_id}.json", api_key=key).json()[0]
    assert (got["status"], got["status_notes"]) == ("closed", "已办结：工作站已当场答复解决。")


def test_a_refused_request_is_closed_with_the_reason(
    server: ServerProcess, station: str, desk: DeskClient, key: str
) -> None:
    request_id = _posted_id(_post(server, **_request_fields(server, station, key)))
    desk.push(
        [
            update(
                "public_submission",
                _submission_id(desk, request_id),
                state=("pending", "rejected"),
                reject_reason="属于法院审理事项，请向法院反映",
            )
        ]
    )
    got = _get(server, f"/requests/{request_id}.json", api_key=key).json()[0]
    assert (got["status"], got["status_notes"]) == ("closed", "未受理：属于法院审理事项，请向法院反映")


def test_requests_filter_by_status(server: ServerProcess, station: str, desk: DeskClient) -> None:
    key = _issue(server, f"partner {uuid.uuid4().hex[:6]}")
    open_id = _posted_id(_post(server, **_request_fields(server, station, key)))
    closed_id = _posted_id(_post(server, **_request_fields(server, station, key)))
    desk.push(
        [
            update(
                "public_submission",
                _submission_id(desk, closed_id),
                state=("pending", "rejected"),
                reject_reason="不属于人大代表联络站受理范围",
            )
        ]
    )
    ids = {
        s: [r["service_request_id"] for r in _get(server, "/requests.json", api_key=key, status=s).json()]
        for s in ("open", "closed", "open,closed")
    }
    assert ids == {"open": [open_id], "closed": [closed_id], "open,closed": [closed_id, open_id]}


def test_requests_filter_by_id_list_and_service_code(
    server: ServerProcess, station: str, desk: DeskClient
) -> None:
    key = _issue(server, f"partner {uuid.uuid4().hex[:6]}")
    codes = _services(server, station)
    first = _posted_id(_post(server, **_request_fields(server, station, key, service_code=codes["城建"])))
    second = _posted_id(_post(server, **_request_fields(server, station, key)))
    by_code = _get(server, "/requests.json", api_key=key, service_code=codes["城建"]).json()
    by_ids = _get(server, "/requests.json", api_key=key, service_request_id=f"{first},{second}").json()
    assert [r["service_request_id"] for r in by_code] == [first]
    assert sorted(r["service_request_id"] for r in by_ids) == sorted([first, second])


def test_a_date_range_over_90_days_is_refused(server: ServerProcess, key: str) -> None:
    answer = _get(
        server,
        "/requests.json",
        api_key=key,
        start_date="2026-01-01T00:00:00Z",
        end_date="2026-06-01T00:00:00Z",
    )
    assert answer.status_code == 400 and "90 days" in answer.json()[0]["description"]


def test_a_date_range_selects_by_requested_time(
    server: ServerProcess, station: str, desk: DeskClient
) -> None:
    key = _issue(server, f"partner {uuid.uuid4().hex[:6]}")
    _posted_id(_post(server, **_request_fields(server, station, key)))
    past = _get(
        server,
        "/requests.json",
        api_key=key,
        start_date="2026-01-01T00:00:00+08:00",
        end_date="2026-02-01T00:00:00+08:00",
    )
    assert past.status_code == 200 and past.json() == []
    assert len(_get(server, "/requests.json", api_key=key).json()) == 1


def test_another_partner_cannot_read_a_request(
    server: ServerProcess, station: str, desk: DeskClient, key: str
) -> None:
    request_id = _posted_id(_post(server, **_request_fields(server, station, key)))
    other = _issue(server, "another platform")
    assert _get(server, f"/requests/{request_id}.json", api_key=other).status_code == 404
    assert _get(server, "/requests.json", api_key=other, service_request_id=request_id).json() == []


def test_reading_requests_needs_a_key(
    server: ServerProcess, station: str, desk: DeskClient, key: str
) -> None:
    request_id = _posted_id(_post(server, **_request_fields(server, station, key)))
    assert _get(server, f"/requests/{request_id}.json").status_code == 403


def test_a_token_gives_its_service_request_id(
    server: ServerProcess, station: str, desk: DeskClient, key: str
) -> None:
    from desk_server.models import Open311Request

    request_id = _posted_id(_post(server, **_request_fields(server, station, key)))
    with server.admin._sessions() as session:
        row = session.get(Open311Request, request_id)
        assert row is not None
        token = row.token
    found = _get(server, f"/tokens/{token}.json", api_key=key).json()
    assert found == [{"service_request_id": request_id, "token": token}]
    _json_fits(found[0], TOKEN)
    root = _xml(_get(server, f"/tokens/{token}.xml", api_key=key))
    _xml_fits(root[0], TOKEN)


def test_the_endpoints_are_in_the_openapi_document_tagged(server: ServerProcess) -> None:
    doc = requests.get(server.url + "/openapi.json", timeout=10).json()
    paths = {p: ops for p, ops in doc["paths"].items() if p.startswith(V2)}
    assert set(paths) == {
        f"{V2}/discovery.{{fmt}}",
        f"{V2}/services.{{fmt}}",
        f"{V2}/services/{{service_code}}.{{fmt}}",
        f"{V2}/requests.{{fmt}}",
        f"{V2}/tokens/{{token}}.{{fmt}}",
        f"{V2}/requests/{{service_request_id}}.{{fmt}}",
    }
    assert all(op["tags"] == ["open311"] for ops in paths.values() for op in ops.values())
    assert set(paths[f"{V2}/requests.{{fmt}}"]) == {"get", "post"}


# -- API keys from the admin CLI ---------------------------------------------------------------


def test_the_cli_issues_lists_and_revokes_keys_and_stores_no_key(server: ServerProcess, station: str) -> None:
    issued = server.cli("open311-key", "issue", "--partner", "测试12345平台")
    assert issued.returncode == 0, issued.stderr
    new_key = issued.stdout.strip().splitlines()[-1]
    key_id = issued.stdout.split()[2]
    listed = server.cli("open311-key", "list")
    assert f"{key_id}\tactive" in listed.stdout and new_key not in listed.stdout
    with server.admin._sessions() as session:
        from sqlalchemy import text

        dump = repr(session.execute(text("SELECT * FROM open311_key")).all())
    assert new_key not in dump
    assert _get(server, "/requests.json", api_key=new_key).status_code == 200
    revoked = server.cli("open311-key", "revoke", key_id)
    assert revoked.returncode == 0, revoked.stderr
    assert _get(server, "/requests.json", api_key=new_key).status_code == 403
