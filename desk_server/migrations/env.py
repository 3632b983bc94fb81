"""Alembic environment of the server database, shipped inside the package.

The connection is handed in by desk_server.db (config.attributes["connection"]); `render_as_batch`
because SQLite cannot ALTER most things.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from desk_server.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        url = config.get_main_option("sqlalchemy.url")
        assert url, "the Alembic config names no database (sqlalchemy.url)"
        engine = create_engine(url)
        with engine.connect() as connection:
            _run(connection)
        return
    _run(connection)


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
