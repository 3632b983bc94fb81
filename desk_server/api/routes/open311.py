"""Open311 GeoReport v2 endpoints (issue 12, docs/open311.md), under /open311/v2, each in `.json`
and `.xml` (the format is the path's extension, as the spec has it):

- GET  discovery.{fmt}                     the endpoint, its formats and changeset
- GET  services.{fmt}?jurisdiction_id=     the district's categories as services
- GET  services/{service_code}.{fmt}       a service's definition (no attributes)
- POST requests.{fmt}                      post a matter to a station's queue (api_key required)
- GET  tokens/{token}.{fmt}                the service_request_id of a token (api_key required)
- GET  requests.{fmt}                      the partner's requests, filtered (api_key required)
- GET  requests/{service_request_id}.{fmt} one of them (api_key required)

Errors are the spec's error list (`[{"code": 400, "description": "..."}]`, or <errors> in XML),
never the sync API's error body. Reading requests needs the key too (the spec leaves it to the
jurisdiction): requests carry citizens' matters, so a partner reads only those it posted.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from desk_server import jsonio
from desk_server.api.deps import client_address
from desk_server.db import begin_write
from desk_server.errors import ApiError
from desk_server.models import Open311Key
from desk_server.services import open311 as service

T = TypeVar("T")
PREFIX = "/open311/v2"
FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# XML: a list's elements are named by the singular of the list's name.
SINGULAR = {
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
    "services": "service",
    "service_requests": "request",
    "errors": "error",
}
MAX_FORM_FIELDS = 40


# -- the answers' shapes, for the OpenAPI document ---------------------------------------------


class Open311ErrorOut(BaseModel):
    code: int
    description: str


class EndpointOut(BaseModel):
    specification: str
    url: str
    changeset: str
    type: str
    formats: list[str]


class DiscoveryOut(BaseModel):
    changeset: str
    contact: str
    key_service: str
    endpoints: list[EndpointOut]


class ServiceOut(BaseModel):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str
    keywords: str
    group: str


class ServiceDefinitionOut(BaseModel):
    service_code: str
    attributes: list[dict[str, Any]]


class PostedOut(BaseModel):
    service_request_id: str
    service_notice: str
    account_id: str | None


class TokenOut(BaseModel):
    service_request_id: str
    token: str


class RequestOut(BaseModel):
    service_request_id: str
    status: str
    status_notes: str
    service_name: str
    service_code: str
    description: str
    agency_responsible: str
    service_notice: str
    requested_datetime: str
    updated_datetime: str
    expected_datetime: str | None
    address: str
    address_id: str | None
    zipcode: str | None
    lat: float | None
    long: float | None
    media_url: str | None


def _documented(model: Any, *errors: int) -> dict[int | str, dict[str, Any]]:
    out: dict[int | str, dict[str, Any]] = {
        200: {
            "model": model,
            "description": "JSON (.json) or the same as XML (.xml)",
            "content": {"text/xml": {"schema": {"type": "string"}}},
        }
    }
    for status in (*errors, 404):
        out[status] = {
            "model": list[Open311ErrorOut],
            "description": _ERROR_TEXT[status],
            "content": {"text/xml": {"schema": {"type": "string"}}},
        }
    if 429 in out:
        out[429]["headers"] = {
            "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}
        }
    return out


_ERROR_TEXT = {
    400: "a parameter is missing or wrong (each problem is one error of the list)",
    403: "api_key is missing, unknown or revoked",
    404: "unknown format (json, xml), jurisdiction_id, service_code, token or service_request_id",
    429: "too many requests from this key, phone number or address; see Retry-After",
}

router = APIRouter(prefix=PREFIX, tags=["open311"])


# -- rendering ---------------------------------------------------------------------------------


def _xml_value(parent: ET.Element, name: str, value: Any) -> None:
    node = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for k, v in value.items():
            _xml_value(node, k, v)
    elif isinstance(value, list):
        for v in value:
            _xml_value(node, SINGULAR.get(name, "item"), v)
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = str(value)


def render(
    fmt: str, root: str, payload: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """`payload` (a list of objects, or one object for discovery) as JSON or as the spec's XML."""
    if fmt == "xml":
        top = ET.Element(root)
        if isinstance(payload, list):
            for item in payload:
                _xml_value(top, SINGULAR[root], item)
        else:
            for k, v in payload.items():
                _xml_value(top, k, v)
        body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(
            top, encoding="utf-8", xml_declaration=False
        )
        return Response(body, status_code=status, media_type=FORMATS["xml"], headers=headers)
    return Response(
        jsonio.dumps(payload).encode(), status_code=status, media_type=FORMATS["json"], headers=headers
    )


def _error(fmt: str, exc: service.Open311Error) -> Response:
    errors = [{"code": exc.status, "description": d} for d in exc.descriptions]
    return render(fmt if fmt in FORMATS else "json", "errors", errors, exc.status, exc.headers or None)


def _sessions(request: Request) -> Any:
    return request.app.state.sessions


def _check_text(**values: str) -> None:
    for name, value in values.items():
        if "\x00" in value:
            raise service.Open311Error(400, f"{name}: NUL is not allowed")


def _key(request: Request, session: Any, api_key: str) -> Open311Key:
    """The live key named by `api_key`; unknown keys count as failed sign-ins of the address."""
    throttle = request.app.state.sign_in_throttle
    address = client_address(request)
    found = service.key_for(session, api_key) if api_key else None
    if found is not None:
        return found
    try:
        throttle.check(address)
    except ApiError as exc:
        raise service.Open311Error(429, exc.message, headers=dict(exc.headers or {})) from None
    if not api_key:
        raise service.Open311Error(403, "api_key was not provided")
    throttle.failed(address)
    raise service.Open311Error(403, "api_key is not valid")


async def _answer(fmt: str, root: str, work: Callable[[], Any]) -> Response:
    """Run `work` (database reads) off the event loop and render what it returns."""
    if fmt not in FORMATS:
        return _error("json", service.Open311Error(404, "format: json or xml"))
    try:
        payload = await run_in_threadpool(work)
    except service.Open311Error as exc:
        return _error(fmt, exc)
    return render(fmt, root, payload)


# -- the methods -------------------------------------------------------------------------------


@router.get(
    "/discovery.{fmt}",
    summary="Service discovery",
    response_model=None,
    responses=_documented(DiscoveryOut),
)
async def discovery(request: Request, fmt: str) -> Response:
    base = str(request.base_url).rstrip("/") + PREFIX

    def work() -> dict[str, Any]:
        return {
            "changeset": service.CHANGESET,
            "contact": "the district's people's congress office (人大办)",
            "key_service": "API keys are issued by the server's administrator: desk-server open311-key issue",
            "endpoints": [
                {
                    "specification": service.SPECIFICATION,
                    "url": base,
                    "changeset": service.CHANGESET,
                    "type": "production",
                    "formats": list(service.FORMATS),
                }
            ],
        }

    return await _answer(fmt, "discovery", work)


@router.get(
    "/services.{fmt}",
    summary="Service list: the district's categories",
    response_model=None,
    responses=_documented(list[ServiceOut], 400),
)
async def services(request: Request, fmt: str, jurisdiction_id: str = "") -> Response:
    def work() -> list[dict[str, Any]]:
        _check_text(jurisdiction_id=jurisdiction_id)
        with _sessions(request)() as session:
            return service.services(session, service.jurisdiction(session, jurisdiction_id))

    return await _answer(fmt, "services", work)


@router.get(
    "/services/{service_code}.{fmt}",
    summary="Service definition",
    response_model=None,
    responses=_documented(ServiceDefinitionOut, 400),
)
async def service_definition(
    request: Request, service_code: str, fmt: str, jurisdiction_id: str = ""
) -> Response:
    def work() -> dict[str, Any]:
        _check_text(jurisdiction_id=jurisdiction_id, service_code=service_code)
        with _sessions(request)() as session:
            place = service.jurisdiction(session, jurisdiction_id)
            return service.service_definition(session, place, service_code)

    return await _answer(fmt, "service_definition", work)


_POST_FIELDS = (
    "api_key",
    "jurisdiction_id",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
)
_POST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {name: {"type": "string"} for name in _POST_FIELDS},
                    "required": ["api_key", "jurisdiction_id", "service_code", "description", "phone"],
                }
            }
        },
    }
}


@router.api_route("/requests.{fmt}", methods=["PUT", "PATCH", "DELETE", "OPTIONS"], include_in_schema=False)
async def requests_other_methods(fmt: str) -> Response:
    """GET and POST share this path as two routes: Starlette's 405 would name only the first's."""
    errors = [{"code": 405, "description": "GET or POST"}]
    return render(fmt if fmt in FORMATS else "json", "errors", errors, 405, {"Allow": "GET, POST"})


@router.post(
    "/requests.{fmt}",
    summary="Post a service request into a station's queue",
    response_model=None,
    responses=_documented(list[PostedOut], 400, 403, 429),
    openapi_extra=_POST_BODY,
)
async def post_request(request: Request, fmt: str) -> Response:
    if fmt not in FORMATS:
        return _error("json", service.Open311Error(404, "format: json or xml"))
    try:
        async with request.form(max_files=0, max_fields=MAX_FORM_FIELDS, max_part_size=64 * 1024) as form:
            fields = {k: v for k, v in form.items() if isinstance(v, str)}
    except Exception:  # noqa: BLE001 - a body that is not a form: the spec's 400
        return _error(
            fmt, service.Open311Error(400, "the body is not a form (application/x-www-form-urlencoded)")
        )

    def work() -> list[dict[str, Any]]:
        _check_text(**fields)
        posted = service.Posted(
            service_code=fields.get("service_code", ""),
            description=fields.get("description", ""),
            address_string=fields.get("address_string", ""),
            lat=fields.get("lat", ""),
            long=fields.get("long", ""),
            phone=fields.get("phone", ""),
            first_name=fields.get("first_name", ""),
            last_name=fields.get("last_name", ""),
            media_url=fields.get("media_url", ""),
        )
        with _sessions(request)() as session:
            key = _key(request, session, fields.get("api_key", ""))
            place = service.jurisdiction(session, fields.get("jurisdiction_id", ""))
            checked = service.check(session, place, posted)
            session.rollback()  # the reads' transaction ends: the write starts its own
            per_key = request.app.state.open311_key_throttle
            per_phone = request.app.state.public_phone_throttle
            phone_key = hashlib.sha256(checked.draft.phone.encode()).hexdigest()
            for throttle, name in ((per_key, key.id), (per_phone, phone_key)):
                try:
                    throttle.check(name)
                except ApiError as exc:
                    raise service.Open311Error(429, exc.message, headers=dict(exc.headers or {})) from None
            begin_write(session)
            row = service.store(session, key, checked, posted.service_code)
            session.commit()
            per_key.failed(key.id)
            per_phone.failed(phone_key)
            return [
                {
                    "service_request_id": row.service_request_id,
                    "service_notice": service.SERVICE_NOTICE,
                    "account_id": None,
                }
            ]

    return await _answer(fmt, "service_requests", work)


@router.get(
    "/tokens/{token}.{fmt}",
    summary="The service_request_id of a token",
    response_model=None,
    responses=_documented(list[TokenOut], 400, 403, 429),
)
async def token(
    request: Request, token: str, fmt: str, api_key: str = "", jurisdiction_id: str = ""
) -> Response:
    def work() -> list[dict[str, Any]]:
        _check_text(token=token, jurisdiction_id=jurisdiction_id)
        with _sessions(request)() as session:
            key = _key(request, session, api_key)
            return [service.by_token(session, key, token)]

    return await _answer(fmt, "service_requests", work)


@router.get(
    "/requests.{fmt}",
    summary="The partner's service requests (filtered)",
    response_model=None,
    responses=_documented(list[RequestOut], 400, 403, 429),
)
async def list_requests(
    request: Request,
    fmt: str,
    api_key: str = "",
    jurisdiction_id: str = "",
    service_request_id: str = "",
    service_code: str = "",
    start_date: str = "",
    end_date: str = "",
    status: str = "",
) -> Response:
    def work() -> list[dict[str, Any]]:
        _check_text(
            jurisdiction_id=jurisdiction_id,
            service_request_id=service_request_id,
            service_code=service_code,
            start_date=start_date,
            end_date=end_date,
            status=status,
        )
        query = service.make_query(service_request_id, service_code, start_date, end_date, status)
        with _sessions(request)() as session:
            key = _key(request, session, api_key)
            place = service.jurisdiction(session, jurisdiction_id) if jurisdiction_id else None
            return service.find(session, key, query, place)

    return await _answer(fmt, "service_requests", work)


@router.get(
    "/requests/{service_request_id}.{fmt}",
    summary="One service request of the partner",
    response_model=None,
    responses=_documented(list[RequestOut], 400, 403, 429),
)
async def one_request(
    request: Request, service_request_id: str, fmt: str, api_key: str = "", jurisdiction_id: str = ""
) -> Response:
    def work() -> list[dict[str, Any]]:
        _check_text(service_request_id=service_request_id, jurisdiction_id=jurisdiction_id)
        with _sessions(request)() as session:
            key = _key(request, session, api_key)
            return [service.one(session, key, service_request_id)]

    return await _answer(fmt, "service_requests", work)
