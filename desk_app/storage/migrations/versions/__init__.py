"""Alembic revisions of the desk database; the head is read from these files (desk_app.migrating)."""
