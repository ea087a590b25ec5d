"""Failures of the database and the data folder, each as one sentence the office can act on.

SQLite reports a locked file, a full disk, a read-only folder and a damaged file as ``OperationalError`` or
``DatabaseError`` whose text names the cause; SQLAlchemy wraps them and (unless ``hide_parameters``) appends the
row being written, which may hold names and addresses. So a message here is built from the *kind* of failure
only, never from the exception's text, and carries no personal data. The command line prints it with exit status
1; the app shows it in a dialog.

On the school's PostgreSQL server the driver reports failures in its own words ("connection refused", "password
authentication failed for user…", "server closed the connection unexpectedly"). :func:`install_error_sentences`
hooks a server engine so that each reaches services and screens as a :class:`StoreError` (a
:class:`StoreProblem`) whose message says what happened, whether anything was saved, and what to do, never the
password. The original error stays chained for the log.
"""

from __future__ import annotations

import errno
import re
import sqlite3
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError


class StoreProblem(Exception):
    """The database or the data folder cannot be used; the message says why and what to do."""


class DatabaseRefused(StoreProblem):
    """The database file is missing, empty, not a database, damaged, or not one of ours. Nothing was changed."""


class DatabaseBusy(StoreProblem):
    pass


BUSY = (
    "another copy of Attendance Desk or another import is using the database; wait for it to finish and try "
    "again (nothing was changed)"
)
DISK_FULL = "the disk holding the data folder is full; free some space and try again (nothing half-written was kept)"
READ_ONLY = (
    "the data folder or the database file cannot be written to (it is read-only, or this Windows account may not "
    "change it); ask whoever looks after the computer to give write access, then try again"
)
DAMAGED = (
    "the database file is damaged; nothing was changed. Restore the latest backup (attendance-desk restore, or "
    "Settings › Backup in the app) into a new data folder"
)
DISK_ERROR = (
    "the database file could not be read or written (a disk input/output error): the disk may be full, removed "
    "or failing. Free some space or check the disk and try again; if it keeps happening, restore the latest backup "
    "into a new data folder"
)


def _sqlite_text(exc: BaseException) -> str:
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(original, sqlite3.Error):
        return " ".join(str(arg) for arg in original.args).casefold()
    return ""


def describe_failure(exc: BaseException) -> str | None:
    """A sentence for a known failure of the store or the file system, or None for anything else."""
    if isinstance(exc, StoreProblem):
        return str(exc)
    text = _sqlite_text(exc)
    if text:
        if "locked" in text or "busy" in text:
            return BUSY
        if "disk is full" in text or "database or disk is full" in text:
            return DISK_FULL
        if "readonly" in text or "read-only" in text or "unable to open" in text or "access permission" in text:
            return READ_ONLY
        if "disk i/o" in text:
            return DISK_ERROR
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            return DAMAGED
        return None
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return DISK_FULL
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return READ_ONLY
    return None


def is_busy(exc: BaseException) -> bool:
    return describe_failure(exc) == BUSY


# --- the school's server (PostgreSQL) ------------------------------------------------------------------------


class StoreError(StoreProblem):
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
