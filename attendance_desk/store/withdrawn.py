"""The condition that leaves withdrawn records out of a query (see :mod:`attendance_desk.services.withdrawals`).

Kept apart from that service, which knows every kind of record that can be withdrawn (calls, visits, casework):
a reader that counts calls needs only this, and not the casework tables."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists

from attendance_desk.store.models.withdrawals import Withdrawal


def not_withdrawn(entity: str, id_column: Any) -> ColumnElement[bool]:
    """A WHERE condition keeping only ``entity`` rows (by ``id_column``) that have not been withdrawn."""
    return ~exists().where(Withdrawal.entity == entity, Withdrawal.entity_id == id_column)
