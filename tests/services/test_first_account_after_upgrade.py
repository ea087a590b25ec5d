"""A school upgraded from a version without passwords has staff rows but nobody who can sign in: the first person
makes the administrator's account, exactly once."""

from __future__ import annotations

import pytest

from attendance_desk.domain.access import Role
from attendance_desk.services.accounts import create_first_account, needs_first_account, sign_in
from attendance_desk.services.staff import StaffError
from attendance_desk.store.engine import Store
from tests.helpers.accounts import staff_with


def test_staff_without_passwords_let_the_first_account_be_made_once(store: Store) -> None:
    staff_with(store, "Old Head", "head")  # as the previous release left them: no password
    staff_with(store, "Old Office", "office")
    assert needs_first_account(store)
    member = create_first_account(store, name="New Admin", password="long-enough-1")
    signed_in = sign_in(store, member.id, "long-enough-1")
    assert signed_in.member.id == member.id and Role.ADMIN in signed_in.roles
    assert not needs_first_account(store)
    with pytest.raises(StaffError, match="already has accounts"):
        create_first_account(store, name="Someone Else", password="long-enough-2")
