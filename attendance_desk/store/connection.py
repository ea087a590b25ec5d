"""Which database this PC uses: its own SQLite file (the default) or the school's PostgreSQL server.

The choice, in order: ``--database-url`` on the command line, then ``ATTENDANCE_DESK_DATABASE_URL``, then the
server saved for this PC (first-run screen or Settings › "This PC uses the school's server", kept in
``<data>/server.json``, readable by this user only since it holds the password), then the server IT preset when
installing (``server`` in ``attendance_desk.ini``, see :func:`attendance_desk.paths.install_settings`), else the
SQLite file in the data folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from attendance_desk.paths import install_settings
from attendance_desk.store.engine import normalise_url

DATABASE_URL_ENV = "ATTENDANCE_DESK_DATABASE_URL"
SERVER_FILENAME = "server.json"


class BadDatabaseUrlError(ValueError):
    """A database address that is not a PostgreSQL URL we can use."""


def server_file(data_dir: Path) -> Path:
    return data_dir / SERVER_FILENAME


def check_server_url(url: str) -> str:
    """``url`` normalised to psycopg 3, or :class:`BadDatabaseUrlError` with a sentence saying what is wrong."""
    url = normalise_url(url.strip())
    example = "postgresql+psycopg://desk_user:password@server-name/attendance_desk"
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise BadDatabaseUrlError(f"That is not a database address. It should look like {example}.") from exc
    if parsed.get_backend_name() != "postgresql":
        raise BadDatabaseUrlError(f"The school's server must be PostgreSQL, with an address like {example}.")
    if not parsed.database:
        raise BadDatabaseUrlError(f"The address names no database; it should end with its name, as in {example}.")
    return url


def saved_server_url(data_dir: Path) -> str | None:
    try:
        data = json.loads(server_file(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url else None


def save_server_url(data_dir: Path, url: str | None) -> None:
    """Remember the server for this PC (None: go back to this PC's own file). Written atomically, mode 0600."""
    target = server_file(data_dir)
    if url is None:
        target.unlink(missing_ok=True)
        return
    partial = target.with_name(target.name + ".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"url": check_server_url(url)}, handle)
    os.replace(partial, target)


def chosen_database_url(data_dir: Path, explicit: str | None = None) -> str | None:
    """The server URL this PC should use, or None for the SQLite file in ``data_dir``."""
    # Last, the server IT preset when installing (/SERVER=, in attendance_desk.ini beside the program).
    preset = install_settings().get("server")
    for candidate in (explicit, os.environ.get(DATABASE_URL_ENV), saved_server_url(data_dir), preset):
        if candidate:
            return normalise_url(candidate) if candidate.startswith("sqlite") else check_server_url(candidate)
    return None
