"""Opening the store: find the file, make the engine, migrate (backup first), ensure the settings row."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from attendance_desk.paths import database_path, protect_data_dir, resolve_data_dir
from attendance_desk.store.chain import start_chain
from attendance_desk.store.encryption import (
    PASSPHRASE_ENV,
    EncryptionError,
    check_passphrase,
    encrypted_url,
    is_encrypted,
    passphrase_for,
)
from attendance_desk.store.engine import Store, make_engine, sqlite_url
from attendance_desk.store.migrate import upgrade_database
from attendance_desk.store.models import SchoolSettings


def open_store(data_dir: str | Path | None = None, *, url: str | None = None, passphrase: str | None = None) -> Store:
    """Open (creating or upgrading as needed) the database in ``data_dir``, or at ``url`` when given.

    An encrypted school needs its passphrase: ``passphrase``, else $ATTENDANCE_DESK_PASSPHRASE, else this PC's
    keyring; without it :class:`EncryptionError` says so and nothing is touched.
    """
    folder = resolve_data_dir(data_dir)
    protect_data_dir(folder)
    database_file = None if url else database_path(folder)
    key: str | None = None
    if database_file is not None and is_encrypted(folder):
        key = passphrase_for(folder, passphrase)
        if key is None:
            raise EncryptionError(
                f"This school's database is encrypted: give its passphrase (set {PASSPHRASE_ENV}, or sign in "
                "from the app, which asks for it)."
            )
        check_passphrase(database_file, key)
        engine = make_engine(encrypted_url(database_file, key))
    else:
        engine = make_engine(url or sqlite_url(database_file))  # type: ignore[arg-type]
    try:
        upgrade_database(engine, database_file, folder, passphrase=key)
    except BaseException:
        engine.dispose()
        raise
    store = Store(engine=engine, data_dir=folder, database_file=database_file, passphrase=key)
    with store.transaction() as session:
        start_chain(session)
        if session.scalar(select(SchoolSettings).where(SchoolSettings.id == 1)) is None:
            session.add(SchoolSettings(id=1))
    return store
