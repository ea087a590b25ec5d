"""Throwaway PostgreSQL databases for tests, on the server ``scripts/pg-test-server`` started.

``ATTENDANCE_DESK_TEST_DATABASE_URL`` points at the server's maintenance database. One database is migrated per
session and emptied between tests (:func:`empty_database`): measured here, ``CREATE DATABASE … TEMPLATE`` costs
about 1 s and ``TRUNCATE`` of the 35 tables 0.5–0.7 s (both make new files), while deleting the few rows a test
wrote, with triggers off, costs about 1 ms. Tests that need an empty database of their own (``move-to-server``)
call :func:`create_database`.
"""

from __future__ import annotations

import itertools
import os

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from attendance_desk.store.engine import normalise_url

TEST_URL_ENV = "ATTENDANCE_DESK_TEST_DATABASE_URL"
_counter = itertools.count(1)


def server_url() -> str | None:
    url = os.environ.get(TEST_URL_ENV)
    return normalise_url(url) if url else None


def database_url(name: str) -> str:
    base = server_url()
    assert base, f"{TEST_URL_ENV} is not set"
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def admin_engine() -> Engine:
    base = server_url()
    assert base, f"{TEST_URL_ENV} is not set"
    return create_engine(base, isolation_level="AUTOCOMMIT", pool_size=1)


def fresh_name(prefix: str = "ad_test") -> str:
    return f"{prefix}_{os.getpid()}_{next(_counter)}"


def create_database(admin: Engine, name: str, template: str | None = None) -> str:
    """Create database ``name`` (optionally a copy of ``template``) and return its URL."""
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        suffix = f' TEMPLATE "{template}"' if template else ""
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"{suffix}')
    return database_url(name)


def drop_database(admin: Engine, name: str) -> None:
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def leftover_test_databases(admin: Engine, prefix: str) -> list[str]:
    with admin.connect() as connection:
        rows = connection.execute(text("SELECT datname FROM pg_database WHERE datname LIKE :p"), {"p": prefix + "%"})
        return [row[0] for row in rows]


def empty_database(url: str, head: str) -> None:
    """Back to a freshly migrated state: other connections closed, every row gone, ids from 1, schema at head.

    ``session_replication_role = replica`` switches off triggers for this transaction (the append-only guards and
    the foreign-key checks), which is what lets a test database be emptied; the app never does this.
    """
    engine = create_engine(url, pool_size=1)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            tables = connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
            ).scalars()
            sequences = connection.execute(
                text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")
            ).scalars()
            statements = ["SET LOCAL session_replication_role = replica"]
            statements += [f'DELETE FROM "{table}"' for table in tables]
            statements += [f"SELECT setval('\"{sequence}\"', 1, false)" for sequence in sequences]
            connection.exec_driver_sql("; ".join(statements))
            connection.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
    finally:
        engine.dispose()
