"""Partial indexes are declared once (``store.models.base.partial_index``) and made with their condition on both
back ends: the index the app builds again after a big load is the one the migrations made."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.schema import CreateIndex

from attendance_desk.store.engine import Store
from attendance_desk.store.models import Base, load_all

PARTIAL = {"ix_marks_late": "code IN ('L', 'U')", "uq_staff_active_name": "active"}


def _index(name: str):  # type: ignore[no-untyped-def]
    load_all()
    return next(index for table in Base.metadata.tables.values() for index in table.indexes if index.name == name)


def test_each_partial_index_keeps_its_condition_as_the_database_has_it(store: Store) -> None:
    for name, condition in PARTIAL.items():
        made = str(CreateIndex(_index(name)).compile(dialect=store.engine.dialect))
        assert f" WHERE {condition}" in made, made
        with store.engine.connect() as connection:
            if store.on_server:
                stored = connection.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"), {"n": name})
            else:
                stored = connection.execute(text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": name})
            definition = str(stored.scalar_one())
        assert " WHERE " in definition and condition.split(" ")[0] in definition, definition


def test_an_ordinary_index_has_no_condition(store: Store) -> None:
    made = str(CreateIndex(_index("ix_marks_date_code")).compile(dialect=store.engine.dialect))
    assert "WHERE" not in made
