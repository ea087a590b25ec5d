"""Change notices from the school's server (PostgreSQL ``LISTEN``/``NOTIFY``).

Triggers (migration 0010_server) send ``<table> <application_name>`` on :data:`CHANNEL` when a transaction that
changed one of the shared tables commits. :class:`ChangeListener` holds one extra connection that only listens;
:meth:`ChangeListener.wait` blocks for up to ``timeout`` seconds and returns the tables other PCs changed (this
app's own notices are skipped: its screens already refreshed). On SQLite there is nothing to listen to.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine

from attendance_desk.store.engine import INSTANCE_NAME
from attendance_desk.store.errors import ConnectionLostError, sentence_for

log = logging.getLogger(__name__)
CHANNEL = "attendance_desk"


def parse_notice(payload: str) -> tuple[str, str]:
    """(table, writer's application name) from a notice's payload."""
    table, _, writer = payload.partition(" ")
    return table, writer


def _quoted(value: object) -> str:
    """A libpq keyword value: single-quoted, with backslashes and quotes escaped."""
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


class ChangeListener:
    """A dedicated listening connection to the server. Not thread-safe: one thread calls :meth:`wait`."""

    def __init__(self, engine: Engine) -> None:
        if engine.dialect.name != "postgresql":
            raise ValueError("only the PostgreSQL back end sends change notices")
        url = engine.url
        parts: dict[str, object] = {"host": url.host, "port": url.port, "dbname": url.database, "user": url.username}
        parts |= {"password": url.password, **dict(url.query)}  # sslmode and friends ride in the query
        # Built field by field (libpq quotes them), never pasted into a URI: a password may hold any character.
        self._conninfo = " ".join(f"{key}={_quoted(value)}" for key, value in parts.items() if value is not None)
        self._where = engine.url.render_as_string(hide_password=True)
        self._connection: Any = None

    def _connect(self) -> Any:
        import psycopg

        from attendance_desk.store.engine import CONNECT_TIMEOUT_S

        connection = psycopg.connect(
            self._conninfo,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name=f"{INSTANCE_NAME} listening",
        )
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def wait(self, timeout: float) -> set[str]:
        """The tables other PCs changed, waiting up to ``timeout`` seconds for the first; raises
        :class:`~attendance_desk.store.errors.StoreError` when the server cannot be reached (call again later)."""
        import psycopg

        try:
            if self._connection is None:
                self._connection = self._connect()
            notices = list(self._connection.notifies(timeout=timeout, stop_after=1))
            if notices:  # a transaction's notices arrive together: take the rest of the burst too
                notices += self._connection.notifies(timeout=0.05)
            changed = {
                table for table, writer in map(parse_notice, (n.payload for n in notices)) if writer != INSTANCE_NAME
            }
            return changed
        except psycopg.Error as exc:
            self.close()
            raise sentence_for(exc, self._where) or ConnectionLostError(str(exc)) from exc

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:  # already broken: nothing more to release
                log.debug("listening connection already closed")
            self._connection = None
