"""Trying a server address before this PC switches to it, and switching (the choice is kept per PC)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select
from sqlalchemy.engine import URL, make_url

from attendance_desk.store.connection import (
    BadDatabaseUrlError,
    check_server_url,
    chosen_database_url,
    save_server_url,
    saved_server_url,
)
from attendance_desk.store.engine import describe_url, make_engine
from attendance_desk.store.errors import StoreError
from attendance_desk.store.migrate import alembic_config, current_revision
from attendance_desk.store.models import SchoolSettings


@dataclass(frozen=True, slots=True)
class ServerAddress:
    """The parts of a server address as the settings form shows them."""

    host: str = ""
    port: int = 5432
    database: str = "attendance_desk"
    user: str = ""
    password: str = ""
    encrypted: bool = True  # sslmode=require: the recommended setting off the server itself

    def url(self) -> str:
        query = {"sslmode": "require"} if self.encrypted else {}
        built = URL.create(
            "postgresql+psycopg",
            username=self.user.strip() or None,
            password=self.password or None,
            host=self.host.strip() or None,
            port=self.port or None,
            database=self.database.strip() or None,
            query=query,
        )
        return check_server_url(built.render_as_string(hide_password=False))

    @classmethod
    def from_url(cls, url: str) -> ServerAddress:
        parsed = make_url(url)
        return cls(
            host=parsed.host or "",
            port=parsed.port or 5432,
            database=parsed.database or "",
            user=parsed.username or "",
            password=parsed.password or "",
            encrypted=parsed.query.get("sslmode") in ("require", "verify-ca", "verify-full"),
        )


@dataclass(frozen=True, slots=True)
class ServerCheck:
    ok: bool
    message: str


def check_server(url: str) -> ServerCheck:
    """Connect to ``url`` and say what is there, in a sentence. Changes nothing on the server."""
    try:
        url = check_server_url(url)
    except BadDatabaseUrlError as exc:
        return ServerCheck(False, str(exc))
    where = describe_url(url)
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
        if revision is None:
            if inspect(engine).get_table_names():
                return ServerCheck(False, f"{where} holds tables that are not Attendance Desk's; choose another.")
            return ServerCheck(
                True,
                f"Connected to {where}. It is empty: move this school there with `attendance-desk move-to-server`, "
                "or start afresh on it.",
            )
        try:
            ScriptDirectory.from_config(alembic_config()).get_revision(revision)
        except Exception:  # alembic raises several kinds for an unknown revision
            return ServerCheck(
                False, f"{where} was set up by a newer version of Attendance Desk: install that version on this PC."
            )
        with engine.connect() as connection:
            name = connection.execute(select(SchoolSettings.name).where(SchoolSettings.id == 1)).scalar() or ""
        return ServerCheck(True, f"Connected to {where}: it holds {name or 'a school with no name yet'}.")
    except StoreError as exc:
        return ServerCheck(False, str(exc))
    finally:
        engine.dispose()


def current_choice(data_dir: Path) -> str | None:
    """The server this PC uses (its address, password included, for the form), or None for its own file."""
    return saved_server_url(data_dir)


def effective_choice(data_dir: Path) -> str | None:
    """What this PC would open now, including the environment variable."""
    return chosen_database_url(data_dir)


def use_server(data_dir: Path, address: ServerAddress | None) -> None:
    """Keep the choice for this PC: ``None`` goes back to its own database file. Takes effect at the next start."""
    save_server_url(data_dir, address.url() if address is not None else None)
