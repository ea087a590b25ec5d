"""How an evidence row and an audit entry are reduced to a SHA-256 digest: canonical JSON (UTC times, dates and
decimals as text, bytes as their own digest, sorted keys), so the same row gives the same hash on SQLite and
PostgreSQL. Used by the chain (``store/chain.py``), the kept versions (``store/history.py``) and ``verify``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Table

EXCLUDED_COLUMNS: dict[str, frozenset[str]] = {
    # Sign-in bookkeeping changes on every attempt; it is not evidence.
    "staff": frozenset({"failed_sign_ins", "sign_in_paused_until"}),
    # Whether an import's follow-up has run is bookkeeping (written with Core by services/sync/after_import).
    "import_batches": frozenset({"after_import"}),
}


# Columns added to an evidence table after its rows were first sealed: left out of the row's hash while empty, so
# a row sealed before the column existed still matches its seal (and a value set from outside still shows).
# A migration that adds a column to an evidence table adds it here.
LATE_COLUMNS: dict[str, frozenset[str]] = {
    "communications": frozenset({"supersedes_id"}),
    "call_prompt_answers": frozenset({"supersedes_id"}),
}


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value


def digest(content: Any) -> str:
    text = json.dumps(_canonical(content), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_row(table: Table, row: Mapping[Any, Any]) -> dict[str, Any]:
    """The row's evidence content as plain JSON values (what its hash covers)."""
    skip = EXCLUDED_COLUMNS.get(table.name, frozenset())
    late = LATE_COLUMNS.get(table.name, frozenset())
    return {
        c.key: _canonical(row[c.key])
        for c in table.columns
        if c.key not in skip and not (c.key in late and row[c.key] is None)
    }


def row_hash(table: Table, row: Mapping[Any, Any]) -> str:
    return digest(canonical_row(table, row))
