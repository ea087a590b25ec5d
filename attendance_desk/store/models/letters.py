"""Letters, their templates, the evidence archive and delivery records.

- ``letter_templates``: versions of templates the office edited (the defaults live in ``resources/templates``).
  Rows are never changed: an edit or a "restore default" adds the next version.
- ``archived_documents``: every PDF produced (letters, certificates, log sheets): hash, template version, the data
  it was made from, who and when. The bytes are files under ``<data_dir>/archive/``. Append-only (triggers).
- ``letters``: one row per letter to one recipient, pointing at its ``communications`` row and at the pages it
  fills in its archived PDF (one archived PDF per pupil per batch, holding that pupil's letters to each recipient).
- ``letter_deliveries``: how each letter reached its recipient (post, email, by hand, at a meeting).
- ``letter_approvals``: each decision on a letter (approved, or sent back with a reason), by whom and when. Rows
  are never changed; a letter's state is its latest decision (``domain.letter_approval``), none = awaiting approval.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from attendance_desk.domain.vocabulary import DeliveryMethod as DeliveryMethod  # re-exported
from attendance_desk.domain.vocabulary import DocumentKind as DocumentKind  # re-exported
from attendance_desk.store.models.base import Base, declare_tables_of, utc_now

declare_tables_of("activity", "pupils", "school")  # the tables its foreign keys point at


class LetterTemplateVersion(Base):
    __tablename__ = "letter_templates"
    __table_args__ = (UniqueConstraint("template_key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_key: Mapped[str] = mapped_column(String(60), index=True)
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    when_to_use: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(String(300), default="")
    greeting: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    closing: Mapped[str] = mapped_column(String(100), default="")
    signatory: Mapped[str] = mapped_column(String(30), default="staff")
    enclosures: Mapped[list[Any]] = mapped_column(default=list)
    restored_default: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class ArchivedDocument(Base):
    __tablename__ = "archived_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    pupil_id: Mapped[int | None] = mapped_column(ForeignKey("pupils.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    file_path: Mapped[str] = mapped_column(String(500), unique=True)  # relative to <data_dir>/archive
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    page_count: Mapped[int] = mapped_column(default=0)
    template_key: Mapped[str] = mapped_column(String(60), default="")
    template_version: Mapped[int | None]
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class Letter(Base):
    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    communication_id: Mapped[int] = mapped_column(ForeignKey("communications.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("archived_documents.id"))
    first_page: Mapped[int] = mapped_column(default=1)  # where this letter starts in its archived PDF
    page_count: Mapped[int] = mapped_column(default=1)
    template_key: Mapped[str] = mapped_column(String(60))
    template_version: Mapped[int]
    recipient_name: Mapped[str] = mapped_column(String(300))
    recipient_address: Mapped[str] = mapped_column(Text, default="")
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    batch_id: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class LetterDelivery(Base):
    __tablename__ = "letter_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(30))
    delivered_at: Mapped[datetime]
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    handed_to: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    email_address: Mapped[str] = mapped_column(String(200), default="")
    read_receipt_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class LetterApproval(Base):
    __tablename__ = "letter_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(20))  # domain.letter_approval.Decision
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utc_now)
    reason: Mapped[str] = mapped_column(Text, default="")  # why it was sent back
    # Approved by the person who made it, as they made it (they may approve letters themselves).
    when_made: Mapped[bool] = mapped_column(Boolean, default=False)


Index("ix_letters_batch", Letter.batch_id)
