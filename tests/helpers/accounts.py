"""Staff with the roles a test needs (permissions are checked in the services, so tests act as the right person).

Rows are written directly: these builders set up a scene, they do not test ``services.staff``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from attendance_desk.domain.access import Role
from attendance_desk.services.accounts import hash_password
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Staff, StaffRoleGrant
from attendance_desk.store.open import open_store


def staff_with(store: Store, name: str, *roles: Role | str, password_hash: str = "") -> int:
    """An active staff member called ``name`` holding ``roles`` (the first is their main role)."""
    values = [Role(r).value for r in roles] or [Role.OFFICE.value]
    with store.transaction() as session:
        if session.get_bind().dialect.name == "postgresql":
            # Builders insert staff with explicit ids, which PostgreSQL's sequence does not see: move it past them.
            session.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('staff', 'id'), "
                    "COALESCE((SELECT max(id) FROM staff), 0) + 1, false)"
                )
            )
        row = Staff(name=name, role=values[0], active=True, password_hash=password_hash)
        session.add(row)
        session.flush()
        session.add_all(StaffRoleGrant(staff_id=row.id, role=role) for role in values[1:])
        return row.id


def _named(store: Store, name: str, *roles: Role) -> int:
    with store.session() as session:
        found = session.scalar(select(Staff.id).where(Staff.name == name))
    return found if found is not None else staff_with(store, name, *roles)


def importer(store: Store) -> int:
    """The scheduled-import account (role mis_sync), made the first time it is asked for."""
    return _named(store, "Scheduled import", Role.MIS_SYNC)


def admin(store: Store) -> int:
    """An administrator, made the first time it is asked for."""
    return _named(store, "Ada Admin", Role.ADMIN)


def everyone(store: Store) -> int:
    """One person holding every role (for tests about something else than permissions)."""
    return _named(store, "Alex Allroles", *[r for r in Role if r is not Role.MIS_SYNC])


TEST_PASSWORD = "correct horse battery"


def sign_in_cli(monkeypatch: pytest.MonkeyPatch, data_dir: Path, *roles: Role, name: str = "Cli User") -> int:
    """A staff member with ``roles`` (default: every role but mis_sync) and a password, used by the next commands
    through $ATTENDANCE_DESK_STAFF and $ATTENDANCE_DESK_PASSWORD."""
    store = open_store(data_dir)
    try:
        wanted = roles or tuple(r for r in Role if r is not Role.MIS_SYNC)
        staff_id = staff_with(store, name, *wanted, password_hash=hash_password(TEST_PASSWORD))
    finally:
        store.dispose()
    monkeypatch.setenv("ATTENDANCE_DESK_STAFF", str(staff_id))
    monkeypatch.setenv("ATTENDANCE_DESK_PASSWORD", TEST_PASSWORD)
    return staff_id
