"""School settings: validation, save and reload, audit rows with who changed what."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from decimal import Decimal

import pytest
from sqlalchemy import select

from attendance_desk.services import school
from attendance_desk.services.school import SchoolDetails, SettingsError
from attendance_desk.store.models import AuditEntry, Staff
from tests.helpers.accounts import admin

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


def actor(store) -> int:
    with store.transaction() as session:
        member = Staff(name="Pat", role="admin")
        session.add(member)
        session.flush()
        return member.id


def test_defaults_are_the_national_thresholds(store) -> None:
    details = school.load_school(store)
    assert (details.at_risk_above_percent, details.persistent_from_percent, details.severe_from_percent) == (
        Decimal(5),
        Decimal(10),
        Decimal(50),
    )
    assert details.register_close_time == time(9, 0) and not details.is_set_up


def test_save_trims_reloads_and_audits_only_changes(store) -> None:
    who = actor(store)
    details = replace(school.load_school(store), name="  Oak Primary ", logo_image=PNG, lessons_per_day=6)
    saved = school.save_school(store, who, details)
    assert saved.name == "Oak Primary"
    again = school.load_school(store)
    assert (again.name, again.logo_image, again.lessons_per_day) == ("Oak Primary", PNG, 6)
    school.save_school(store, who, again)  # nothing changed: no new audit row
    with store.session() as session:
        rows = list(session.scalars(select(AuditEntry).where(AuditEntry.entity == "school_settings")))
    assert len(rows) == 1 and rows[0].staff_id == who and rows[0].entity == "school_settings"
    assert rows[0].after == {"lessons_per_day": 6, "logo_image": f"<{len(PNG)} bytes>", "name": "Oak Primary"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": " "}, "name", "name is needed"),
        ({"lessons_per_day": 0}, "lessons_per_day", "between 1 and 12"),
        ({"persistent_from_percent": Decimal(60)}, "persistent_from_percent", "must rise"),
        ({"severe_from_percent": Decimal(101)}, "severe_from_percent", "between 0 and 100"),
        ({"at_risk_above_percent": "abc"}, "at_risk_above_percent", "not a number"),
        ({"logo_image": b"GIF89a"}, "logo_image", "PNG or JPEG"),
        ({"signature_image": JPEG + b"\x00" * school.MAX_IMAGE_BYTES}, "signature_image", "larger than 2 MB"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(store, change, field, message) -> None:
    details = replace(SchoolDetails(name="Oak"), **change)
    with pytest.raises(SettingsError, match=message) as caught:
        school.save_school(store, admin(store), details)
    assert caught.value.field == field
    assert school.load_school(store).name == ""


def test_image_kind() -> None:
    assert school.image_kind(PNG) == "PNG" and school.image_kind(JPEG) == "JPEG"
    assert school.image_kind(b"%PDF-1.4") is None
