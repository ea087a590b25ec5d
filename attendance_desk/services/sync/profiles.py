"""Saved column-mapping profiles: list, save, delete, and choose one automatically for a file."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from attendance_desk.domain.access import Permission
from attendance_desk.services.access import require
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import utc_now
from attendance_desk.store.models.sync import MappingProfileRecord
from attendance_desk.sync.mapping import KINDS, MappingProfile, header_signature
from attendance_desk.sync.textfile import TableReader, UnreadableFile

AUTO = "auto"


class UnknownProfile(LookupError):
    pass


@dataclass(frozen=True)
class ProfileSummary:
    id: int
    name: str
    kind: str
    columns: dict[str, str]


def _profile(record: MappingProfileRecord) -> MappingProfile:
    return MappingProfile(record.name, record.kind, dict(record.columns), record.signature)


def list_profiles(store: Store, kind: str | None = None) -> list[ProfileSummary]:
    with store.session() as session:
        query = select(MappingProfileRecord).order_by(MappingProfileRecord.name)
        if kind:
            query = query.where(MappingProfileRecord.kind == kind)
        return [ProfileSummary(r.id, r.name, r.kind, dict(r.columns)) for r in session.scalars(query)]


def get_profile(store: Store, name: str) -> MappingProfile:
    with store.session() as session:
        record = session.scalar(select(MappingProfileRecord).where(MappingProfileRecord.name == name))
        if record is None:
            raise UnknownProfile(f"there is no saved mapping profile called '{name}'")
        return _profile(record)


def save_profile(
    store: Store, actor_id: int | None, name: str, kind: str, columns: dict[str, str], header: list[str]
) -> int:
    """Create or replace the profile ``name``; it will be chosen for files with the same headers."""
    require(store, actor_id, Permission.IMPORT)
    name = name.strip()
    if not name:
        raise ValueError("a mapping profile needs a name")
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    signature = header_signature(kind, header)
    with store.transaction() as session:
        record = session.scalar(select(MappingProfileRecord).where(MappingProfileRecord.name == name))
        before = {"kind": record.kind, "columns": record.columns} if record else None
        if record is None:
            record = MappingProfileRecord(name=name, kind=kind)
            session.add(record)
        record.kind, record.columns, record.signature = kind, dict(columns), signature
        record.updated_at, record.updated_by = utc_now(), actor_id
        session.flush()
        record_change(
            session,
            actor_id=actor_id,
            action="update" if before else "create",
            entity="mapping_profile",
            entity_id=record.id,
            before=before,
            after={"kind": kind, "columns": dict(columns)},
        )
        return record.id


def delete_profile(store: Store, actor_id: int | None, name: str) -> None:
    require(store, actor_id, Permission.IMPORT)
    with store.transaction() as session:
        record = session.scalar(select(MappingProfileRecord).where(MappingProfileRecord.name == name))
        if record is None:
            raise UnknownProfile(f"there is no saved mapping profile called '{name}'")
        record_change(
            session,
            actor_id=actor_id,
            action="delete",
            entity="mapping_profile",
            entity_id=record.id,
            before={"name": record.name, "kind": record.kind, "columns": record.columns},
        )
        session.delete(record)


def profile_for_header(store: Store, kind: str, header: list[str]) -> MappingProfile | None:
    """The saved profile made from a file with these same headers, if any (newest first)."""
    signature = header_signature(kind, header)
    with store.session() as session:
        record = session.scalar(
            select(MappingProfileRecord)
            .where(MappingProfileRecord.kind == kind, MappingProfileRecord.signature == signature)
            .order_by(MappingProfileRecord.updated_at.desc())
        )
        return _profile(record) if record else None


def resolve_profile(store: Store, kind: str, path: Path, profile: str | MappingProfile | None) -> MappingProfile | None:
    """The profile to use: as given, by name, or (``auto``) the one saved for this file's headers."""
    if profile is None or isinstance(profile, MappingProfile):
        return profile
    if profile != AUTO:
        return get_profile(store, profile)
    try:
        with TableReader(path) as table:
            header = table.header
    except (OSError, UnreadableFile, UnicodeDecodeError, ValueError, csv.Error):
        return None  # the import itself reports why the file cannot be read
    return profile_for_header(store, kind, header) if header else None
