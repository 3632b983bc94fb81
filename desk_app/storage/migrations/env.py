"""Alembic environment of the desk database, shipped inside the package.

The connection is handed in by desk_app.storage.migrate (config.attributes["connection"]), so an
installed or frozen desk upgrades itself without an alembic.ini. `render_as_batch` because SQLite
cannot ALTER most things; batch mode copies the table instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, event

from desk_app.storage import coltypes, textindex
from desk_app.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _include_object(obj, name, type_, reflected, compare_to):
    # The full-text index and its shadow tables are made by hand in the migrations.
    return not (type_ == "table" and name.startswith("reception_fts"))


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        url = config.get_main_option("sqlalchemy.url")
        assert url, "the Alembic config names no database (sqlalchemy.url)"
        engine = create_engine(url)
        event.listen(engine, "connect", lambda dbapi_conn, _record: textindex.register_functions(dbapi_conn))
        event.listen(engine, "connect", lambda dbapi_conn, _record: coltypes.register_functions(dbapi_conn))
        with engine.connect() as connection:
            _run(connection)
        return
    _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=_include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
