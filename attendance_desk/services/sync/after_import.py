"""What happens once the morning's marks are in: reported absences explain their N marks, and the escalation
ladder moves unreached families on. Run after every successful marks import (app, CLI and watched folder alike).

Only recent registers trigger it: re-importing last term's marks must not create a pile of follow-up tasks for
days long past.

The import records ``after_import = "pending"`` on its batch in its own transaction; :func:`finish_after_import`
sets it to "done" (or "failed") once the work has run. A process killed in between leaves "pending", and the next
start of the app or the command line runs :func:`finish_pending` (each step is safe to repeat: codes already
proposed and tasks already created are not made twice).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select, update

from attendance_desk.domain.text import plural
from attendance_desk.store.engine import Store
from attendance_desk.store.models import ImportBatch

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
    # Loaded only when there is follow-up to do: an import of older marks (or a check) does not pay for them.
    from attendance_desk.services.calling.escalation import run_escalation
    from attendance_desk.services.calling.reports import propose_codes_for_date

    proposed = propose_codes_for_date(store, actor_id, last_date)
    run = run_escalation(store, actor_id, last_date, after_import=True)
    outcome = FollowUpOfImport(last_date, len(proposed), len(run.created))
    log.info(
        "After the marks import: %d code(s) proposed, %d follow-up task(s) created",
        outcome.codes_proposed,
        outcome.tasks_created,
    )
    return outcome


def _set_state(store: Store, batch_id: int, state: str) -> None:
    with store.transaction() as session:
        session.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(after_import=state))


def finish_after_import(store: Store, actor_id: int | None, batch_id: int) -> str:
    """Run the follow-up of one marks import whose work is pending; a sentence saying what was done."""
    with store.session() as session:
        batch = session.get(ImportBatch, batch_id)
        if batch is None or batch.after_import not in ("pending", "failed"):
            return ""
        last_date = batch.last_date
        # Finished later (at the next start), the follow-up still runs as the person who imported.
        actor_id = actor_id if actor_id is not None else batch.staff_id
    try:
        outcome = follow_up_marks_import(store, actor_id, last_date)
    except Exception:
        # The import itself is committed; the failure is reported beside it (ids only in the log).
        log.exception("Follow-up of marks import %d failed", batch_id)
        _set_state(store, batch_id, "failed")
        return "The follow-up tasks could not be created; run `attendance-desk escalate` to retry"
    _set_state(store, batch_id, "done")
    if outcome is None:
        return ""
    return (
        f"For {outcome.on:%d/%m/%Y}: {plural(outcome.codes_proposed, 'code')} proposed from reported absences, "
        f"{plural(outcome.tasks_created, 'follow-up task')} created"
    )


def pending_batches(store: Store) -> list[int]:
    with store.session() as session:
        return list(
            session.scalars(
                select(ImportBatch.id)
                .where(ImportBatch.after_import.in_(("pending", "failed")))
                .order_by(ImportBatch.id)
            )
        )


def finish_pending(store: Store, actor_id: int | None = None) -> list[str]:
    """At start-up: finish the follow-up of any import whose process stopped before it ran. One sentence per
    import that was finished (or could not be, with what to run)."""
    said = []
    for batch_id in pending_batches(store):
        outcome = finish_after_import(store, actor_id, batch_id)
        said.append(
            f"The follow-up of marks import {batch_id} had not finished"
            + (f"; it has now run. {outcome}" if outcome else "; it has now run.")
        )
    return said
