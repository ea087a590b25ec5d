"""Staff: add, edit, deactivate; every change audited against the person who made it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from attendance_desk.services import staff
from attendance_desk.services.staff import StaffError
from attendance_desk.store.models import AuditEntry


def audit(store) -> list[AuditEntry]:
    with store.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.entity == "staff").order_by(AuditEntry.id)))


def test_first_person_is_recorded_as_adding_themselves(store) -> None:
    first = staff.add_staff(store, None, name="  Pat   Office ", position="Office manager")
    assert first.name == "Pat Office" and first.active and first.role_label == "Office staff"
    assert audit(store)[0].staff_id == first.id


def test_edit_and_deactivate_are_audited_and_inactive_staff_are_listed_last(store) -> None:
    pat = staff.add_staff(store, None, name="Pat")
    jo = staff.add_staff(store, pat.id, name="Jo", role="attendance_lead", email="jo@example.invalid")
    staff.update_staff(store, pat.id, jo.id, name="Jo Smith", position="Lead", role="attendance_lead", email="")
    staff.set_active(store, pat.id, jo.id, False)
    assert [m.name for m in staff.list_staff(store)] == ["Pat", "Jo Smith"]
    assert [m.name for m in staff.list_staff(store, include_inactive=False)] == ["Pat"]
    rows = audit(store)
    assert [r.action for r in rows] == ["create", "create", "update", "update"]
    assert rows[2].before == {"email": "jo@example.invalid", "name": "Jo", "position": ""}
    assert rows[3].after == {"active": False} and all(r.staff_id == pat.id for r in rows[1:])


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"name": " "}, "name"), ({"name": "A", "role": "janitor"}, "role"), ({"name": "A", "email": "x y"}, "email")],
)
def test_bad_staff_details_are_refused(store, kwargs, field) -> None:
    with pytest.raises(StaffError) as caught:
        staff.add_staff(store, None, **kwargs)
    assert caught.value.field == field
    assert staff.list_staff(store) == []


def test_nobody_can_deactivate_themselves(store) -> None:
    pat = staff.add_staff(store, None, name="Pat")
    with pytest.raises(StaffError, match="yourself"):
        staff.set_active(store, pat.id, pat.id, False)
