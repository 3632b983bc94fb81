"""Helpers of the sync tests (imported by name: no other test directory has a module of this name)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import text

from desk_app.storage.coltypes import id_value
from desk_app.storage.store import DeskStore

DATA_TABLES = (
    "station",
    "operator",
    "deputy",
    "category",
    "handling_unit",
    "reception",
    "reception_deputy",
    "referral",
    "callback",
    "callback_attempt",
    "chase",
    "extension",
    "case_event",
    "calendar_day",
)


def rows(store: DeskStore, table: str) -> set[str]:
    with store.db.engine.connect() as conn:
        return {id_value(i) for i in conn.execute(text(f"SELECT id FROM {table}")).scalars()}  # type: ignore[misc]


def snapshot(store: DeskStore) -> dict[str, set[str]]:
    """The ids of every synced row, by table: two desks in step have equal snapshots."""
    return {t: rows(store, t) for t in DATA_TABLES}


def pending(store: DeskStore) -> int:
    with store.db.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM change_log WHERE pushed = 0")).scalar_one()


def scalar(store: DeskStore, sql: str, **params: object) -> object:
    with store.db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def fill(desk, n: int = 5) -> list[str]:  # type: ignore[no-untyped-def]
    """n cases through every state a clerk reaches in one day: registered, referred, replied."""
    ids = []
    for i in range(n):
        rid = desk.register(f"第{i}件：小区电梯停运")
        if i % 2 == 0:
            desk.refer(rid)
        if i % 4 == 0:
            desk.reply(rid)
        ids.append(rid)
    return ids


def recording_pushes(desk, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Every change the desk's client sends from now on, as sent."""
    sent: list[dict[str, Any]] = []
    client = desk.engine.client()
    real = client.push

    def push(changes: list[dict[str, Any]]) -> dict[str, Any]:
        sent.extend(json.loads(json.dumps(changes)))
        return real(changes)

    monkeypatch.setattr(client, "push", push)
    return sent
