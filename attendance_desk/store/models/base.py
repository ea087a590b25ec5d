"""Declarative base, naming convention and shared column types."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, ColumnElement, DateTime, Index, MetaData, TextClause
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.schema import CreateIndex
from sqlalchemy.sql.compiler import DDLCompiler
from sqlalchemy.types import TypeDecorator

# Constraint names are fixed so that Alembic batch migrations on SQLite and PostgreSQL agree.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always returned timezone-aware.

    SQLite keeps no zone; PostgreSQL would keep one. Normalising here means both back ends give the same value.
    Display converts to Europe/London.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None) if dialect.name == "sqlite" else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


def declare_tables_of(*modules: str) -> None:
    """Declare the tables of these feature modules (``"pupils"``, ``"school"``…), for a module whose foreign keys
    point at them: SQLAlchemy must find every table a foreign key names when it sorts a flush."""
    for module in modules:
        importlib.import_module(f"attendance_desk.store.models.{module}")


_PARTIAL = "partial_index_where"  # Index.info key: the condition of a partial index


def partial_index(name: str, *columns: Any, where: ColumnElement[bool] | TextClause, unique: bool = False) -> Index:
    """An index of the rows matching ``where`` only, on SQLite and PostgreSQL alike.

    Spelt once here rather than with ``sqlite_where=`` and ``postgresql_where=``: SQLAlchemy imports a dialect to
    check its keyword arguments, and PostgreSQL's (with its four drivers) cost every command about 20 ms of start-up
    on the PCs that never use a server. The condition is added to ``CREATE INDEX`` below, as the dialects do it."""
    return Index(name, *columns, unique=unique, info={_PARTIAL: where})


@compiles(CreateIndex)
def _create_index(create: CreateIndex, compiler: DDLCompiler, **kw: Any) -> str:
    statement: str = compiler.visit_create_index(create, **kw)  # type: ignore[no-untyped-call]
    where = create.element.info.get(_PARTIAL)
    if where is None:
        return statement
    return f"{statement} WHERE {compiler.sql_compiler.process(where, include_table=False, literal_binds=True)}"
