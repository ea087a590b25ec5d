"""Failures on the server back end are sentences, and nothing is half-written."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from attendance_desk.cli import main
from attendance_desk.store.connection import DATABASE_URL_ENV, BadDatabaseUrlError, check_server_url
from attendance_desk.store.engine import Store
from attendance_desk.store.errors import ConnectionLostError, ServerLoginError, ServerUnreachableError
from attendance_desk.store.models import Staff
from attendance_desk.store.open import open_store
from tests.helpers import postgres


def _url(**changes: object) -> str:
    return make_url(os.environ[DATABASE_URL_ENV]).set(**changes).render_as_string(hide_password=False)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_server_that_is_not_there_is_explained(data_dir: Path) -> None:
    url = f"postgresql+psycopg://desk:secret@127.0.0.1:{_closed_port()}/attendance_desk"
    with pytest.raises(ServerUnreachableError) as raised:
        open_store(data_dir, url=url)
    message = str(raised.value)
    assert message.startswith("Attendance Desk cannot reach the school's server (database “attendance_desk” on ")
    assert "Nothing has been changed" in message and "secret" not in message


@pytest.mark.postgresql_only
def test_a_wrong_password_is_explained_without_showing_it(data_dir: Path) -> None:
    with pytest.raises(ServerLoginError, match="refused the user name or password") as raised:
        open_store(data_dir, url=_url(password="not-the-password"))
    assert "not-the-password" not in str(raised.value)


@pytest.mark.postgresql_only
def test_a_missing_database_is_explained(data_dir: Path) -> None:
    with pytest.raises(ServerLoginError, match="The school's server has no database “no_such_school”"):
        open_store(data_dir, url=_url(database="no_such_school"))


@pytest.mark.postgresql_only
def test_the_command_line_says_it_in_one_line(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "--database-url", _url(password="nope"), "verify"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("attendance-desk: The school's server") and "Traceback" not in error
    assert error.count("\n") == 1


@pytest.mark.postgresql_only
def test_the_network_lost_mid_save_keeps_nothing_and_the_next_save_works(store: Store) -> None:
    admin = postgres.admin_engine()
    try:
        with pytest.raises(ConnectionLostError, match="was lost part-way through"), store.transaction() as session:
            session.add(Staff(name="Half Written"))
            session.flush()
            pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
            with admin.connect() as connection:  # the cable is pulled
                connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            session.add(Staff(name="Second Half"))
            session.flush()
    finally:
        admin.dispose()
    with store.transaction() as session:  # a fresh connection, without a restart
        session.add(Staff(name="After The Fault"))
    with store.session() as session:
        assert session.scalars(select(Staff.name).order_by(Staff.id)).all() == ["After The Fault"]
        assert session.scalar(select(func.count()).select_from(Staff)) == 1


def test_addresses_that_cannot_be_a_server_are_refused_with_an_example() -> None:
    for bad, why in (
        ("mysql://u:p@host/db", "must be PostgreSQL"),
        ("postgresql://u:p@host", "names no database"),
        ("not a url", "not a database address"),
    ):
        with pytest.raises(BadDatabaseUrlError, match=why):
            check_server_url(bad)
    assert check_server_url("postgres://u:p@host/db") == "postgresql+psycopg://u:p@host/db"
