"""Screens that follow the other PCs: change notices from the server become ``data_changed`` events.

A :class:`QThread` waits on the listening connection (:class:`~attendance_desk.store.notify.ChangeListener`) and
hands each batch of changed tables to the UI thread, which turns them into the app's :class:`DataArea` names
after a short pause (several notices in quick succession make one reload). If the server goes away the thread
says so in the status bar and tries again every few seconds. With SQLite (one PC) nothing is started.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from attendance_desk.store.errors import StoreError
from attendance_desk.store.notify import ChangeListener
from attendance_desk.ui.context import AppContext, DataArea

log = logging.getLogger(__name__)
RETRY_SECONDS = 5
COALESCE_MS = 250

PRESENCE = "presence"
CALLS = "calls"
CASEWORK = "casework"
LETTERS = "letters"
AREAS_BY_TABLE: dict[str, tuple[str, ...]] = {
    "desk_presence": (PRESENCE,),
    "call_attempts": (CALLS, DataArea.ACTIVITY),
    "absence_reports": (CALLS, DataArea.ACTIVITY),
    "home_visits": (CALLS, DataArea.ACTIVITY),
    "safeguarding_concerns": (CALLS,),
    "communications": (DataArea.ACTIVITY,),
    "follow_up_tasks": (DataArea.ACTIVITY,),
    "code_decisions": (DataArea.ACTIVITY,),
    "import_batches": (DataArea.MARKS, DataArea.PUPILS),
    "school_settings": (DataArea.SETTINGS,),
    "staff": (DataArea.STAFF,),
    "case_stage_changes": (CASEWORK,),
    "attendance_contracts": (CASEWORK,),
    "medical_action_plans": (CASEWORK,),
    "letters": (LETTERS,),
}


def areas_for(tables: set[str]) -> list[str]:
    """The screens' area names for a set of changed tables, in a stable order."""
    return sorted({area for table in tables for area in AREAS_BY_TABLE.get(table, ())})


class _ListenThread(QThread):
    changed = Signal(object)  # set[str] of tables
    trouble = Signal(str)

    def __init__(self, listener: ChangeListener) -> None:
        super().__init__()
        self.listener = listener

    def run(self) -> None:
        failing = False
        while not self.isInterruptionRequested():
            try:
                tables = self.listener.wait(timeout=0.5)
            except StoreError as exc:
                if not failing:
                    self.trouble.emit(f"Not hearing from the school's server: {exc}")
                    log.warning("Change notices interrupted: %s", type(exc).__name__)
                failing = True
                for _ in range(RETRY_SECONDS * 10):
                    if self.isInterruptionRequested():
                        break
                    self.msleep(100)
                continue
            if failing:
                failing = False
                self.trouble.emit("Back in touch with the school's server.")
                tables = set(AREAS_BY_TABLE)  # anything may have changed meanwhile
            if tables:
                self.changed.emit(tables)
        self.listener.close()


class LiveUpdates(QObject):
    """Started by the app when it works on the server; :meth:`stop` before the store is disposed."""

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pending: set[str] = set()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COALESCE_MS)
        self.timer.timeout.connect(self._deliver)
        self.listening = _ListenThread(ChangeListener(context.store.engine))
        self.listening.changed.connect(self._received)
        self.listening.trouble.connect(context.events.status_message.emit)
        self.listening.start()

    def _received(self, tables: set[str]) -> None:
        self.pending |= tables
        if not self.timer.isActive():
            self.timer.start()

    def _deliver(self) -> None:
        tables, self.pending = self.pending, set()
        for area in areas_for(tables):
            self.context.notify(area)

    def stop(self) -> None:
        self.timer.stop()
        self.listening.requestInterruption()
        self.listening.wait(5000)


def start_live_updates(context: AppContext) -> LiveUpdates | None:
    """Follow the other PCs when on the server; None on this PC's own database."""
    return LiveUpdates(context) if context.store.on_server else None
