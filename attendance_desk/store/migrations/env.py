"""Alembic environment: runs inside the app on a connection it is handed (never from an alembic.ini)."""

from __future__ import annotations

from alembic import context

from attendance_desk.store.models import Base, load_all

load_all()  # the whole schema, for comparisons

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through attendance_desk.store.migrate, which supplies the connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite's ALTER TABLE is limited; batch mode rebuilds tables where needed
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
