"""The evidence archive: every document produced, kept exactly as it was printed.

Where things are (chosen so the office can find and copy the files, and the database can prove them):

- the PDF bytes are files under ``<data_dir>/archive/<yyyy>/<mm>/<kind>-<random>.pdf``, written once and made
  read-only;
- the database row (``archived_documents``) holds the file's SHA-256 and size, the template and version, the
  data the document was made from (JSON), who made it and when. Triggers refuse any update or delete of a row.

There is no function here that changes or removes an archived document. :func:`verify_archive` recomputes every
file's hash and reports files that are missing or whose bytes no longer match the recorded hash.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.store.engine import Store
from attendance_desk.store.models import ArchivedDocument, utc_now

log = logging.getLogger(__name__)
ARCHIVE_DIRNAME = "archive"


class ArchiveError(RuntimeError):
    """An archived document is missing or its bytes no longer match the recorded hash."""


def archive_root(data_dir: Path) -> Path:
    return data_dir / ARCHIVE_DIRNAME


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def json_ready(value: Any) -> Any:
    """Dates, decimals and tuples made JSON-friendly, recursively (for the ``data`` column)."""
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


@dataclass
class ArchiveWriter:
    """Writes archive files for one transaction; :meth:`discard` removes them if the transaction fails."""

    data_dir: Path
    written: list[Path] = field(default_factory=list)

    def add(
        self,
        session: Session,
        *,
        kind: str,
        title: str,
        pdf: bytes,
        actor_id: int | None,
        pupil_id: int | None = None,
        page_count: int = 0,
        template_key: str = "",
        template_version: int | None = None,
        data: dict[str, Any] | None = None,
    ) -> ArchivedDocument:
        now = utc_now()
        relative = f"{now:%Y}/{now:%m}/{kind}-{uuid.uuid4().hex}.pdf"
        target = archive_root(self.data_dir) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(pdf)
        os.replace(partial, target)
        self.written.append(target)
        target.chmod(0o400)  # read-only, and only for the user running the app
        row = ArchivedDocument(
            kind=kind,
            pupil_id=pupil_id,
            title=title,
            file_path=relative,
            sha256=sha256_of(pdf),
            size=len(pdf),
            page_count=page_count,
            template_key=template_key,
            template_version=template_version,
            data=json_ready(data or {}),
            created_at=now,
            created_by=actor_id,
        )
        session.add(row)
        return row

    def discard(self) -> None:
        for path in self.written:
            try:
                path.chmod(0o644)
                path.unlink()
            except OSError:  # already gone: nothing to undo
                pass
        self.written.clear()


@contextmanager
def archive_transaction(store: Store) -> Iterator[tuple[Session, ArchiveWriter]]:
    """A transaction plus an archive writer: files written are removed again if the transaction fails."""
    writer = ArchiveWriter(store.data_dir)
    try:
        with store.transaction() as session:
            yield session, writer
    except BaseException:
        writer.discard()
        raise


def document_path(store: Store, row: ArchivedDocument) -> Path:
    return archive_root(store.data_dir) / row.file_path


def read_document(store: Store, document_id: int) -> bytes:
    """The archived bytes of one document, checked against the recorded hash (reprints are identical)."""
    with store.session() as session:
        row = session.get(ArchivedDocument, document_id)
        if row is None:
            raise ArchiveError(f"there is no archived document {document_id}")
    path = document_path(store, row)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ArchiveError(f"archived document {document_id} is missing: {path}") from exc
    if sha256_of(data) != row.sha256:
        raise ArchiveError(f"archived document {document_id} has been altered: {path} no longer matches its hash")
    return data


@dataclass(frozen=True, slots=True)
class VerifyProblem:
    document_id: int
    title: str
    path: str
    problem: str


@dataclass(frozen=True, slots=True)
class VerifyReport:
    checked: int
    problems: tuple[VerifyProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_archive(store: Store, progress: Callable[[int, int], None] | None = None) -> VerifyReport:
    """Recompute the hash of every archived file and report each one missing or changed."""
    with store.session() as session:
        rows = session.execute(
            select(
                ArchivedDocument.id,
                ArchivedDocument.title,
                ArchivedDocument.file_path,
                ArchivedDocument.sha256,
                ArchivedDocument.size,
            ).order_by(ArchivedDocument.id)
        ).all()
    root = archive_root(store.data_dir)
    problems: list[VerifyProblem] = []
    for i, (doc_id, title, relative, expected, size) in enumerate(rows, start=1):
        path = root / relative
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            problems.append(VerifyProblem(doc_id, title, str(path), "the file is missing"))
        else:
            actual = sha256_of(data)
            if actual != expected:
                problems.append(
                    VerifyProblem(
                        doc_id,
                        title,
                        str(path),
                        f"the file has changed (SHA-256 {actual[:12]}…, {len(data)} bytes; "
                        f"archived {expected[:12]}…, {size} bytes)",
                    )
                )
        if progress is not None:
            progress(i, len(rows))
    if problems:
        log.warning("archive check: %d of %d documents do not match", len(problems), len(rows))
    return VerifyReport(len(rows), tuple(problems))
