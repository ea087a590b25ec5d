"""The app checks the evidence once a day in the background (Settings → Security shows the result)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer

from attendance_desk.services import verify
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.tasks import Lane, TaskControl

log = logging.getLogger(__name__)
HOUR_MS = 3_600_000
FIRST_CHECK_MS = 5_000


def run_check_if_due(context: AppContext) -> bool:
    """Start a background check when the last one is a day old. Returns whether one was started."""
    store = context.store
    if not verify.check_due(store):
        return False

    def work(_control: TaskControl) -> bool:
        result = verify.run_verify(store)
        verify.save_result(store, result)
        if not result.ok:
            log.warning("Daily evidence check: %d problem(s); see Settings, Security", len(result.findings))
        return result.ok

    def failed(error: BaseException) -> None:
        log.warning("The daily evidence check could not run: %s", type(error).__name__)

    context.tasks.run(work, on_error=failed, label="Daily evidence check", lane=Lane.READ)
    return True


def start_daily_check(context: AppContext) -> QTimer:
    """Check now if due, then look again every hour (the app may stay open for days)."""
    timer = QTimer()
    timer.setInterval(FIRST_CHECK_MS)  # soon after start-up, then hourly; stopping the timer stops both

    def tick() -> None:
        timer.setInterval(HOUR_MS)
        run_check_if_due(context)

    timer.timeout.connect(tick)
    timer.start()
    return timer
