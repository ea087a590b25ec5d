"""MIS sync: the column-mapping profiles the office saves from the mapping dialog."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from attendance_desk.store.models.base import Base, declare_tables_of, utc_now

declare_tables_of("school")  # the tables its foreign keys point at


class MappingProfileRecord(Base):
    """A saved mapping: for one kind of file, which header supplies each field.

    ``signature`` is the file's headers in normalised form; a file arriving with the same signature is mapped
    with this profile automatically (``sync.mapping.header_signature``).
    """

    __tablename__ = "mapping_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # pupils | contacts | marks
    signature: Mapped[str] = mapped_column(String(4000), default="")
    columns: Mapped[dict[str, Any]] = mapped_column(default=dict)  # field → header text
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


Index("ix_mapping_profiles_kind", MappingProfileRecord.kind)
