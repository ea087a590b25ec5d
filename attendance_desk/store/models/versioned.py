"""The mixin for tables edited from screens: an edit version, who changed the row last and when.

``version`` is SQLAlchemy's ``version_id_col``: every ORM update says ``WHERE version = <what was read>`` and adds
one. How a save uses it is in :mod:`attendance_desk.store.versioning`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


class Versioned:
    """Mixin for a table edited from screens: ``version``, ``changed_by``, ``changed_at``."""

    version: Mapped[int] = mapped_column(default=1, server_default="1")
    changed_at: Mapped[datetime | None]

    @declared_attr
    def changed_by(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]

    describe_as: ClassVar[str] = "This record was"  # the start of the refusal: "<…> changed by Jo at 10:42"
