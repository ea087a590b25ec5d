"""One dated list per pupil of everything that happened: the evidence chronology.

Each feature contributes a *provider*: a function that reads its own tables and yields
:class:`ChronologyEntry` items for a pupil. Providers register themselves with :func:`provider`; the
``PROVIDER_MODULES`` list below is the only place that names them, so importing this module is enough to get a
complete chronology.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from attendance_desk.store.engine import Store


@dataclass(frozen=True, slots=True)
class ChronologyEntry:
    at: datetime  # timezone-aware; date-only events use midday Europe/London of their date
    kind: str  # short machine name, e.g. "call", "letter", "stage", "weekly_attendance"
    title: str  # one line a magistrate can read
    detail: str = ""
    staff: str = ""
    source: str = ""  # "table:id" of the record behind it
    tags: tuple[str, ...] = field(default_factory=tuple)


Provider = Callable[[Session, int, date | None, date | None], Iterable[ChronologyEntry]]
_PROVIDERS: list[Provider] = []

PROVIDER_MODULES: tuple[str, ...] = (
    "attendance_desk.services.casework.chronology",
    "attendance_desk.services.letters.chronology",
    "attendance_desk.services.calling.chronology",
)


def provider(func: Provider) -> Provider:
    """Register ``func(session, pupil_id, start, end)`` as a chronology source."""
    _PROVIDERS.append(func)
    return func


def _load_providers() -> None:
    for name in PROVIDER_MODULES:
        importlib.import_module(name)


def pupil_chronology(
    store: Store, pupil_id: int, start: date | None = None, end: date | None = None
) -> list[ChronologyEntry]:
    """Everything known about one pupil, oldest first."""
    _load_providers()
    with store.session() as session:
        entries = [entry for source in _PROVIDERS for entry in source(session, pupil_id, start, end)]
    # By time only (a stable sort): events of one moment keep the order their providers gave, never the order of
    # their kinds' names, which once made a case at stage 3 read as ending at universal support.
    return sorted(entries, key=lambda e: e.at)
