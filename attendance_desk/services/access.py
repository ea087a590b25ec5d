"""The one check every service makes before a restricted read or write: :func:`require`.

The rules are in ``domain.access``; here we look up the roles the acting staff member holds (their main role in
``staff.role`` plus any in ``staff_roles``) and refuse with a sentence naming who can do it. Plain SELECTs only,
so it behaves the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission, Role, allowed, parse_roles, who_can
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Staff, StaffRoleGrant


class PermissionRefused(PermissionError):
    """The signed-in staff member may not do this; the message says who can."""

    def __init__(self, permission: Permission, message: str) -> None:
        super().__init__(message)
        self.permission = permission


def roles_in(session: Session, staff_id: int | None) -> frozenset[Role]:
    """The roles an active staff member holds (none for an unknown or inactive one).

    One query (the main role beside each extra grant): this check sits in front of every read of pupils' records,
    some of them on the paths the speed figures measure."""
    if staff_id is None:
        return frozenset()
    rows = session.execute(
        select(Staff.role, StaffRoleGrant.role)
        .outerjoin(StaffRoleGrant, StaffRoleGrant.staff_id == Staff.id)
        .where(Staff.id == staff_id, Staff.active.is_(True))
    ).all()
    if not rows:
        return frozenset()
    return parse_roles([rows[0][0], *(extra for _main, extra in rows if extra is not None)])


def roles_of(store: Store, staff_id: int | None) -> frozenset[Role]:
    with store.session() as session:
        return roles_in(session, staff_id)


def require(where: Store | Session, actor_id: int | None, permission: Permission) -> None:
    """Raise :class:`PermissionRefused` unless ``actor_id`` holds a role granting ``permission``."""
    if isinstance(where, Store):
        with where.session() as session:
            roles = roles_in(session, actor_id)
    else:
        roles = roles_in(where, actor_id)
    if not allowed(roles, permission):
        if actor_id is None:
            raise PermissionRefused(permission, f"Please sign in first. {who_can(permission)}")
        raise PermissionRefused(permission, who_can(permission))


def can(store: Store, actor_id: int | None, permission: Permission) -> bool:
    """For the UI: whether to show an action at all (the service still checks)."""
    return allowed(roles_of(store, actor_id), permission)
