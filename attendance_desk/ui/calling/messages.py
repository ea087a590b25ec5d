"""What the calling desk says after an escalation run, in the same words on Today, Follow-ups and the CLI."""

from __future__ import annotations

from attendance_desk.domain.text import plural
from attendance_desk.services.calling.escalation import EscalationRun


def escalation_summary(result: EscalationRun) -> str:
    parts: list[str] = []
    if result.closed:
        parts.append(f"{plural(result.closed, 'task')} closed: the absence they chased has been explained.")
    if result.register_missing:
        parts.append(
            f"No register is in for {result.on:%A %d/%m/%Y}: import the marks first. "
            "Nothing was escalated for a day without a register."
        )
    else:
        parts.append(
            f"Escalation for {result.on:%d/%m/%Y}: {plural(len(result.created), 'follow-up task')} created, "
            f"{result.already_there} already in place. See Follow-ups."
        )
    return " ".join(parts)
