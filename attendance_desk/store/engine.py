"""The SQLAlchemy engine over the local SQLite file, and the :class:`Store` every service is handed.

SQLite needs three things set on every connection: foreign keys on (off by default), WAL so that readers do not
block the writer, and a busy timeout so that the CLI and the app can share the file. The pysqlite driver also
opens transactions implicitly and commits DDL on its own; we switch that off and emit ``BEGIN`` ourselves
(SQLAlchemy's documented recipe), so that one import really is one transaction.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

# How long a connection waits for another copy's write to finish before giving up; the environment variable
# shortens it for tests of the "database busy" message.
BUSY_TIMEOUT_MS = int(os.environ.get("ATTENDANCE_DESK_BUSY_TIMEOUT_MS", "10000"))


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
        connection.exec_driver_sql("BEGIN")


def make_engine(url: str | URL) -> Engine:
    # hide_parameters: an error's text never carries the row being written (names, addresses) to a message or log.
    engine = create_engine(url, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


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

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on any exception."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
