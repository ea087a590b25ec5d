"""The demo school's own details and staff, written in one transaction with an audit row for each change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.domain.vocabulary import StaffRole
from attendance_desk.paths import resource_path
from attendance_desk.services.demo.addresses import reserved_landline
from attendance_desk.services.demo.model import Phase
from attendance_desk.store.audit import record_change, snapshot
from attendance_desk.store.models import SchoolSettings, Staff

DEMO_REASON = "demo school"
# Every demo account signs in with this password; the sign-in screen of the demo school says so (README too).
DEMO_PASSWORD = "demo-school"


@dataclass(frozen=True, slots=True)
class DemoStaffMember:
    name: str
    position: str
    role: str
    email: str


@dataclass(frozen=True, slots=True)
class DemoSchoolDetails:
    name: str
    address: str
    email: str
    website: str
    register_close_time: time
    staff: tuple[DemoStaffMember, ...]

    @property
    def head_teacher(self) -> str:
        return next(s.name for s in self.staff if s.role == StaffRole.HEAD)

    @property
    def attendance_lead(self) -> str:
        return next(s.name for s in self.staff if s.role == StaffRole.ATTENDANCE_LEAD)


def _member(name: str, position: str, role: str) -> DemoStaffMember:
    first, last = name.split(" ", 1)
    local = f"{first[0]}.{last}".lower().replace("’", "").replace(" ", "")
    return DemoStaffMember(name, position, role, f"{local}@example.org")


PRIMARY = DemoSchoolDetails(
    name="Kestleford Primary School",
    address="Mill Lane\nKestleford\nKX2 3AD",
    email="office.kestlefordprimary@example.org",
    website="https://www.example.org/kestleford-primary",
    register_close_time=time(9, 15),  # registers open at 08:45
    staff=(
        _member("Helen Whitworth", "Head teacher", StaffRole.HEAD),
        _member("Daniel Okonkwo", "Deputy head teacher and designated safeguarding lead", StaffRole.DSL),
        _member("Siân Pritchard", "Attendance and family support lead", StaffRole.ATTENDANCE_LEAD),
        _member("Joanne Marsh", "School business manager", StaffRole.ADMIN),
        _member("Kirsty Bailey", "Office administrator", StaffRole.OFFICE),
        _member("Ewa Nowak", "Receptionist", StaffRole.OFFICE),
    ),
)

SECONDARY = DemoSchoolDetails(
    name="Kestleford Academy",
    address="Priory Road\nKestleford\nKX3 3AJ",
    email="office.kestlefordacademy@example.org",
    website="https://www.example.org/kestleford-academy",
    register_close_time=time(9, 0),  # registers open at 08:30
    staff=(
        _member("Richard Ashworth", "Headteacher", StaffRole.HEAD),
        _member("Nazia Iqbal", "Deputy headteacher and designated safeguarding lead", StaffRole.DSL),
        _member("Declan O’Neill", "Deputy designated safeguarding lead", StaffRole.DSL),
        _member("Catrin Evans", "Assistant headteacher: attendance", StaffRole.ATTENDANCE_LEAD),
        _member("Stacey Fletcher", "Attendance officer", StaffRole.OFFICE),
        _member("Magdalena Kowalska", "Attendance officer", StaffRole.OFFICE),
        _member("Paul Hargreaves", "Business manager", StaffRole.ADMIN),
        _member("Amy Turner", "Reception and admissions", StaffRole.OFFICE),
    ),
)


def details_for(phase: Phase) -> DemoSchoolDetails:
    return PRIMARY if phase is Phase.PRIMARY else SECONDARY


def demo_image(name: str) -> bytes:
    """A PNG drawn by ``resources/demo/make_images.py``."""
    return resource_path("demo", name).read_bytes()


def seed_school(session: Session, phase: Phase, actor_id: int | None) -> dict[str, int]:
    """Fill in the school settings and add the staff list. Returns staff ids by role (the first of each role)."""
    details = details_for(phase)
    settings = session.get(SchoolSettings, 1)
    if settings is None:
        settings = SchoolSettings(id=1)
        session.add(settings)
        session.flush()
    before = snapshot(settings)
    settings.name = details.name
    settings.la_name = "Kestleford Borough Council"
    settings.address = details.address
    settings.phone = reserved_landline(0)
    settings.email = details.email
    settings.website = details.website
    settings.head_teacher = details.head_teacher
    settings.attendance_lead = details.attendance_lead
    settings.logo_image = demo_image("logo.png")
    settings.signature_image = demo_image("signature.png")
    settings.lessons_per_day = 5
    settings.register_close_time = details.register_close_time
    session.flush()
    record_change(
        session,
        actor_id=actor_id,
        action="update",
        entity="school_settings",
        entity_id=1,
        before=before,
        after=snapshot(settings),
        reason=DEMO_REASON,
    )
    ids: dict[str, int] = {}
    password_hash = PasswordHasher().hash(DEMO_PASSWORD)
    for member in details.staff:
        # Already here when an earlier demo stopped after this step (an import it could not finish): kept as it is,
        # so trying again works instead of failing on the staff name.
        existing = session.scalar(select(Staff).where(Staff.name == member.name))
        if existing is not None:
            ids.setdefault(member.role, existing.id)
            continue
        row = Staff(
            name=member.name,
            position=member.position,
            role=member.role,
            email=member.email,
            active=True,
            password_hash=password_hash,
        )
        session.add(row)
        session.flush()
        record_change(
            session,
            actor_id=actor_id,
            action="create",
            entity="staff",
            entity_id=row.id,
            after=snapshot(row),
            reason=DEMO_REASON,
        )
        ids.setdefault(member.role, row.id)
    return ids
