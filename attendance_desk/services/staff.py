"""Staff members: who can be chosen at start-up, and whom every change is recorded against.

Staff are never deleted (the audit log points at them); someone who leaves is made inactive.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission, Role
from attendance_desk.domain.vocabulary import StaffRole
from attendance_desk.services.access import require
from attendance_desk.store.audit import record_change, snapshot
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Staff, StaffRoleGrant

_FIELDS = ("name", "position", "role", "email", "active")


class StaffError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: int
    name: str
    position: str
    role: str
    email: str
    active: bool

    @property
    def role_label(self) -> str:
        return StaffRole.label_for(self.role)


def member_of(row: Staff) -> StaffMember:
    return StaffMember(row.id, row.name, row.position, row.role, row.email, row.active)


_member = member_of


def _check_unique(session: Session, name: str, staff_id: int | None) -> None:
    """Names are unique among active staff, whatever the case (the database refuses exact repeats too)."""
    query = select(Staff.id).where(Staff.active.is_(True), func.lower(Staff.name) == name.lower())
    if staff_id is not None:
        query = query.where(Staff.id != staff_id)
    if session.scalar(query.limit(1)) is not None:
        raise StaffError("name", f"There is already an active staff member called {name}; add an initial or a role.")


def _check(name: str, role: str, email: str) -> tuple[str, str]:
    name = " ".join(name.split())
    if not name:
        raise StaffError("name", "Please enter the staff member's name.")
    if role not in StaffRole:
        raise StaffError("role", f"'{role}' is not a known role.")
    email = email.strip()
    if email and ("@" not in email or " " in email):
        raise StaffError("email", f"'{email}' does not look like an email address.")
    return name, email


def list_staff(store: Store, *, include_inactive: bool = True) -> list[StaffMember]:
    with store.session() as session:
        query = select(Staff).order_by(Staff.active.desc(), func.lower(Staff.name))
        if not include_inactive:
            query = query.where(Staff.active.is_(True))
        return [_member(row) for row in session.scalars(query)]


def get_staff(store: Store, staff_id: int) -> StaffMember | None:
    with store.session() as session:
        row = session.get(Staff, staff_id)
        return _member(row) if row else None


def add_staff(
    store: Store,
    actor_id: int | None,
    *,
    name: str,
    position: str = "",
    role: str = StaffRole.OFFICE,
    email: str = "",
    first_account: bool = False,
) -> StaffMember:
    """Add a staff member (administrators only). The very first person on a new database needs no sign-in, is
    recorded as their own actor and is an administrator whatever their main role. ``first_account``: the caller
    has checked that nobody can sign in yet (a school upgraded from a version without passwords has staff rows
    but no way in), so this person is the first too."""
    name, email = _check(name, role, email)
    with store.transaction() as session:
        first = first_account or session.scalar(select(func.count()).select_from(Staff)) == 0
        if not first:
            require(session, actor_id, Permission.MANAGE_STAFF)
        _check_unique(session, name, None)
        row = Staff(name=name, position=position.strip(), role=role, email=email, active=True)
        session.add(row)
        session.flush()
        if first and role != Role.ADMIN.value:
            session.add(StaffRoleGrant(staff_id=row.id, role=Role.ADMIN.value))
        record_change(
            session,
            actor_id=actor_id if actor_id is not None else row.id,
            action="create",
            entity="staff",
            entity_id=row.id,
            after=snapshot(row, _FIELDS),
        )
        return _member(row)


def update_staff(
    store: Store, actor_id: int | None, staff_id: int, *, name: str, position: str, role: str, email: str
) -> StaffMember:
    name, email = _check(name, role, email)
    with store.transaction() as session:
        require(session, actor_id, Permission.MANAGE_STAFF)
        row = session.get(Staff, staff_id)
        if row is None:
            raise StaffError("name", "That staff member no longer exists.")
        if row.active:
            _check_unique(session, name, staff_id)
        before = snapshot(row, _FIELDS)
        row.name, row.position, row.role, row.email = name, position.strip(), role, email
        after = snapshot(row, _FIELDS)
        if before != after:
            record_change(
                session,
                actor_id=actor_id,
                action="update",
                entity="staff",
                entity_id=row.id,
                before=before,
                after=after,
            )
        return _member(row)


def set_active(store: Store, actor_id: int | None, staff_id: int, active: bool) -> StaffMember:
    """Deactivate (or reactivate) a staff member. The current user cannot deactivate themselves."""
    if not active and staff_id == actor_id:
        raise StaffError("active", "You cannot deactivate yourself; ask a colleague to do it.")
    with store.transaction() as session:
        require(session, actor_id, Permission.MANAGE_STAFF)
        row = session.get(Staff, staff_id)
        if row is None:
            raise StaffError("active", "That staff member no longer exists.")
        if active and not row.active:
            _check_unique(session, row.name, staff_id)
        if row.active != active:
            before = snapshot(row, _FIELDS)
            row.active = active
            record_change(
                session,
                actor_id=actor_id,
                action="update",
                entity="staff",
                entity_id=row.id,
                before=before,
                after=snapshot(row, _FIELDS),
            )
        return _member(row)
