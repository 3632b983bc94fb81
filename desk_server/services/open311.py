"""Open311 GeoReport v2 on the server (issue 12, docs/open311.md): partner systems (a 12345
platform) read the categories as services, post a matter into a station's queue and follow it.

- Jurisdictions: a station's id (every method) or a district's id (services, definitions, and
  reading requests of the whole district). A request is posted to a station.
- Services: the district's live categories; service_code is the category's id. No attributes
  (metadata false), type realtime.
- A posted request is a public submission exactly as a citizen's from the QR code's page (the same
  checks, limits and rows: services/public.py); its service_request_id is the submission's
  tracking code. The partner's extras (coordinates, media_url) are kept in `open311_request`.
- Status: open until the case is signed off (or the submission refused); status_notes is the step
  the citizen's progress page shows as current, with no personal data.
- API keys per partner, issued by `desk-server open311-key issue`, kept as SHA-256. A key reads only
  the requests its partner posted (they carry citizens' matters).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain import public
from desk_app.domain.public import PROBLEM_ZH, StepState, SubmissionDraft
from desk_server.models import District, Open311Key, Open311Request, Record, Station, utcnow
from desk_server.services import public as public_service

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-03T00:00:00+08:00"
FORMATS = ("text/xml", "application/json")
MAX_RESULTS = 1000
MAX_SPAN = timedelta(days=90)
MAX_MEDIA_URL = 500
CHINA = timedelta(hours=8)
# What Open311 names the fields of a submission (problems are reported under these names).
FIELD_NAMES = {
    "matter": "description",
    "place": "address_string",
    "phone": "phone",
    "name": "first_name",
    "category": "service_code",
}


class Open311Error(Exception):
    """An answer of the spec's error list: HTTP status and description(s)."""

    def __init__(self, status: int, *descriptions: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(descriptions[0] if descriptions else str(status))
        self.status = status
        self.descriptions = descriptions or (str(status),)
        self.headers = headers or {}


# -- API keys ----------------------------------------------------------------------------------


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def issue_key(session: Session, partner: str) -> tuple[Open311Key, str]:
    """A new key for `partner`; the key itself is shown once and never stored."""
    partner = " ".join(partner.split())
    if not partner or len(partner) > 100:
        raise ValueError("a partner's name is 1 to 100 characters")
    # A prefix: a key never starts with "-" (a command line would take it for an option).
    key = "o311_" + secrets.token_urlsafe(32)
    row = Open311Key(id=str(uuid.uuid4()), partner=partner, key_hash=hash_key(key), created_at=utcnow())
    session.add(row)
    session.flush()
    return row, key


def list_keys(session: Session) -> list[Open311Key]:
    return list(session.scalars(select(Open311Key).order_by(Open311Key.partner, Open311Key.created_at)))


def revoke_key(session: Session, key_id: str) -> Open311Key:
    row = session.get(Open311Key, key_id)
    if row is None:
        raise LookupError(f"no Open311 key {key_id}")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
    session.flush()
    return row


def key_for(session: Session, api_key: str) -> Open311Key | None:
    """The live key `api_key` is, or None (unknown or revoked)."""
    if not api_key or len(api_key) > 200:
        return None
    row = session.scalars(select(Open311Key).where(Open311Key.key_hash == hash_key(api_key))).first()
    return row if row is not None and row.revoked_at is None else None


# -- jurisdictions and services ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    district_id: str
    station: Station | None  # None: a whole district


def jurisdiction(session: Session, jurisdiction_id: str) -> Jurisdiction:
    if not jurisdiction_id:
        raise Open311Error(400, "jurisdiction_id was not provided (a station's or a district's id)")
    if len(jurisdiction_id) <= 36:
        station = session.get(Station, jurisdiction_id)
        if station is not None:
            return Jurisdiction(station.district_id, station)
        if session.get(District, jurisdiction_id) is not None:
            return Jurisdiction(jurisdiction_id, None)
    raise Open311Error(404, "jurisdiction_id was not found")


def _categories(session: Session, district_id: str) -> list[tuple[str, str]]:
    """(service_code, name) of the district's live categories, in the desks' order."""
    names, ids = public_service._categories(session, district_id)
    return [(ids[n], n) for n in names]


def services(session: Session, place: Jurisdiction) -> list[dict[str, Any]]:
    return [
        {
            "service_code": code,
            "service_name": name,
            "description": name,
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": "",
        }
        for code, name in _categories(session, place.district_id)
    ]


def service_definition(session: Session, place: Jurisdiction, service_code: str) -> dict[str, Any]:
    if not any(code == service_code for code, _n in _categories(session, place.district_id)):
        raise Open311Error(404, "service_code was not found")
    return {"service_code": service_code, "attributes": []}


# -- posting a request -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Posted:
    """A request as the partner sent it (form fields), before the checks."""

    service_code: str = ""
    description: str = ""
    address_string: str = ""
    lat: str = ""
    long: str = ""
    phone: str = ""
    first_name: str = ""
    last_name: str = ""
    media_url: str = ""


def _coordinate(raw: str, name: str, limit: float) -> float | None:
    if not raw.strip():
        return None
    try:
        value = float(raw)
    except ValueError:
        raise Open311Error(400, f"{name}: not a number") from None
    if not (-limit <= value <= limit):
        raise Open311Error(400, f"{name}: out of range")
    return value


@dataclass(frozen=True, slots=True)
class Checked:
    link: public_service.LinkInfo
    draft: SubmissionDraft
    lat: float | None
    long: float | None
    media_url: str


def check(session: Session, place: Jurisdiction, posted: Posted) -> Checked:
    """The request as a public submission of the station, checked as a citizen's is; or an
    Open311Error listing every problem (nothing is stored)."""
    if place.station is None:
        raise Open311Error(400, "jurisdiction_id: a request is posted to a station's id, not a district's")
    if not posted.service_code:
        raise Open311Error(400, "service_code was not provided")
    categories = dict(_categories(session, place.district_id))
    if posted.service_code not in categories:
        raise Open311Error(404, "service_code was not found")
    lat = _coordinate(posted.lat, "lat", 90.0)
    long = _coordinate(posted.long, "long", 180.0)
    if (lat is None) != (long is None):
        raise Open311Error(400, "lat and long go together")
    media_url = posted.media_url.strip()
    if media_url and (len(media_url) > MAX_MEDIA_URL or not media_url.startswith(("https://", "http://"))):
        raise Open311Error(400, f"media_url: an http(s) URL of at most {MAX_MEDIA_URL} characters")
    address = posted.address_string
    if not address.strip() and lat is not None and long is not None:
        address = f"{lat:.6f},{long:.6f}"
    draft = public.clean_draft(
        SubmissionDraft(
            matter=posted.description,
            category=categories[posted.service_code],
            place=address,
            phone=posted.phone,
            # Chinese order: the family name first.
            name=f"{posted.last_name.strip()}{posted.first_name.strip()}",
        )
    )
    problems = public.draft_problems(draft, categories.values())
    if problems:
        raise Open311Error(
            400, *(f"{FIELD_NAMES.get(f, f)}: {PROBLEM_ZH[p]}" for f, p in sorted(problems.items()))
        )
    names, ids = public_service._categories(session, place.district_id)
    link = public_service.LinkInfo(
        link_id=None,  # no QR code: the submission names no link
        district_id=place.district_id,
        station_id=place.station.id,
        station_name=place.station.name,
        deputy_id=None,
        deputy_name="",
        categories=names,
        category_ids=ids,
    )
    return Checked(link, draft, lat, long, media_url)


def store(session: Session, key: Open311Key, checked: Checked, service_code: str) -> Open311Request:
    """Write the submission (as the citizen's page does) and its Open311 row. The caller commits."""
    code = public_service.submit(session, checked.link, checked.draft, [])
    ticket = public_service.find_submission(session, code)
    assert ticket is not None
    row = Open311Request(
        service_request_id=code,
        token=str(uuid.uuid4()),
        key_id=key.id,
        partner=key.partner,
        submission_id=ticket.entity_id,
        district_id=checked.link.district_id,
        station_id=checked.link.station_id,
        service_code=service_code,
        lat=checked.lat,
        long=checked.long,
        address=checked.draft.place,
        media_url=checked.media_url,
        requested_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row


# -- reading requests --------------------------------------------------------------------------


def w3(moment: datetime) -> str:
    """A naive UTC time as the spec's W3C date-time, in China's offset."""
    return (moment.replace(tzinfo=UTC) + CHINA).replace(tzinfo=None).isoformat(timespec="seconds") + "+08:00"


def _day_w3(day: date, at: time = time(0, 0)) -> str:
    return datetime.combine(day, at).isoformat(timespec="seconds") + "+08:00"


def parse_w3(raw: str, name: str) -> datetime:
    """A W3C date-time as naive UTC; a time without an offset is refused (the spec wants one)."""
    try:
        moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise Open311Error(400, f"{name}: not a W3C date-time (e.g. 2026-12-01T00:00:00+08:00)") from None
    if moment.tzinfo is None:
        raise Open311Error(400, f"{name}: the time needs its offset (Z or +08:00)")
    return moment.astimezone(UTC).replace(tzinfo=None)


def status_of(shown: public.Progress) -> tuple[str, str]:
    """(open | closed, status_notes) from what the citizen's progress page shows."""
    by_key = {s.key: s for s in shown.steps}
    rejected = by_key.get("rejected")
    if rejected is not None:
        notes = "未受理" + (f"：{shown.rejected_reason}" if shown.rejected_reason else "")
        return "closed", notes
    signed = by_key.get("signed_off")
    closed = signed is not None and signed.state is StepState.DONE
    current = next((s for s in shown.steps if s.state is StepState.CURRENT), None)
    if current is None:
        current = [s for s in shown.steps if s.state is StepState.DONE][-1]
    shown_step = current if not closed else signed
    assert shown_step is not None
    notes = shown_step.title_zh + (f"：{shown_step.detail_zh}" if shown_step.detail_zh else "")
    return ("closed" if closed else "open"), notes


def view(session: Session, row: Open311Request) -> dict[str, Any]:
    """One request as GET requests answers it (the spec's fields, in its order)."""
    shown = public_service.progress(session, row.service_request_id)
    station = session.get(Station, row.station_id)
    category = session.get(Record, ("category", row.service_code))
    status, notes = ("open", "")
    description = ""
    agency = station.name if station is not None else ""
    expected: str | None = None
    updated = row.requested_at
    updated_text = w3(updated)
    if shown is not None:
        status, notes = status_of(shown)
        description = shown.matter
        if shown.unit_name:
            agency = shown.unit_name
        if shown.reply_due is not None and status == "open":
            expected = _day_w3(shown.reply_due, time(23, 59, 59))
        days = [s.on for s in shown.steps if s.on is not None]
        if days and max(days) > (updated + CHINA).date():
            updated_text = _day_w3(max(days))
    return {
        "service_request_id": row.service_request_id,
        "status": status,
        "status_notes": notes,
        "service_name": str(category.data.get("name") or "") if category is not None else "",
        "service_code": row.service_code,
        "description": description,
        "agency_responsible": agency,
        "service_notice": SERVICE_NOTICE,
        "requested_datetime": w3(row.requested_at),
        "updated_datetime": updated_text,
        "expected_datetime": expected,
        "address": row.address,
        "address_id": None,
        "zipcode": None,
        "lat": row.lat,
        "long": row.long,
        "media_url": row.media_url or None,
    }


SERVICE_NOTICE = "工作站受理后登记交办，承办单位答复后工作站电话回访。"


@dataclass(frozen=True, slots=True)
class Query:
    service_request_ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: tuple[str, ...] = ()


def _split(raw: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in (raw or "").split(",") if p.strip())


def make_query(
    service_request_id: str, service_code: str, start_date: str, end_date: str, status: str
) -> Query:
    statuses = tuple(s.lower() for s in _split(status))
    if any(s not in ("open", "closed") for s in statuses):
        raise Open311Error(400, "status: open or closed (comma separated)")
    start = parse_w3(start_date, "start_date") if start_date.strip() else None
    end = parse_w3(end_date, "end_date") if end_date.strip() else None
    if start is not None and end is not None:
        if end < start:
            raise Open311Error(400, "end_date is before start_date")
        if end - start > MAX_SPAN:
            raise Open311Error(400, "start_date to end_date may not span more than 90 days")
    return Query(_split(service_request_id), _split(service_code), start, end, statuses)


def find(
    session: Session, key: Open311Key, query: Query, place: Jurisdiction | None = None
) -> list[dict[str, Any]]:
    """The key's partner's requests that match, newest first (at most MAX_RESULTS)."""
    stmt = select(Open311Request).where(Open311Request.partner == key.partner)
    if place is not None:
        stmt = stmt.where(Open311Request.district_id == place.district_id)
        if place.station is not None:
            stmt = stmt.where(Open311Request.station_id == place.station.id)
    if query.service_request_ids:
        # "This overrides all other arguments."
        ids = [public.normalize_code(i) for i in query.service_request_ids[:MAX_RESULTS]]
        stmt = stmt.where(Open311Request.service_request_id.in_(ids))
        return [view(session, r) for r in session.scalars(stmt.order_by(Open311Request.requested_at.desc()))]
    end = query.end or utcnow()
    start = query.start or end - MAX_SPAN
    if query.start is not None and query.end is None:
        end = start + MAX_SPAN
    stmt = stmt.where(Open311Request.requested_at >= start, Open311Request.requested_at <= end)
    if query.service_codes:
        stmt = stmt.where(Open311Request.service_code.in_(query.service_codes))
    found: list[dict[str, Any]] = []
    for row in session.scalars(stmt.order_by(Open311Request.requested_at.desc())):
        shown = view(session, row)
        if query.statuses and shown["status"] not in query.statuses:
            continue
        found.append(shown)
        if len(found) >= MAX_RESULTS:
            break
    return found


def by_token(session: Session, key: Open311Key, token: str) -> dict[str, Any]:
    row = None
    if 0 < len(token) <= 36:
        row = session.scalars(
            select(Open311Request).where(Open311Request.token == token, Open311Request.partner == key.partner)
        ).first()
    if row is None:
        raise Open311Error(404, "token was not found")
    return {"service_request_id": row.service_request_id, "token": row.token}


def one(session: Session, key: Open311Key, service_request_id: str) -> dict[str, Any]:
    row = session.get(Open311Request, public.normalize_code(service_request_id)[:16])
    if row is None or row.partner != key.partner:
        raise Open311Error(404, "service_request_id was not found")
    return view(session, row)
