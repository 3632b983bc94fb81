"""Slip serial numbers: blocks that never overlap, above every number a pushed slip carries."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desk_server.errors import ApiError
from desk_server.models import Desk, SerialBlock, SerialCounter
from desk_server.services.sync import lock_for_push


def grant_block(*, session: Session, desk: Desk, year: int, size: int) -> SerialBlock:
    if desk.station_id is None:
        raise ApiError(403, "not_a_station_desk", "Only a station's desk numbers slips.")
    # The push lock also guards the counter: a push raising it and a grant never interleave.
    lock_for_push(session)
    counter = session.get(SerialCounter, (desk.station_id, year))
    if counter is None:
        counter = SerialCounter(station_id=desk.station_id, year=year, next_free=1)
        session.add(counter)
    first = counter.next_free
    counter.next_free = first + size
    block = SerialBlock(station_id=desk.station_id, year=year, first=first, last=first + size - 1,
                        desk_id=desk.id)
    session.add(block)
    session.flush()
    return block
