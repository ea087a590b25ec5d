"""Bulk loading on either back end: PostgreSQL's ``COPY`` where the rows are plain values, executemany otherwise.

Measured in ``benchmarks/bench_server.py`` (same run, 585,000 mark-shaped rows, 2026-11-27): ``COPY … FROM
STDIN`` through psycopg 3 took 1.35 s against 13.7 s for psycopg's executemany (0.10×). SQLite has no COPY; its
executemany through the raw driver is already the fast path there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection

_PLACEHOLDERS = {"qmark": "?", "numeric": "?", "format": "%s", "pyformat": "%s"}


def insert_rows(connection: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert plain-valued ``rows`` (ints, text, dates, decimals, None) into ``table`` in the current transaction."""
    column_list = ", ".join(columns)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        if connection.dialect.name == "postgresql":
            with cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join([_PLACEHOLDERS.get(connection.dialect.paramstyle, "?")] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({column_list}) VALUES ({marks})", rows)  # type: ignore[arg-type]
    finally:
        cursor.close()
