"""SQLite storage of the desk: SQLAlchemy 2 models, sessions, Alembic migrations and the store."""
