"""Tables for several PCs on one server: archived PDF bytes kept in the database, and who is doing what now."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from attendance_desk.store.models.base import Base, declare_tables_of, utc_now

declare_tables_of("letters", "pupils", "school")  # the tables its foreign keys point at


class ArchivedDocumentContent(Base):
    """The PDF bytes of an archived document, when the school works on the server.

    On one PC the bytes are a read-only file under ``<data>/archive``; on the server every PC must read them, so
    they live here, written in the same transaction as their ``archived_documents`` row and guarded by the same
    append-only trigger. (Why not a shared folder: see ``services/archive.py``.)
    """

    __tablename__ = "archived_document_contents"

    document_id: Mapped[int] = mapped_column(ForeignKey("archived_documents.id", ondelete="RESTRICT"), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class DeskPresence(Base):
    """What a staff member is doing right now on the calling desk (one row each; gone when they move on).

    Only ids are stored; screens build "Jo is calling Sam's mother" from them.
    """

    __tablename__ = "desk_presence"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True)
    activity: Mapped[str] = mapped_column(String(20))  # "calling"
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    since: Mapped[datetime] = mapped_column(default=utc_now)
