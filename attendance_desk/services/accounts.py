"""Staff accounts: passwords (argon2id through argon2-cffi), signing in, pauses after wrong passwords, roles.

Five wrong passwords in a row pause signing in as that person for a minute; the pause is kept in the database so
that restarting the app or the command does not lift it. Every role change and password change is audited (never
the password or its hash).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select

from attendance_desk.domain.access import Permission, Role
from attendance_desk.services.access import require, roles_in
from attendance_desk.services.staff import StaffError, StaffMember, add_staff, member_of
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Staff, StaffRoleGrant, utc_now

MAX_ATTEMPTS = 5
PAUSE = timedelta(minutes=1)
MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()


class SignInRefused(ValueError):
    """Wrong name or password, no password set, or signing in is paused; the message says which."""

    def __init__(self, message: str, paused_until: datetime | None = None) -> None:
        super().__init__(message)
        self.paused_until = paused_until


@dataclass(frozen=True, slots=True)
class SignedIn:
    member: StaffMember
    roles: frozenset[Role]


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError("password", f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    return _hasher.hash(password)


def needs_first_account(store: Store) -> bool:
    """True for a new database: nobody can sign in yet, so the first account (an administrator) is made."""
    with store.session() as session:
        return not session.scalar(select(func.count()).select_from(Staff).where(Staff.password_hash != ""))


def create_first_account(store: Store, *, name: str, password: str, position: str = "", email: str = "") -> StaffMember:
    """The administrator of a new database. Refused once anyone can sign in."""
    if not needs_first_account(store):
        raise StaffError("name", "This school already has accounts; an administrator adds new staff.")
    hashed = hash_password(password)
    member = add_staff(
        store, None, name=name, position=position, role=Role.ADMIN.value, email=email, first_account=True
    )
    with store.transaction() as session:
        row = session.get(Staff, member.id)
        assert row is not None
        row.password_hash = hashed
        record_change(session, actor_id=member.id, action="set-password", entity="staff", entity_id=member.id)
    return member


def sign_in(store: Store, staff_id: int, password: str, *, now: datetime | None = None) -> SignedIn:
    """Check the password; count failures and pause after five. ``now`` is for tests."""
    moment = now or utc_now()
    refusal: SignInRefused | None = None
    with store.transaction() as session:  # a failure is counted (committed) before it is reported
        row = session.get(Staff, staff_id)
        if row is None or not row.active:
            raise SignInRefused("There is no active staff member with that id.")
        if row.sign_in_paused_until is not None and row.sign_in_paused_until > moment:
            seconds = int((row.sign_in_paused_until - moment).total_seconds()) + 1
            raise SignInRefused(
                f"Too many wrong passwords: signing in is paused for {seconds} more seconds.", row.sign_in_paused_until
            )
        if not row.password_hash:
            raise SignInRefused("This account has no password yet; ask an administrator to set one.")
        try:
            _hasher.verify(row.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            row.failed_sign_ins += 1
            if row.failed_sign_ins >= MAX_ATTEMPTS:
                row.failed_sign_ins = 0
                row.sign_in_paused_until = moment + PAUSE
                record_change(session, actor_id=None, action="sign-in-paused", entity="staff", entity_id=row.id)
                message = "That password is not right. After five wrong tries, signing in is paused for a minute."
                refusal = SignInRefused(message, row.sign_in_paused_until)
            else:
                left = MAX_ATTEMPTS - row.failed_sign_ins
                refusal = SignInRefused(f"That password is not right ({left} more tries before a pause).")
        else:
            row.failed_sign_ins, row.sign_in_paused_until = 0, None
            if _hasher.check_needs_rehash(row.password_hash):
                row.password_hash = _hasher.hash(password)
            signed = SignedIn(member_of(row), roles_in(session, row.id))
    if refusal is not None:
        raise refusal
    return signed


def set_password(store: Store, actor_id: int | None, staff_id: int, password: str) -> None:
    """Anyone may change their own password; an administrator may set anyone's."""
    if actor_id != staff_id:
        require(store, actor_id, Permission.MANAGE_STAFF)
    hashed = hash_password(password)
    with store.transaction() as session:
        row = session.get(Staff, staff_id)
        if row is None:
            raise StaffError("password", "That staff member no longer exists.")
        row.password_hash, row.failed_sign_ins, row.sign_in_paused_until = hashed, 0, None
        record_change(session, actor_id=actor_id, action="set-password", entity="staff", entity_id=staff_id)


def _grant(store: Store, actor_id: int | None, staff_id: int, roles: Iterable[Role], *, reason: str) -> None:
    with store.transaction() as session:
        row = session.get(Staff, staff_id)
        if row is None:
            raise StaffError("role", "That staff member no longer exists.")
        before = sorted(session.scalars(select(StaffRoleGrant.role).where(StaffRoleGrant.staff_id == staff_id)))
        wanted = sorted({r.value for r in roles} - {row.role})
        if wanted == before:
            return
        # Through the ORM, so the chain sees each removed grant and keeps its last version.
        for grant in session.scalars(select(StaffRoleGrant).where(StaffRoleGrant.staff_id == staff_id)):
            session.delete(grant)
        session.flush()
        session.add_all(StaffRoleGrant(staff_id=staff_id, role=role) for role in wanted)
        record_change(
            session,
            actor_id=actor_id,
            action="roles",
            entity="staff",
            entity_id=staff_id,
            before={"roles": before},
            after={"roles": wanted},
            reason=reason,
        )


def further_roles(store: Store, staff_id: int) -> frozenset[Role]:
    """The roles held besides the main one."""
    with store.session() as session:
        values = session.scalars(select(StaffRoleGrant.role).where(StaffRoleGrant.staff_id == staff_id))
        return frozenset(Role(v) for v in values if v in set(Role))


def set_roles(store: Store, actor_id: int | None, staff_id: int, roles: Iterable[Role]) -> None:
    """Replace the further roles a staff member holds (administrators only; signing is the head's to delegate)."""
    require(store, actor_id, Permission.MANAGE_STAFF)
    wanted = set(roles) - {Role.SIGNATURE_DELEGATE}
    if Role.SIGNATURE_DELEGATE in further_roles(store, staff_id):
        wanted.add(Role.SIGNATURE_DELEGATE)
    _grant(store, actor_id, staff_id, wanted, reason="")


def delegate_signing(store: Store, actor_id: int | None, staff_id: int, *, allowed: bool, reason: str = "") -> None:
    """The head teacher lets (or stops letting) someone sign with the stored signature; recorded in the audit log."""
    require(store, actor_id, Permission.DELEGATE_SIGNING)
    wanted = set(further_roles(store, staff_id)) - {Role.SIGNATURE_DELEGATE}
    if allowed:
        wanted.add(Role.SIGNATURE_DELEGATE)
    _grant(store, actor_id, staff_id, wanted, reason=reason or "signing delegated by the head teacher")


def idle_lock_minutes(store: Store) -> int:
    """Minutes without a key press or click before the app locks (School settings; 0 turns the lock off)."""
    from attendance_desk.store.models import SchoolSettings

    with store.session() as session:
        settings = session.get(SchoolSettings, 1)
        return settings.idle_lock_minutes if settings is not None else 10
