"""A second "PC" for concurrency tests: a separate process that opens the store the way the app does and logs
calls. Spawned (not forked) so that it shares nothing with the test process but the database."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any


def log_calls(
    data_dir: str, database_url: str | None, staff_id: int, calls: list[tuple[int, int]], start: Any, results: Any
) -> None:
    """Wait for ``start`` (a barrier), then log one no-answer attempt per (pupil, contact); report ids or an error."""
    if database_url:
        os.environ["ATTENDANCE_DESK_DATABASE_URL"] = database_url
    else:
        os.environ.pop("ATTENDANCE_DESK_DATABASE_URL", None)
    from attendance_desk.services.calling.calls import log_attempt
    from attendance_desk.store.open import open_store

    store = open_store(Path(data_dir))
    try:
        start.wait(timeout=60)
        ids = [
            log_attempt(
                store,
                staff_id,
                pupil_id=pupil,
                contact_id=contact,
                outcome="no_answer",
                absence_date=date(2025, 9, 22),
            ).id
            for pupil, contact in calls
        ]
        results.put((staff_id, ids))
    except Exception as exc:  # reported to the test, which fails with it
        results.put((staff_id, repr(exc)))
    finally:
        store.dispose()
