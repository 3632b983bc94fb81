"""Slip serial numbers: blocks that never overlap, above every number a pushed slip carries; the
register that accounts for every number (`desk-server serials register`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.numbering import CENTRE_SEQ_BASE
from desk_server.models import Change, Desk, SerialBlock, SerialCounter, SerialUsed, utcnow
from desk_server.services.sync import lock_district


def grant_block(*, session: Session, desk: Desk, year: int, size: int) -> SerialBlock:
    # A district centre's desk numbers in the centre's series (issue 13; domain.numbering), one
    # counter per district, kept under the district's id above CENTRE_SEQ_BASE.
    series = desk.station_id if desk.station_id is not None else desk.district_id
    # The district's lock also guards the counter: a push raising it and a grant never interleave
    # (a grant draws no change seq: it does not need the seq lock).
    lock_district(session, desk.district_id)
    counter = session.get(SerialCounter, (series, year))
    if counter is None:
        start = 1 if desk.station_id is not None else CENTRE_SEQ_BASE + 1
        counter = SerialCounter(station_id=series, year=year, next_free=start)
        session.add(counter)
    first = counter.next_free
    counter.next_free = first + size
    block = SerialBlock(station_id=series, year=year, first=first, last=first + size - 1, desk_id=desk.id)
    session.add(block)
    session.flush()
    return block


# -- the register ----------------------------------------------------------------------------------

USED, UNUSED, GRANTED, SKIPPED = "used", "unused", "granted", "skipped"


@dataclass(frozen=True, slots=True)
class RegisterLine:
    number: int
    status: str  # used | unused (空号) | granted | skipped
    referral_id: str | None  # the slip that carries it (used)
    desk_id: str | None  # the desk that held its block, else the one that pushed the slip
    desk_name: str


def register(
    *, session: Session, station_id: str, year: int, today: date | None = None
) -> list[RegisterLine]:
    """Every slip number of a station and year up to the highest one given out, accounted for:

    - used: a slip the server received carries it (the slip's id; the desk whose block held it,
      or, numbered by a desk before it enrolled, the desk that pushed it);
    - unused (空号): granted in a block and never used, and never to be: the year is over, the desk
      was revoked, or its desk has used a later number of its blocks (desks use them in order);
    - granted: in a block a desk still holds and may still use;
    - skipped: never granted nor used (numbers skipped at a server restore, or left by a desk
      numbering on its own before it enrolled).
    """
    today = today or utcnow().date()
    blocks = list(
        session.scalars(
            select(SerialBlock)
            .where(SerialBlock.station_id == station_id, SerialBlock.year == year)
            .order_by(SerialBlock.first)
        )
    )
    used = dict(
        session.execute(
            select(SerialUsed.seq, SerialUsed.referral_id).where(
                SerialUsed.station_id == station_id, SerialUsed.year == year
            )
        ).all()
    )
    pushed_by = (
        dict(
            session.execute(
                select(Change.entity_id, Change.desk_id).where(
                    Change.entity == "referral",
                    Change.op == "insert",
                    Change.entity_id.in_(list(used.values()) or [""]),
                )
            ).all()
        )
        if used
        else {}
    )
    desks = {d.id: d for d in session.scalars(select(Desk))}
    holder: dict[int, str] = {}
    for block in blocks:
        for n in range(block.first, block.last + 1):
            holder[n] = block.desk_id
    # The highest number each desk has used from its blocks: below it, its unused numbers are 空号.
    highest_used: dict[str, int] = {}
    for n in used:
        if n in holder:
            highest_used[holder[n]] = max(highest_used.get(holder[n], 0), n)
    counter = session.get(SerialCounter, (station_id, year))
    top = max([counter.next_free - 1 if counter else 0, *used, *holder])
    lines = []
    for n in range(1, top + 1):
        desk_id = holder.get(n) or (pushed_by.get(used[n]) if n in used else None)
        desk = desks.get(desk_id or "")
        name = desk.name if desk else ""
        if n in used:
            status = USED
        elif desk_id is None:
            status = SKIPPED
        elif year < today.year or (desk and desk.revoked_at) or highest_used.get(desk_id, 0) > n:
            status = UNUSED
        else:
            status = GRANTED
        lines.append(RegisterLine(n, status, used.get(n), desk_id, name))
    return lines
