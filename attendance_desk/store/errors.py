"""Failures of the database and the data folder, each as one sentence the office can act on.

SQLite reports a locked file, a full disk, a read-only folder and a damaged file as ``OperationalError`` or
``DatabaseError`` whose text names the cause; SQLAlchemy wraps them and (unless ``hide_parameters``) appends the
row being written, which may hold names and addresses. So a message here is built from the *kind* of failure
only, never from the exception's text, and carries no personal data. The command line prints it with exit status
1; the app shows it in a dialog.
"""

from __future__ import annotations

import errno
import sqlite3

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
