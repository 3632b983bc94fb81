"""The rows the sync server rekeyed: {old id: the id the row has now} (a category, unit or calendar
day the district already had; a local row merged into a pulled one).

The change log's entries keep the id they were written with; whoever reads their values maps them
(desk_app.sync.engine, `rewrite_id`: a replace() over every unpushed entry's JSON was ~1 s a rekey
at 378k waiting). Apart from changelog.py (the ORM's flush hooks) so that the case view's read
(storage/case_reads.py) reads the map on a Core connection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from desk_app.storage import tables

if TYPE_CHECKING:
    from desk_app.storage.db import Reader

# Setting: the map itself.
K_REKEYED_IDS = "sync.rekeyed_ids"


def rekeyed_ids(reader: Reader) -> dict[str, str]:
    """The map as the read sees it. A session's own `Setting` object, when it has one, is what it
    says (a sync writing the map twice in one transaction: changes not flushed yet included)."""
    if not isinstance(reader, Connection):
        from desk_app.storage.models import Setting

        row = reader.get(Setting, K_REKEYED_IDS)
        return dict((row.value if row is not None else None) or {})
    setting = tables.setting
    value = reader.scalar(select(setting.c.value).where(setting.c.key == K_REKEYED_IDS))
    return dict(value or {})
