"""转12345 on the server (issue 12, docs/open311.md): the Open311 client that forwards desks' cases
to a 12345 platform and brings the work order and the outcome back.

A desk records a forward (`case_forward`, pending). Every `tick` seconds the forwarder (one thread
per server process; on PostgreSQL one process at a time, by an advisory lock):

1. takes every new `case_forward` row into its work list (`open311_forward`);
2. posts each pending one to its partner (`POST requests.json`, form fields from
   domain.forwards.request_fields): on success the row becomes `sent` with the work order (the
   partner's service_request_id); a platform that is down (no connection, timeout, 5xx, 429) is
   tried again after an exponential delay with jitter; a refusal (4xx) makes it `failed`, with
   the partner's words;
3. polls each sent one (`GET requests/{id}.json`) every `poll` seconds: when the partner closes
   it, the row becomes `closed` with the partner's status_notes.

What changes in a `case_forward` row is written as the server's own change (like a repair), so
the station's desks pull it. The work list is in the database: a restart loses nothing (a post
the partner took but whose answer never arrived before a crash is sent again: partners see a
duplicate, never a loss).
"""

from __future__ import annotations

import json
import logging
import random
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desk_app.domain import forwards
from desk_app.domain.forwards import ForwardState, PartnerConfig
from desk_server.db import begin_write
from desk_server.models import Open311Forward, Open311Partner, Record, utcnow
from desk_server.services.own_changes import update_fields

log = logging.getLogger("desk_server.forwarder")
FORWARD_LOCK_KEY = 7_311_012_345  # PostgreSQL advisory lock: one forwarder at a time


@dataclass(frozen=True, slots=True)
class Timing:
    tick: float = 5.0  # seconds between rounds
    retry_first: float = 30.0  # the first delay after a platform was down
    retry_cap: float = 3600.0  # never longer than this
    poll: float = 300.0  # how often a sent request's status is asked
    timeout: float = 15.0  # one HTTP call


class Trouble(Exception):
    """The platform could not be reached or answered 5xx/429: try again later."""


class Refused(Exception):
    """The platform refused the request (4xx): not tried again."""


# -- the Open311 client ------------------------------------------------------------------------


def _call(url: str, *, data: dict[str, str] | None, timeout: float) -> Any:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, method="POST" if data is not None else "GET")
    if body is not None:
        req.add_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as answer:  # noqa: S310 - the admin's URL
            return json.loads(answer.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        words = _error_words(exc)
        if exc.code >= 500 or exc.code == 429:
            raise Trouble(f"HTTP {exc.code}: {words}") from None
        raise Refused(f"HTTP {exc.code}: {words}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise Trouble(str(getattr(exc, "reason", exc)) or type(exc).__name__) from None


def _error_words(exc: urllib.error.HTTPError) -> str:
    try:
        found = json.loads(exc.read().decode("utf-8"))
        return "; ".join(str(e.get("description", "")) for e in found)[:400]
    except Exception:  # noqa: BLE001 - not the spec's error list: the status says enough
        return str(exc.reason)


def post_request(config: PartnerConfig, fields: dict[str, str], timeout: float) -> str:
    """POST requests.json: the service_request_id (the work order)."""
    found = _call(config.base_url.rstrip("/") + "/requests.json", data=fields, timeout=timeout)
    try:
        return str(found[0]["service_request_id"])
    except (KeyError, IndexError, TypeError):
        raise Trouble("the platform's answer has no service_request_id") from None


def get_status(config: PartnerConfig, work_order: str, timeout: float) -> tuple[str, str]:
    """GET requests/{id}.json: (open | closed, status_notes)."""
    query = {"api_key": config.api_key}
    if config.jurisdiction_id:
        query["jurisdiction_id"] = config.jurisdiction_id
    url = (
        f"{config.base_url.rstrip('/')}/requests/{urllib.parse.quote(work_order, safe='')}.json?"
        + urllib.parse.urlencode(query)
    )
    found = _call(url, data=None, timeout=timeout)
    try:
        item = found[0]
        return str(item["status"]), str(item.get("status_notes") or "")
    except (KeyError, IndexError, TypeError):
        raise Trouble("the platform's answer has no status") from None


# -- partners ----------------------------------------------------------------------------------


def config_of(row: Open311Partner) -> PartnerConfig:
    return PartnerConfig(
        name=row.name,
        base_url=row.base_url,
        api_key=row.api_key,
        jurisdiction_id=row.jurisdiction_id,
        service_codes=dict(row.service_codes or {}),
        default_service_code=row.default_service_code,
        send_phone=row.send_phone,
    )


def set_partner(
    session: Session,
    *,
    name: str,
    base_url: str,
    api_key: str,
    jurisdiction_id: str = "",
    service_codes: dict[str, str] | None = None,
    default_service_code: str = "",
    send_phone: bool = False,
) -> Open311Partner:
    if not base_url.startswith(("https://", "http://")):
        raise ValueError("the partner's URL starts with https:// (or http:// on a trusted network)")
    row = session.get(Open311Partner, name)
    if row is None:
        row = Open311Partner(name=name)
        session.add(row)
    row.base_url, row.api_key, row.jurisdiction_id = base_url, api_key, jurisdiction_id
    row.service_codes = dict(service_codes or {})
    row.default_service_code, row.send_phone, row.active = default_service_code, send_phone, True
    session.flush()
    return row


# -- the server's writes into a case_forward row -----------------------------------------------


def _write(session: Session, rec: Record, values: dict[str, Any]) -> None:
    """Set `values` of a `case_forward` row as the server's change (desks pull it)."""
    from desk_server.services.sync import lock_district

    lock_district(session, rec.district_id)
    session.refresh(rec)
    update_fields(session, rec, values)


def _china_now() -> str:
    return (utcnow() + timedelta(hours=8)).replace(microsecond=0).isoformat()


# -- the forwarder -----------------------------------------------------------------------------


class Forwarder:
    def __init__(
        self, session_maker: Any, timing: Timing | None = None, rng: random.Random | None = None
    ) -> None:
        self.sessions = session_maker
        self.timing = timing or Timing()
        self.rng = rng or random.Random()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Forwarder:
        self._thread = threading.Thread(target=self._run, name="open311-forwarder", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.timing.tick):
            try:
                self.run_once()
            except Exception:  # noqa: BLE001 - the next round tries again; the error is logged
                log.exception("open311 forwarder round failed")

    def run_once(self, now: datetime | None = None) -> int:
        """One round; how many forwards were worked on."""
        with self.sessions() as session:
            engine = session.get_bind()
            if engine.dialect.name != "postgresql":
                return self._round(session, now)
            # A session-level lock on a connection of its own, held for the whole round (the
            # session's own transactions come and go around the platform's answers).
            with engine.connect() as lock:
                if not lock.execute(
                    text("SELECT pg_try_advisory_lock(:k)"), {"k": FORWARD_LOCK_KEY}
                ).scalar():
                    return 0
                try:
                    return self._round(session, now)
                finally:
                    lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": FORWARD_LOCK_KEY})
                    lock.commit()

    def _round(self, session: Session, now: datetime | None) -> int:
        self._enlist(session)
        now = now or utcnow()
        due = list(
            session.scalars(
                select(Open311Forward.forward_id).where(
                    Open311Forward.state.in_((ForwardState.PENDING.value, ForwardState.SENT.value)),
                    Open311Forward.next_at <= now,
                )
            )
        )
        session.rollback()
        for forward_id in due:
            self._work(session, forward_id)
        return len(due)

    def _enlist(self, session: Session) -> None:
        known = select(Open311Forward.forward_id)
        new = session.execute(
            select(Record.entity_id, Record.district_id, Record.data).where(
                Record.entity == "case_forward", Record.deleted.is_(False), Record.entity_id.not_in(known)
            )
        ).all()
        session.rollback()
        if not new:
            return
        begin_write(session)
        for entity_id, district_id, data in new:
            if session.get(Open311Forward, entity_id) is None:
                session.add(
                    Open311Forward(
                        forward_id=entity_id,
                        district_id=district_id,
                        partner=str(data.get("partner") or ""),
                        state=str(data.get("state") or ForwardState.PENDING.value),
                        attempts=0,
                        next_at=utcnow(),
                        work_order=str(data.get("work_order") or ""),
                        last_error="",
                        updated_at=utcnow(),
                    )
                )
        session.commit()

    def _work(self, session: Session, forward_id: str) -> None:
        row = session.get(Open311Forward, forward_id)
        rec = session.get(Record, ("case_forward", forward_id))
        if row is None or rec is None:
            session.rollback()
            return
        partner = session.get(Open311Partner, row.partner)
        state, work_order, attempts = row.state, row.work_order, row.attempts
        config = config_of(partner) if partner is not None and partner.active else None
        fields: dict[str, str] = {}
        if config is not None and state == ForwardState.PENDING.value:
            case = session.get(Record, ("reception", str(rec.data.get("reception_id") or "")))
            case_data = dict(case.data) if case is not None else {}
            category = session.get(Record, ("category", str(case_data.get("category_id") or "")))
            category_name = str(category.data.get("name") or "") if category is not None else ""
            fields = forwards.request_fields(config, case_data, category_name)
        session.rollback()  # no transaction is held while the platform is asked

        outcome: dict[str, Any] = {}
        try:
            if config is None:
                raise Trouble(f"no active partner named {row.partner!r} (desk-server open311-partner set)")
            if state == ForwardState.PENDING.value:
                work_order = post_request(config, fields, self.timing.timeout)
                outcome = {
                    "state": ForwardState.SENT.value,
                    "work_order": work_order,
                    "sent_at": _china_now(),
                    "error": "",
                }
            else:
                status, notes = get_status(config, work_order, self.timing.timeout)
                if status == "closed":
                    outcome = {
                        "state": ForwardState.CLOSED.value,
                        "status_notes": notes[:500],
                        "closed_at": _china_now(),
                    }
                elif notes[:500] != str(rec.data.get("status_notes") or ""):
                    outcome = {"status_notes": notes[:500]}
        except Trouble as exc:
            self._later(session, forward_id, attempts + 1, str(exc))
            return
        except Refused as exc:
            if state == ForwardState.PENDING.value:
                outcome = {"state": ForwardState.FAILED.value, "error": str(exc)[:500]}
            else:
                self._later(session, forward_id, attempts + 1, str(exc))
                return
        begin_write(session)
        row = session.get(Open311Forward, forward_id)
        rec = session.get(Record, ("case_forward", forward_id))
        assert row is not None and rec is not None
        if outcome:
            _write(session, rec, outcome)
        row.state = str(outcome.get("state", row.state))
        row.work_order = str(outcome.get("work_order", row.work_order))
        row.attempts, row.last_error = 0, ""
        row.next_at = utcnow() + timedelta(seconds=self.timing.poll)
        row.updated_at = utcnow()
        session.commit()

    def _later(self, session: Session, forward_id: str, attempts: int, error: str) -> None:
        delay = forwards.retry_delay(attempts, self.timing.retry_first, self.timing.retry_cap, self.rng)
        begin_write(session)
        row = session.get(Open311Forward, forward_id)
        if row is not None:
            row.attempts, row.last_error = attempts, error[:500]
            row.next_at = utcnow() + timedelta(seconds=delay)
            row.updated_at = utcnow()
        session.commit()
        log.warning(
            "open311 forward %s: try %d failed (%s); next in %.0f s", forward_id, attempts, error, delay
        )
