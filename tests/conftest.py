"""Shared fixtures: offscreen Qt, a fresh store on a temporary database, synthetic pupils.

``--backend=sqlite|postgresql|both`` chooses the database every test runs on (default: both when
``ATTENDANCE_DESK_TEST_DATABASE_URL`` names a test server, else sqlite). On SQLite each test gets a copy of a
file migrated once per run; on PostgreSQL it gets the session's database, emptied, and
``ATTENDANCE_DESK_DATABASE_URL`` points at it, so every ``open_store`` in the test, the CLI's included, uses it.
The UI suite runs on SQLite only (see ``UI_TESTS``): it copies prepared SQLite files, and what it checks is the
widgets, not the database.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before any Qt import: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("ATTENDANCE_DESK_DATA_DIR", None)

from attendance_desk.paths import database_path
from attendance_desk.store.connection import DATABASE_URL_ENV
from attendance_desk.store.engine import Store, make_engine, sqlite_url
from attendance_desk.store.migrate import head_revision, upgrade_database
from attendance_desk.store.open import open_store
from tests.helpers import postgres

DATA = Path(__file__).parent / "data"
UI_TESTS = Path(__file__).parent / "ui"
BACKENDS = ("sqlite", "postgresql")
_REGISTERS_DATABASE = pytest.StashKey[str]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        choices=("sqlite", "postgresql", "both"),
        default=None,
        help="database back end for the tests (default: both when ATTENDANCE_DESK_TEST_DATABASE_URL is set)",
    )


def chosen_backends(config: pytest.Config) -> tuple[str, ...]:
    choice = config.getoption("--backend") or ("both" if postgres.server_url() else "sqlite")
    if choice != "sqlite" and not postgres.server_url():
        raise pytest.UsageError(
            f"--backend={choice} needs a test server: start one with scripts/pg-test-server and set "
            f"{postgres.TEST_URL_ENV} (./dev.sh test does both)"
        )
    return BACKENDS if choice == "both" else (choice,)


REGISTERS_URL_ENV = "ATTENDANCE_DESK_TEST_POSTGRES"  # tests/store/test_registers_postgres.py: an empty database


def pytest_configure(config: pytest.Config) -> None:
    # The registers' PostgreSQL test wants an empty database of its own (it creates and drops every table): give it
    # one on the test server, so that it runs wherever the rest of the suite runs on PostgreSQL.
    if postgres.server_url() and not os.environ.get(REGISTERS_URL_ENV):
        admin = postgres.admin_engine()
        name = postgres.fresh_name("ad_registers")
        os.environ[REGISTERS_URL_ENV] = postgres.create_database(admin, name)
        config.stash[_REGISTERS_DATABASE] = name
        admin.dispose()
    config.addinivalue_line("markers", "sqlite_only: the test is about the SQLite file itself")
    config.addinivalue_line("markers", "postgresql_only: the test needs the PostgreSQL server")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_backend" not in metafunc.fixturenames:
        return
    backends = chosen_backends(metafunc.config)
    if Path(str(metafunc.definition.path)).is_relative_to(UI_TESTS):
        backends = tuple(b for b in backends if b == "sqlite") or ("sqlite",)
    if metafunc.definition.get_closest_marker("sqlite_only"):
        backends = ("sqlite",)
    elif metafunc.definition.get_closest_marker("postgresql_only"):
        backends = ("postgresql",)
    metafunc.parametrize("database_backend", backends, indirect=True, scope="function")


def pytest_unconfigure(config: pytest.Config) -> None:
    name = config.stash.get(_REGISTERS_DATABASE, None)
    if name:
        admin = postgres.admin_engine()
        postgres.drop_database(admin, name)
        admin.dispose()
        os.environ.pop(REGISTERS_URL_ENV, None)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str | None]:
    """The session's test database on the server, migrated to head (None when no test server is configured)."""
    if not postgres.server_url():
        yield None
        return
    admin = postgres.admin_engine()
    name = postgres.fresh_name("ad_session")
    url = postgres.create_database(admin, name)
    engine = make_engine(url)
    upgrade_database(engine, None, Path("."))
    engine.dispose()
    yield url
    postgres.drop_database(admin, name)
    admin.dispose()


@pytest.fixture(autouse=True)
def database_backend(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, postgres_database: str | None
) -> Iterator[str]:
    """The back end this run of the test uses; on PostgreSQL, the emptied session database, named in the
    environment so that every ``open_store`` finds it."""
    backend = getattr(request, "param", "sqlite")
    if backend != "postgresql":
        monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
        yield backend
        return
    if postgres_database is None:
        pytest.skip(f"needs a PostgreSQL test server ({postgres.TEST_URL_ENV})")
    postgres.empty_database(postgres_database, head_revision())
    monkeypatch.setenv(DATABASE_URL_ENV, postgres_database)
    yield backend


@pytest.fixture(autouse=True)
def _no_real_data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A command run without --data-dir uses a throwaway folder, never the real user data folder of this machine."""
    monkeypatch.setenv("ATTENDANCE_DESK_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database brought to the newest schema once per run (running every migration takes a while)."""
    folder = tmp_path_factory.mktemp("migrated")
    open_store(folder, url=sqlite_url(database_path(folder))).dispose()
    return database_path(folder)


@pytest.fixture
def store(data_dir: Path, migrated_database: Path) -> Iterator[Store]:
    """A migrated, empty store on a temporary file (a file, not :memory:, so worker threads see it too), copied
    from the run's migrated database; opening it still checks the schema is current."""
    shutil.copy(migrated_database, database_path(data_dir))
    opened = open_store(data_dir)
    yield opened
    opened.dispose()
