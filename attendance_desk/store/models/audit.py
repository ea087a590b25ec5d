"""The append-only audit log. Rows are only ever inserted (triggers refuse updates and deletes).

Each entry is chained: ``seq`` counts entries without gaps, ``prev_hash`` is the previous entry's ``entry_hash``
and ``entry_hash`` covers this entry's content and ``prev_hash`` (see ``store/chain.py``). ``row_hash`` is the
content hash of the evidence row the entry seals, when it seals one. ``AuditChainHead`` holds the newest link,
so that a deleted last entry shows and so that concurrent writers queue on one row (on SQLite and PostgreSQL).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from attendance_desk.store.models.base import Base, declare_tables_of, utc_now

declare_tables_of("school")  # the tables its foreign keys point at


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(40))  # create | update | delete | import | print | ...
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(60), default="")
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    seq: Mapped[int | None]
    row_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    prev_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    entry_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")


class EvidenceRowVersion(Base):
    """A version of an evidence row that the app changed or removed, kept as it stood before (append-only).

    Written by ``store/history.py`` in the same flush as the change, for the evidence tables whose rows have a
    lifecycle (a concern reviewed, a plan closed, a notice paid); the event tables refuse changes outright.
    ``content`` is the whole row as the database held it (canonical JSON: its digest is the row hash that the
    chain sealed; a secret such as a password hash is kept only as its own digest, so ``row_hash`` carries the
    hash of the row as it stood), ``version`` counts from 1 per row and ``previous_id`` points at the version before.
    """

    __tablename__ = "evidence_row_versions"
    __table_args__ = (UniqueConstraint("table_name", "row_key", "version", name="uq_evidence_row_versions_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(60))
    row_key: Mapped[str] = mapped_column(String(60))
    version: Mapped[int]
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("evidence_row_versions.id"))
    action: Mapped[str] = mapped_column(String(10))  # update | delete: what replaced this version
    content: Mapped[dict[str, Any]]
    row_hash: Mapped[str] = mapped_column(String(64))
    replaced_at: Mapped[datetime] = mapped_column(default=utc_now)
    replaced_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class AuditChainHead(Base):
    """One row (id 1): the sequence number and hash of the newest audit entry."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")
    # Entries written before the chain began (ids up to this one) are covered by one digest in the first link.
    legacy_last_id: Mapped[int] = mapped_column(default=0)


Index("ix_audit_log_entity", AuditEntry.entity, AuditEntry.entity_id)
Index("uq_audit_log_seq", AuditEntry.seq, unique=True)
