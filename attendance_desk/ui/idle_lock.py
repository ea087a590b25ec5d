"""Lock the desk after a while with no key press or mouse use, and ask for the password again.

An event filter on the QApplication notes each key or mouse event; a timer compares the quiet time with the
school's setting (``idle_lock_minutes``, default 10). The clock is injectable, so tests move time instead of
waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleLock(QObject):
    def __init__(
        self,
        minutes: float,
        on_lock: Callable[[], None],
        *,
        clock: Callable[[], float] = time.monotonic,
        check_every_ms: int = 15_000,
    ) -> None:
        super().__init__()
        self.limit = minutes * 60
        self.on_lock = on_lock
        self.clock = clock
        self.last_activity = clock()
        self.locked = False
        self.timer = QTimer(self)
        self.timer.setInterval(check_every_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self.locked:
            self.last_activity = self.clock()
        return False

    def check(self) -> None:
        """Lock when the quiet time has passed the limit (called by the timer; tests call it directly)."""
        if self.locked or self.limit <= 0 or self.clock() - self.last_activity < self.limit:
            return
        self.locked = True
        try:
            self.on_lock()
        finally:
            self.locked = False
            self.last_activity = self.clock()
