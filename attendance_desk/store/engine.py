"""The SQLAlchemy engine (the local SQLite file, or the school's PostgreSQL server) and the :class:`Store`.

SQLite needs three things set on every connection: foreign keys on (off by default), WAL so that readers do not
block the writer, and a busy timeout so that the CLI and the app can share the file. The pysqlite driver also
opens transactions implicitly and commits DDL on its own; we switch that off and emit ``BEGIN`` ourselves
(SQLAlchemy's documented recipe), so that one import really is one transaction.

PostgreSQL (psycopg 3) needs none of that: its transactions are explicit and DDL is transactional. Connections
are checked before use (``pool_pre_ping``) so that a server restarted overnight does not fail the first click of
the morning, and a connection attempt gives up after a few seconds instead of hanging the window.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from attendance_desk.store.errors import install_error_sentences

# Each running app names its server connections uniquely, so that change notices (store.notify) it wrote itself
# can be told from other PCs' (the triggers put the writer's application_name in each notice).
INSTANCE_NAME = f"Attendance Desk {uuid.uuid4().hex[:12]}"
# How long a connection waits for another copy's write to finish before giving up; the environment variable
# shortens it for tests of the "database busy" message.
BUSY_TIMEOUT_MS = int(os.environ.get("ATTENDANCE_DESK_BUSY_TIMEOUT_MS", "10000"))
WRITE_OPTION = "attendance_desk_write"
CONNECT_TIMEOUT_S = 5


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see module docstring)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A write transaction takes SQLite's write lock at once (BEGIN IMMEDIATE), so a second process waits its
        # turn (busy timeout) instead of failing with "database is locked" when its read snapshot turns out to be
        # stale at the first write. Reads stay deferred so they never hold up a writer.
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def normalise_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` (as DBAs write them) mean psycopg 3 here, never psycopg2."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str | URL) -> Engine:
    if isinstance(url, str):
        url = normalise_url(url)
    # hide_parameters: an error's text never carries the row being written (names, addresses) to a message or log.
    if make_url(url).get_backend_name() == "postgresql":
        engine = create_engine(
            url,
            hide_parameters=True,
            pool_pre_ping=True,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": INSTANCE_NAME},
        )
        install_error_sentences(engine, describe_url(url if isinstance(url, str) else url.render_as_string()))
    else:
        engine = create_engine(url, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def describe_url(url: str) -> str:
    """Where a database is, for messages and logs: never the password."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database)
    host = parsed.host or (parsed.query.get("host") or "the local socket")
    port = f":{parsed.port}" if parsed.port else ""
    return f"database “{parsed.database}” on {host}{port}"


@dataclass
class Store:
    """An open database: the engine and a session factory. Cheap to pass around; one per process."""

    engine: Engine
    data_dir: Path
    database_file: Path | None
    passphrase: str | None = field(default=None, repr=False)  # set for an SQLCipher-encrypted school

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        from attendance_desk.store.chain import install  # the chain needs the models; the engine does not

        install(self._sessions)

    @property
    def on_server(self) -> bool:
        """True on the school's PostgreSQL server (several PCs at once), False on this PC's SQLite file."""
        return self.engine.dialect.name == "postgresql"

    @property
    def location(self) -> str:
        return describe_url(self.engine.url.render_as_string(hide_password=True))

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on any exception.

        A versioned row that someone else changed in the meantime (see :mod:`store.versioning`) is refused with
        :class:`~attendance_desk.store.versioning.EditConflictError`, and nothing is written.
        """
        try:
            with self._sessions() as session, session.begin():
                write: dict[str, Any] = {WRITE_OPTION: True}
                session.connection(execution_options=write)  # BEGIN IMMEDIATE on SQLite
                yield session
        except StaleDataError as exc:
            from attendance_desk.store.versioning import conflict_from_stale

            raise conflict_from_stale(exc) from exc

    def dispose(self) -> None:
        self.engine.dispose()
