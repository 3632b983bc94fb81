"""The public channel on the server (issue 12): the citizen's submission, the tracking page, the
online evaluation. docs/public-channel.md.

A submission is written as synced rows of the server's own (no desk, like a repair): a
`public_submission` record of the station and a `public_photo` record per photo, each with its
change in the log, so the station's desks pull them at their next round. The tracking code
(`public_ticket`) is the only way to it from outside. The progress a citizen sees is derived from
the case's records, which the server already holds through sync.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import queue
import secrets
import threading
import time
import uuid
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain import public
from desk_app.domain.public import SubmissionDraft, SubmissionState
from desk_server.models import Change, PublicTicket, PublicToken, Record, ServerState, Station, utcnow
from desk_server.services.own_changes import update_fields
from desk_server.services.photos import Photo

# China keeps one offset all year (no summer time): business times are the station's wall clock.
CHINA = timedelta(hours=8)
FORM_TOKEN_LIFETIME = 6 * 3600  # a form opened this long ago is refused (the citizen sends again)
SECRET_KEY = "public_form_secret"
SERVER_MADE_AT = "1900-01-01T00:00:00"


def china_now() -> datetime:
    return (datetime.now(UTC) + CHINA).replace(tzinfo=None, microsecond=0)


# -- the signed form token (no cookies: the token proves the form came from this server) -------


def form_secret(session: Session) -> bytes:
    """The server's secret for form tokens, made once and kept in server_state."""
    row = session.get(ServerState, SECRET_KEY)
    if row is None:
        try:
            with session.begin_nested():
                session.add(ServerState(key=SECRET_KEY, value=secrets.token_hex(32)))
            session.commit()
        except IntegrityError:
            session.rollback()
        row = session.get(ServerState, SECRET_KEY)
    assert row is not None
    return bytes.fromhex(row.value)


def _mac(secret: bytes, purpose: str, issued: int) -> str:
    digest = hmac.new(secret, f"{purpose}|{issued}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode("ascii")


def make_form_token(secret: bytes, purpose: str, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    return f"{issued}.{_mac(secret, purpose, issued)}"


def form_token_ok(secret: bytes, purpose: str, token: str, now: float | None = None) -> bool:
    now = now if now is not None else time.time()
    issued_text, _, mac = (token or "").partition(".")
    if not issued_text.isdigit() or len(issued_text) > 12:
        return False
    issued = int(issued_text)
    if not (now - FORM_TOKEN_LIFETIME <= issued <= now + 60):
        return False
    return hmac.compare_digest(mac, _mac(secret, purpose, issued))


# -- links ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkInfo:
    link_id: str | None  # None: not from a QR code (an Open311 partner's request)
    district_id: str
    station_id: str
    station_name: str
    deputy_id: str | None
    deputy_name: str
    categories: tuple[str, ...]
    category_ids: dict[str, str]


def find_link(session: Session, token: str) -> LinkInfo | None:
    if not public.is_link_token(token):
        return None
    row = session.get(PublicToken, token)
    if row is None or not row.active:
        return None
    station = session.get(Station, row.station_id)
    if station is None:
        return None
    deputy_name = ""
    if row.deputy_id:
        deputy = session.get(Record, ("deputy", row.deputy_id))
        if deputy is None or deputy.deleted or not deputy.data.get("active", True):
            return None
        deputy_name = str(deputy.data.get("name") or "")
    names, ids = _categories(session, row.district_id)
    return LinkInfo(
        row.link_id, row.district_id, row.station_id, station.name, row.deputy_id, deputy_name, names, ids
    )


class LinkCache:
    """Links looked up in the last `ttl` seconds, per process: a QR code's page and its sending
    read the station, the deputy and the district's categories once, not on every request (a
    renamed category shows within `ttl`). Unknown tokens are never cached."""

    def __init__(self, ttl: float = 30.0, size: int = 10_000) -> None:
        self.ttl, self.size = ttl, size
        self._found: dict[str, tuple[float, LinkInfo]] = {}
        self._lock = threading.Lock()

    def get(self, session_maker: Any, token: str) -> LinkInfo | None:
        if not public.is_link_token(token):
            return None
        now = time.monotonic()
        with self._lock:
            hit = self._found.get(token)
        with session_maker() as session:
            if hit is not None and now - hit[0] < self.ttl:
                # The token's own row is read every time: a link switched off stops at once.
                row = session.get(PublicToken, token)
                return hit[1] if row is not None and row.active else None
            link = find_link(session, token)
        with self._lock:
            if link is None:
                self._found.pop(token, None)
            else:
                if len(self._found) >= self.size:
                    self._found.clear()
                self._found[token] = (now, link)
        return link


def _categories(session: Session, district_id: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """The district's live categories (the desks' vocabulary), in their order, and their ids."""
    rows = session.execute(
        select(Record.entity_id, Record.data).where(
            Record.district_id == district_id, Record.entity == "category", Record.deleted.is_(False)
        )
    ).all()
    live = [(str(i), d) for i, d in rows if d.get("active", True) and d.get("name")]
    live.sort(key=lambda r: (int(r[1].get("sort_order") or 0), str(r[1]["name"])))
    return tuple(str(d["name"]) for _i, d in live), {str(d["name"]): i for i, d in live}


# -- a submission ----------------------------------------------------------------------------------


def _server_change(
    session: Session,
    *,
    change_id: str,
    entity: str,
    entity_id: str,
    op: str,
    fields: dict[str, Any],
    district_id: str,
    station_id: str,
) -> None:
    session.add(
        Change(
            id=change_id,
            desk_id=None,
            entity=entity,
            entity_id=entity_id,
            op=op,
            fields=fields,
            operator_id=None,
            at=utcnow().isoformat(),
            district_id=district_id,
            station_id=station_id,
        )
    )


def submit(session: Session, link: LinkInfo, draft: SubmissionDraft, photos: list[Photo]) -> str:
    """Store a checked submission and its photos; the tracking code. The caller commits."""
    from desk_server.services.sync import lock_for_push

    submission_id = str(uuid.uuid4())
    code = public.new_tracking_code()
    while session.get(PublicTicket, code) is not None:  # 1 in 10^14: but never two alike
        code = public.new_tracking_code()
    data: dict[str, Any] = {
        "station_id": link.station_id,
        "link_id": link.link_id,
        "deputy_id": link.deputy_id,
        "code": code,
        "submitted_at": china_now().isoformat(),
        "matter": draft.matter,
        "category": draft.category,
        "category_id": link.category_ids.get(draft.category) if draft.category else None,
        "place": draft.place,
        "phone": draft.phone,
        "name": draft.name,
        "photo_count": len(photos),
        "state": SubmissionState.PENDING.value,
        "reject_reason": "",
        "case_id": None,
        "decided_at": None,
        "decided_by": None,
        "online_verdict": "",
        "online_words": "",
        "rated_at": None,
    }
    rows: list[tuple[str, str, dict[str, Any], str | None]] = [
        ("public_submission", submission_id, data, None)
    ]
    for seq, photo in enumerate(photos, start=1):
        rows.append(
            (
                "public_photo",
                str(uuid.uuid4()),
                {
                    "station_id": link.station_id,
                    "submission_id": submission_id,
                    "seq": seq,
                    "jpeg": photo.b64(),
                    "width": photo.width,
                    "height": photo.height,
                },
                submission_id,
            )
        )
    session.add(
        PublicTicket(
            code=code, submission_id=submission_id, district_id=link.district_id, station_id=link.station_id
        )
    )
    change_ids = [str(uuid.uuid4()) for _ in rows]
    for (entity, entity_id, values, parent), change_id in zip(rows, change_ids, strict=True):
        session.add(
            Record(
                entity=entity,
                entity_id=entity_id,
                district_id=link.district_id,
                station_id=link.station_id,
                data=values,
                # Stamped at the start of time: a desk's decision on it always wins its fields,
                # whatever the desk's clock says (the server's own fields are never pushed).
                meta={"*": [SERVER_MADE_AT, "server", change_id]},
                deleted=False,
                parent_id=parent,
                owner_station_id=None,
            )
        )
    session.flush()
    # The changes last, under the seq lock held to the commit (as a push and a repair do).
    lock_for_push(session)
    for (entity, entity_id, values, _parent), change_id in zip(rows, change_ids, strict=True):
        _server_change(
            session,
            change_id=change_id,
            entity=entity,
            entity_id=entity_id,
            op="insert",
            fields=values,
            district_id=link.district_id,
            station_id=link.station_id,
        )
    session.flush()
    return code


class SubmissionWriter:
    """Group commit of submissions: one writer thread per server process takes every submission
    waiting (up to `batch`) and stores them in one transaction, one commit.

    Each commit of the embedded SQLite file is an fsync (synchronous=FULL: an answered citizen's
    submission survives a power cut); committing each submission on its own capped the server at
    one fsync per submission. Under load, submissions that arrive while a commit runs go together
    in the next. Each is written in a savepoint of its own: one that fails is answered with its
    error and the others are stored."""

    def __init__(self, session_maker: Any, batch: int = 200) -> None:
        self.session_maker = session_maker
        self.batch = batch
        self._queue: queue.Queue[tuple[LinkInfo, SubmissionDraft, list[Photo], Future[str]] | None] = (
            queue.Queue()
        )
        self._thread = threading.Thread(target=self._run, name="public-submissions", daemon=True)
        self._thread.start()

    def submit(self, link: LinkInfo, draft: SubmissionDraft, photos: list[Photo]) -> Future[str]:
        done: Future[str] = Future()
        self._queue.put((link, draft, photos, done))
        return done

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        from desk_server.db import begin_write

        while True:
            first = self._queue.get()
            if first is None:
                return
            jobs = [first]
            while len(jobs) < self.batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)
                    break
                jobs.append(more)
            results: list[tuple[Future[str], str | BaseException]] = []
            try:
                with self.session_maker() as session:
                    begin_write(session)
                    for link, draft, photos, done in jobs:
                        try:
                            with session.begin_nested():
                                results.append((done, submit(session, link, draft, photos)))
                        except Exception as exc:  # noqa: BLE001 - answered to that request alone
                            results.append((done, exc))
                    session.commit()
            except Exception as exc:  # noqa: BLE001 - the commit failed: every request is told
                for _link, _draft, _photos, done in jobs:
                    done.set_exception(exc)
                continue
            for done, result in results:
                if isinstance(result, BaseException):
                    done.set_exception(result)
                else:
                    done.set_result(result)


# -- tracking ----------------------------------------------------------------------------------------


def _children(session: Session, entity: str, parent_id: str) -> list[dict[str, Any]]:
    return [
        dict(d)
        for d in session.execute(
            select(Record.data).where(
                Record.entity == entity, Record.parent_id == parent_id, Record.deleted.is_(False)
            )
        ).scalars()
    ]


def find_submission(session: Session, code: str) -> Record | None:
    code = public.normalize_code(code)
    if not public.is_tracking_code(code):
        return None
    ticket = session.get(PublicTicket, code)
    if ticket is None:
        return None
    return session.get(Record, ("public_submission", ticket.submission_id))


def progress(session: Session, code: str) -> public.Progress | None:
    rec = find_submission(session, code)
    if rec is None:
        return None
    data = rec.data
    reception = None
    referrals: list[dict[str, Any]] = []
    callbacks: list[dict[str, Any]] = []
    units: dict[str, str] = {}
    case_id = data.get("case_id")
    if isinstance(case_id, str):
        case = session.get(Record, ("reception", case_id))
        if case is not None and not case.deleted and case.station_id == rec.station_id:
            reception = case.data
            referrals = _children(session, "referral", case_id)
            callbacks = _children(session, "callback", case_id)
            for unit_id in {str(r.get("handling_unit_id") or "") for r in referrals} - {""}:
                unit = session.get(Record, ("handling_unit", unit_id))
                if unit is not None:
                    units[unit_id] = str(unit.data.get("name") or "")
    station = session.get(Record, ("station", rec.station_id)) if rec.station_id else None
    return public.progress(
        code=public.normalize_code(code),
        submission=data,
        reception=reception,
        referrals=referrals,
        callbacks=callbacks,
        unit_names=units,
        shows=public.PageShows.of_station(station.data if station is not None else None),
    )


def rate(session: Session, code: str, verdict: str, words: str) -> bool:
    """Record the citizen's online evaluation (once, after the unit's reply); False when it may not
    be given now. It is stored beside the callback and never changes the case."""
    rec = find_submission(session, code)
    if rec is None:
        return False
    shown = progress(session, code)
    if shown is None or not shown.rateable:
        return False
    values = {
        "online_verdict": verdict,
        "online_words": public.clean_text(words),
        "rated_at": china_now().isoformat(),
    }
    from desk_server.services.sync import lock_district

    lock_district(session, rec.district_id)
    session.refresh(rec)
    if rec.data.get("online_verdict"):
        return False
    update_fields(session, rec, values)
    return True
