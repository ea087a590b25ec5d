"""The school's own settings: who the school is (letterhead), and how it counts attendance.

Every save records one audit row with what changed (images are recorded by their size, not their bytes).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import time
from decimal import Decimal, InvalidOperation

from attendance_desk.domain.access import Permission
from attendance_desk.domain.thresholds import BandThresholds
from attendance_desk.services.access import require
from attendance_desk.store.audit import record_change, snapshot
from attendance_desk.store.engine import Store
from attendance_desk.store.models import SchoolSettings
from attendance_desk.store.versioning import claim_edit

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MIN_LESSONS_PER_DAY = 1
MAX_LESSONS_PER_DAY = 12
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"


class SettingsError(ValueError):
    """A value the user entered that cannot be saved; ``field`` names the setting so the form can point at it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class SchoolDetails:
    name: str = ""
    urn: str = ""
    la_name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    head_teacher: str = ""
    attendance_lead: str = ""
    logo_image: bytes | None = None
    signature_image: bytes | None = None
    lessons_per_day: int = 5
    register_close_time: time = time(9, 0)
    at_risk_above_percent: Decimal = Decimal(5)
    persistent_from_percent: Decimal = Decimal(10)
    severe_from_percent: Decimal = Decimal(50)

    @property
    def thresholds(self) -> BandThresholds:
        return BandThresholds(self.at_risk_above_percent, self.persistent_from_percent, self.severe_from_percent)

    @property
    def is_set_up(self) -> bool:
        """True once the school has a name (the first-run choice has been made)."""
        return bool(self.name.strip())


_FIELDS = tuple(f.name for f in fields(SchoolDetails))


def image_kind(data: bytes) -> str | None:
    """ "PNG" or "JPEG" when ``data`` starts like one (what letters can print), else None."""
    if data.startswith(_PNG_MAGIC):
        return "PNG"
    if data.startswith(_JPEG_MAGIC):
        return "JPEG"
    return None


def _to_percent(field: str, value: object) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise SettingsError(field, f"'{value}' is not a number") from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise SettingsError(field, "a percentage must be between 0 and 100")
    return number.quantize(Decimal("0.01"))


def validate(details: SchoolDetails) -> SchoolDetails:
    """Check every value; return the cleaned details or raise :class:`SettingsError`."""
    cleaned = replace(
        details,
        **{f: getattr(details, f).strip() for f in _FIELDS if isinstance(getattr(details, f), str)},
        at_risk_above_percent=_to_percent("at_risk_above_percent", details.at_risk_above_percent),
        persistent_from_percent=_to_percent("persistent_from_percent", details.persistent_from_percent),
        severe_from_percent=_to_percent("severe_from_percent", details.severe_from_percent),
    )
    if not cleaned.name:
        raise SettingsError("name", "The school's name is needed: it heads every letter.")
    if not MIN_LESSONS_PER_DAY <= cleaned.lessons_per_day <= MAX_LESSONS_PER_DAY:
        raise SettingsError(
            "lessons_per_day", f"Lessons per day must be between {MIN_LESSONS_PER_DAY} and {MAX_LESSONS_PER_DAY}."
        )
    if not (cleaned.at_risk_above_percent <= cleaned.persistent_from_percent <= cleaned.severe_from_percent):
        raise SettingsError(
            "persistent_from_percent",
            "The thresholds must rise: at risk ≤ persistent absence ≤ severe absence.",
        )
    for field, label in (("logo_image", "logo"), ("signature_image", "signature")):
        data = getattr(cleaned, field)
        if data is None:
            continue
        if len(data) > MAX_IMAGE_BYTES:
            raise SettingsError(field, f"The {label} image is larger than 2 MB; please use a smaller copy.")
        if image_kind(data) is None:
            raise SettingsError(field, f"The {label} must be a PNG or JPEG image.")
    return cleaned


def load_school(store: Store) -> SchoolDetails:
    with store.session() as session:
        row = session.get(SchoolSettings, 1)
        if row is None:
            return SchoolDetails()
        return SchoolDetails(**{f: getattr(row, f) for f in _FIELDS})


def load_school_for_editing(store: Store) -> tuple[SchoolDetails, int]:
    """The details and their edit version, read together: a form keeps the version and hands it to
    :func:`save_school`, so that a save over someone else's newer one is refused."""
    with store.session() as session:
        row = session.get(SchoolSettings, 1)
        if row is None:
            return SchoolDetails(), 0
        return SchoolDetails(**{f: getattr(row, f) for f in _FIELDS}), row.version


def save_school(
    store: Store, actor_id: int | None, details: SchoolDetails, expected_version: int | None = None
) -> SchoolDetails:
    """Validate and save; records who changed what. Returns the saved details.

    With ``expected_version`` (what the form loaded), a save over someone else's newer one is refused with who
    changed the settings and when (:class:`~attendance_desk.store.versioning.EditConflictError`).
    """
    require(store, actor_id, Permission.SCHOOL_SETTINGS)
    cleaned = validate(details)
    with store.transaction() as session:
        row = session.get(SchoolSettings, 1)
        if row is None:
            row = SchoolSettings(id=1)
            session.add(row)
            session.flush()
        before = snapshot(row, _FIELDS)
        claim_edit(session, row, expected_version, actor_id)
        for name, value in asdict(cleaned).items():
            setattr(row, name, value)
        after = snapshot(row, _FIELDS)
        if before != after:
            record_change(
                session,
                actor_id=actor_id,
                action="update",
                entity="school_settings",
                entity_id=1,
                before=before,
                after=after,
            )
    return cleaned
