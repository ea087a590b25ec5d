"""Database failures as sentences an office can act on.

The PostgreSQL driver reports failures in its own words ("connection refused", "password authentication failed
for user…", "server closed the connection unexpectedly"). :func:`install_error_sentences` hooks the engine so
that every such failure reaches services and screens as a :class:`StoreError` whose message says what happened,
whether anything was saved, and what to do. The original error stays chained for the log.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, event


class StoreError(RuntimeError):
    """A database problem the user can understand; the message is a complete sentence."""


class ServerUnreachableError(StoreError):
    """The server did not answer (down, wrong address, firewall, no network)."""


class ServerLoginError(StoreError):
    """The server answered but refused the user name or password, or the database does not exist."""


class EditConflictError(StoreError):
    """Someone else saved the same record after this screen loaded it; nothing was saved."""


class ConnectionLostError(StoreError):
    """The connection dropped while working; the server rolled the unfinished transaction back."""


UNREACHABLE = re.compile(
    r"connection refused|could not connect|timeout expired|no route to host|network is unreachable|"
    r"could not translate host name|name or service not known|connection timed out|server is not accepting",
    re.IGNORECASE,
)
LOGIN = re.compile(
    r"password authentication failed|no password supplied|role \".*\" does not exist|"
    r"pg_hba\.conf|authentication failed",
    re.IGNORECASE,
)
NO_DATABASE = re.compile(r"database \".*\" does not exist", re.IGNORECASE)
LOST = re.compile(
    r"server closed the connection|terminating connection|connection is lost|the connection is closed|"
    r"consuming input failed|ssl syscall|connection reset|broken pipe|server conn crashed|"
    r"could not receive data|could not send data|connection already closed",
    re.IGNORECASE,
)


def sentence_for(error: BaseException, where: str) -> StoreError | None:
    """The :class:`StoreError` that explains ``error`` (a driver error), or None when it is not a connection one."""
    text = str(error)
    if LOGIN.search(text):
        return ServerLoginError(
            f"The school's server ({where}) refused the user name or password in this PC's connection "
            "settings. Check them with whoever looks after the server (Settings › This PC uses the school's "
            "server); nothing has been changed."
        )
    if NO_DATABASE.search(text):
        return ServerLoginError(
            f"The school's server has no {where}. Check the database name in the connection settings, or create "
            "it (README: Setting up the school's server); nothing has been changed."
        )
    if LOST.search(text):
        return ConnectionLostError(
            f"The connection to the school's server ({where}) was lost part-way through. The server keeps a "
            "change whole or not at all, so nothing half-written was kept: check the network, reload, and do "
            "the last step again if it is not there."
        )
    if UNREACHABLE.search(text):
        return ServerUnreachableError(
            f"Attendance Desk cannot reach the school's server ({where}): it may be switched off, or this PC "
            "may be off the school network. Nothing has been changed; try again when the server is back."
        )
    return None


def install_error_sentences(engine: Engine, where: str) -> None:
    """Turn the driver's connection failures on ``engine`` into :class:`StoreError` sentences."""

    @event.listens_for(engine, "handle_error")
    def _translate(context: Any) -> StoreError | None:
        original = context.original_exception
        if not _is_driver_operational(original):
            return None
        translated = sentence_for(original, where)
        if isinstance(translated, ConnectionLostError):
            context.is_disconnect = True  # throw the dead connection away; the next use makes a fresh one
        return translated


def _is_driver_operational(error: BaseException) -> bool:
    # By class name through the MRO (AdminShutdown, ConnectionTimeout… are OperationalErrors), so that this
    # module does not import the driver.
    names = {cls.__name__ for cls in type(error).__mro__}
    return bool(names & {"OperationalError", "InterfaceError"}) or isinstance(error, (OSError, TimeoutError))
