"""Opening the store: find the database, make the engine, migrate (backup first), ensure the settings row."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url

from attendance_desk.paths import database_path, resolve_data_dir
from attendance_desk.store.connection import chosen_database_url
from attendance_desk.store.engine import Store, make_engine, sqlite_url
from attendance_desk.store.migrate import upgrade_database
from attendance_desk.store.models import SchoolSettings


def open_store(data_dir: str | Path | None = None, *, url: str | None = None) -> Store:
    """Open (creating or upgrading as needed) the database this PC uses (see :mod:`store.connection`).

    ``url`` overrides the choice (``--database-url``); ``sqlite:///FILE`` forces a particular SQLite file.
    """
    folder = resolve_data_dir(data_dir)
    chosen = chosen_database_url(folder, url)
    if chosen is None:
        database_file: Path | None = database_path(folder)
        chosen = sqlite_url(database_file)  # type: ignore[arg-type]
    elif make_url(chosen).get_backend_name() == "sqlite":
        database_file = Path(make_url(chosen).database or "")
    else:
        database_file = None
    engine = make_engine(chosen)
    try:
        upgrade_database(engine, database_file, folder)
        store = Store(engine=engine, data_dir=folder, database_file=database_file)
        with store.transaction() as session:
            if session.scalar(select(SchoolSettings).where(SchoolSettings.id == 1)) is None:
                session.add(SchoolSettings(id=1))
                session.flush()
    except BaseException:
        engine.dispose()
        raise
    return store
