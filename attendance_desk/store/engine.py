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

from sqlalchemy import Connection, Engine, create_engine, event
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
# A write transaction whose caller checks some tables' foreign keys itself, once for a whole load (see
# Store.transaction): SQLite then checks no foreign key row by row until the transaction ends.
BULK_LOAD_OPTION = "attendance_desk_bulk_load"
_FOREIGN_KEYS_OFF = "attendance_desk_foreign_keys_off"
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
        options = connection.get_execution_options()
        if options.get(BULK_LOAD_OPTION):
            # The pragma is ignored inside a transaction, so it is set just before BEGIN; the connection gets it
            # back when it returns to the pool, whatever happened in between (below).
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.info[_FOREIGN_KEYS_OFF] = True
        connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE_OPTION) else "BEGIN")

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection: Any, record: Any) -> None:
        # After the pool's own rollback of whatever was left open, so outside any transaction.
        if record.info.pop(_FOREIGN_KEYS_OFF, False) and dbapi_connection is not None:
            dbapi_connection.execute("PRAGMA foreign_keys=ON")


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
    def transaction(self, *, bulk_load: tuple[str, ...] = ()) -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on any exception.

        A versioned row that someone else changed in the meantime (see :mod:`store.versioning`) is refused with
        :class:`~attendance_desk.store.versioning.EditConflictError`, and nothing is written.

        ``bulk_load``: tables (a year of marks) whose foreign keys the caller checks itself, once for the whole
        load, before leaving the block. On SQLite, checking each of 585,000 rows' pupil and import as it goes in
        is a fifth of the load, and the caller already knows them (it read them under this transaction's write
        lock, which no other writer can change). Every other table is still checked, with
        ``PRAGMA foreign_key_check`` before the commit, and a violation rolls everything back
        (:class:`ForeignKeyViolation`). PostgreSQL ignores it (its bulk load drops and re-adds the constraints).
        """
        try:
            with self._sessions() as session, session.begin():
                write: dict[str, Any] = {WRITE_OPTION: True}
                sqlite_bulk = bool(bulk_load) and self.engine.dialect.name == "sqlite"
                if sqlite_bulk:
                    write[BULK_LOAD_OPTION] = True
                session.connection(execution_options=write)  # BEGIN IMMEDIATE on SQLite
                yield session
                if sqlite_bulk:
                    session.flush()
                    check_foreign_keys(session, skip=bulk_load)
        except StaleDataError as exc:
            from attendance_desk.store.versioning import conflict_from_stale

            raise conflict_from_stale(exc) from exc

    def dispose(self) -> None:
        self.engine.dispose()


def foreign_keys_deferred(connection: Connection) -> bool:
    """True inside a bulk load on SQLite (``Store.transaction(bulk_load=...)``): rows written now are not checked
    one by one, so the caller checks the keys of its bulk tables itself."""
    return bool(connection.info.get(_FOREIGN_KEYS_OFF))


class ForeignKeyViolation(RuntimeError):
    """A row points at a row that does not exist (found by :func:`check_foreign_keys`); the transaction is rolled
    back. A defect in the program, never the user's input: the message names the table, not the row's data."""


def check_foreign_keys(session: Session, *, skip: tuple[str, ...] = ()) -> None:
    """SQLite: every table's foreign keys checked as a whole (``PRAGMA foreign_key_check``), but for ``skip``."""
    connection = session.connection()
    tables = [name for (name,) in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )]  # fmt: skip
    for name in tables:
        if name in skip:
            continue
        broken = connection.exec_driver_sql(f'PRAGMA foreign_key_check("{name}")').first()
        if broken is not None:
            raise ForeignKeyViolation(f"a row of {name} points at a missing row of {broken[2]}; nothing was saved")
