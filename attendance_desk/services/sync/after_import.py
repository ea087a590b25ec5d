"""What happens once the morning's marks are in: reported absences explain their N marks, and the escalation
ladder moves unreached families on. Run after every successful marks import (app, CLI and watched folder alike).

Only recent registers trigger it: re-importing last term's marks must not create a pile of follow-up tasks for
days long past.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from attendance_desk.services.calling.escalation import run_escalation
from attendance_desk.services.calling.reports import propose_codes_for_date
from attendance_desk.store.engine import Store

log = logging.getLogger(__name__)
RECENT_DAYS = 7


@dataclass(frozen=True, slots=True)
class FollowUpOfImport:
    on: date
    codes_proposed: int
    tasks_created: int


def follow_up_marks_import(
    store: Store, actor_id: int | None, last_date: date | None, today: date | None = None
) -> FollowUpOfImport | None:
    """Propose codes from reports and run the escalation steps for the newest day in the import, if recent."""
    today = today or date.today()
    if last_date is None or not (today - timedelta(days=RECENT_DAYS) <= last_date <= today):
        return None
    proposed = propose_codes_for_date(store, actor_id, last_date)
    run = run_escalation(store, actor_id, last_date, after_import=True)
    outcome = FollowUpOfImport(last_date, len(proposed), len(run.created))
    log.info(
        "After the marks import: %d code(s) proposed, %d follow-up task(s) created",
        outcome.codes_proposed,
        outcome.tasks_created,
    )
    return outcome
