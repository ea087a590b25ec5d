"""Which column of a file supplies which field: detected from synonyms, or taken from a saved profile.

A :class:`MappingProfile` is what the office saves from the mapping dialog: the kind, and for each field the
header text it comes from. It is chosen again automatically when a file arrives with the same headers (the
*signature*; for grid marks the date columns are left out of it, because next week's export has new dates).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from attendance_desk.sync.dates import DateCache
from attendance_desk.sync.headers import SYNONYMS, auto_map, grid_columns, missing_required, normalise

KINDS = ("pupils", "contacts", "marks")


@dataclass(frozen=True)
class MappingProfile:
    name: str
    kind: str
    columns: dict[str, str]  # field → header text as written in the file
    signature: str = ""


@dataclass(frozen=True)
class ColumnMapping:
    """A mapping applied to one file's header."""

    kind: str
    header: tuple[str, ...]
    fields: dict[str, int]  # field → column position
    grid: tuple[tuple[int, str, str], ...] = ()  # (position, ISO date, AM|PM) for grid marks
    profile: str = ""  # the saved profile used, "" when detected automatically
    missing: tuple[str, ...] = field(default=())

    @property
    def layout(self) -> str:
        if self.kind != "marks":
            return "rows"
        return "grid" if self.grid and "date" not in self.fields else "long"

    def column_name(self, field_name: str) -> str:
        """The header text of the column that supplies ``field_name`` (for error messages)."""
        index = self.fields.get(field_name)
        if index is None or index >= len(self.header):
            return field_name
        return self.header[index] or f"column {index + 1}"

    def as_profile_columns(self) -> dict[str, str]:
        return {name: self.header[index] for name, index in self.fields.items() if index < len(self.header)}

    @property
    def ignored_columns(self) -> list[str]:
        used = set(self.fields.values()) | {position for position, _d, _s in self.grid}
        return [name for i, name in enumerate(self.header) if i not in used and name]


def header_signature(kind: str, header: Sequence[str]) -> str:
    """The headers in normalised form; grid session columns count as one placeholder each kind of session."""
    dates = DateCache()
    grid_positions = {position for position, _d, _s in grid_columns(header, dates)} if kind == "marks" else set()
    parts: list[str] = []
    for index, name in enumerate(header):
        if index in grid_positions:
            if parts and parts[-1] == "<session>":
                continue
            parts.append("<session>")
        elif name.strip():
            parts.append(normalise(name))
    return f"{kind}:" + "|".join(parts)


def build_mapping(kind: str, header: Sequence[str], profile: MappingProfile | None = None) -> ColumnMapping:
    """The mapping for this header: the profile's columns where given and present, else the synonyms."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r} (expected one of {', '.join(KINDS)})")
    header = tuple(header)
    if profile is not None:
        positions = {normalise(name): i for i, name in enumerate(header)}
        fields = {
            name: positions[normalise(source)]
            for name, source in profile.columns.items()
            if name in SYNONYMS[kind] and normalise(source) in positions
        }
    else:
        fields = auto_map(kind, header)
    grid: tuple[tuple[int, str, str], ...] = ()
    if kind == "marks" and "date" not in fields:
        grid = tuple(grid_columns(header, DateCache()))
    missing = missing_required(kind, fields, grid=bool(grid))
    return ColumnMapping(kind, header, fields, grid, profile.name if profile else "", tuple(missing))


def with_changes(mapping: ColumnMapping, changes: dict[str, int | None]) -> ColumnMapping:
    """The mapping after the user's corrections in the dialog (``None`` unmaps a field)."""
    fields = dict(mapping.fields)
    for name, index in changes.items():
        for other, position in list(fields.items()):
            if index is not None and position == index and other != name:
                del fields[other]  # one column supplies one field
        if index is None:
            fields.pop(name, None)
        else:
            fields[name] = index
    grid = mapping.grid if mapping.kind == "marks" and "date" not in fields else ()
    if mapping.kind == "marks" and "date" not in fields and not grid:
        grid = tuple(grid_columns(mapping.header, DateCache()))
    missing = missing_required(mapping.kind, fields, grid=bool(grid))
    return ColumnMapping(mapping.kind, mapping.header, fields, grid, mapping.profile, tuple(missing))
