"""Files going back to the MIS: the changes to key in (CSV) and the communication log (CSV).

Plain rows in, CSV text out. The text starts with a byte-order mark so that Excel on Windows reads £, é and ’
correctly when the office opens it; dates are ``dd/mm/yyyy`` and times ``HH:MM`` (UK), as the office keys them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from attendance_desk.domain.decisions import ChangeToKeyIn
from attendance_desk.sync.safe_csv import safe_writer

__all__ = ["ChangeToKeyIn", "CommunicationEntry", "changes_csv", "communications_csv"]

BOM = "\ufeff"
CHANGES_HEADER = (
    "UPN",
    "Pupil",
    "Date",
    "Session",
    "Code in MIS",
    "New code",
    "Reason",
    "Decided by",
    "Decided at",
)
COMMUNICATIONS_HEADER = (
    "Date",
    "Time",
    "UPN",
    "Pupil",
    "Contact",
    "Method",
    "Direction",
    "Outcome",
    "Summary",
    "Staff member",
    "Withdrawn",  # who withdrew a record made by mistake, when and why; empty for a record that stands
)


@dataclass(frozen=True)
class CommunicationEntry:
    at: datetime  # Europe/London
    upn: str
    pupil: str
    contact: str
    method: str
    direction: str
    outcome: str
    summary: str
    staff: str
    withdrawn: str = ""  # "Withdrawn on 27/11/2026 at 14:05 by …: reason" for a record withdrawn as a mistake


def _csv(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = safe_writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return BOM + buffer.getvalue()


def changes_csv(changes: Iterable[ChangeToKeyIn]) -> str:
    return _csv(
        CHANGES_HEADER,
        (
            (
                c.upn,
                c.pupil,
                f"{c.date:%d/%m/%Y}",
                c.session,
                c.mis_code,
                c.new_code,
                c.reason,
                c.decided_by,
                f"{c.decided_at:%d/%m/%Y %H:%M}",
            )
            for c in changes
        ),
    )


METHOD_LABELS = {
    "call": "Telephone call",
    "text": "Text message",
    "email": "Email",
    "letter": "Letter",
    "meeting": "Meeting",
    "home_visit": "Home visit",
    "report": "Reported by family",
}


def communications_csv(entries: Iterable[CommunicationEntry]) -> str:
    return _csv(
        COMMUNICATIONS_HEADER,
        (
            (
                f"{e.at:%d/%m/%Y}",
                f"{e.at:%H:%M}",
                e.upn,
                e.pupil,
                e.contact,
                METHOD_LABELS.get(e.method, e.method),
                "Incoming" if e.direction == "in" else "Outgoing",
                e.outcome,
                f"WITHDRAWN: {e.summary}" if e.withdrawn else e.summary,
                e.staff,
                e.withdrawn,
            )
            for e in entries
        ),
    )
