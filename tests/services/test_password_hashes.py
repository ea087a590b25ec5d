"""Passwords are hashed at one argon2id setting, and a hash made at another (argon2-cffi's default, as the previous
release stored) still signs in and is upgraded to it."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from attendance_desk.services.accounts import SignInRefused, hash_password, sign_in
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Staff
from tests.helpers.accounts import staff_with

PASSWORD = "correct horse battery"


def _parameters(encoded: str) -> str:
    return encoded.split("$")[3]  # "m=19456,t=2,p=1"


def test_the_app_hashes_at_owasps_argon2id_setting() -> None:
    encoded = hash_password(PASSWORD)
    assert encoded.startswith("$argon2id$")
    assert _parameters(encoded) == "m=19456,t=2,p=1"
    assert hash_password(PASSWORD) != encoded, "each hash has its own salt"


def test_an_older_hash_signs_in_and_is_upgraded(store: Store) -> None:
    old = PasswordHasher().hash(PASSWORD)  # argon2-cffi's default: 64 MiB, 3 passes, 4 threads
    staff_id = staff_with(store, "Old Hash", "office", password_hash=old)
    with pytest.raises(SignInRefused):
        sign_in(store, staff_id, "not the password")
    with store.session() as session:
        assert session.get(Staff, staff_id).password_hash == old  # type: ignore[union-attr]  # a wrong try changes nothing
    sign_in(store, staff_id, PASSWORD)
    with store.session() as session:
        upgraded = session.get(Staff, staff_id).password_hash  # type: ignore[union-attr]
    assert upgraded != old and _parameters(upgraded) == "m=19456,t=2,p=1"
    assert sign_in(store, staff_id, PASSWORD).member.id == staff_id


def test_a_damaged_hash_refuses_sign_in_rather_than_failing(store: Store) -> None:
    staff_id = staff_with(store, "Damaged", "office", password_hash="$argon2id$not-a-hash")
    with pytest.raises(SignInRefused):
        sign_in(store, staff_id, PASSWORD)
