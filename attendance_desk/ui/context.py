"""What every page, tab and dialog is handed: the store, who is working, the task runner and the app's events.

Pages never reach for globals: the main window builds one :class:`AppContext` and passes it to every factory
in the page, settings-tab and pupil-tab registries. Tests build their own with a temporary store.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from attendance_desk.domain.access import Permission
from attendance_desk.services.access import can
from attendance_desk.store.engine import Store
from attendance_desk.ui.tasks import TaskRunner


class DataArea:
    """Names carried by :attr:`AppEvents.data_changed`, so a page knows whether it needs to reload.

    Features may emit their own names too (e.g. ``"calls"``, ``"letters"``); these are the shared ones.
    """

    PUPILS = "pupils"  # pupils, contacts and links (an import, an edit)
    MARKS = "marks"  # register marks (an import)
    SETTINGS = "settings"  # school details, thresholds, lessons per day
    STAFF = "staff"
    ACTIVITY = "activity"  # communications, code decisions, follow-up tasks
    ALL = "all"  # everything may have changed (the demo school was loaded, a backup restored)


class AppEvents(QObject):
    """App-wide notifications. Emit them on the UI thread (task callbacks already run there)."""

    data_changed = Signal(str)
    """Something in the store changed; the argument is a :class:`DataArea` name."""
    open_pupil = Signal(int)
    """Show this pupil's page (the main window switches to Pupils and opens it)."""
    open_page = Signal(str)
    """Switch to the page with this key (see ``ui.pages.PAGES``)."""
    staff_changed = Signal(int)
    """The current staff member changed; the argument is the new staff id."""
    back_requested = Signal()
    """Go back to where the user came from (Esc on a pupil's page; the main window keeps the history)."""
    status_message = Signal(str)
    """A short message for the status bar (e.g. "Settings saved")."""


class AppContext:
    """The store, the current staff member, the task runner and the app's events."""

    def __init__(self, store: Store, tasks: TaskRunner, staff_id: int | None = None, staff_name: str = "") -> None:
        self.store = store
        self.tasks = tasks
        self.events = AppEvents()
        self._staff_id = staff_id
        self._staff_name = staff_name
        self.folder_watcher: QObject | None = None
        """The app's one watched-folder importer (``ui.sync.watcher.start_folder_watcher`` makes it)."""

    @property
    def staff_id(self) -> int | None:
        """The staff member every change is recorded against (``actor_id`` for services)."""
        return self._staff_id

    @property
    def staff_name(self) -> str:
        return self._staff_name

    def can(self, permission: Permission) -> bool:
        """Whether the signed-in person may do this: for hiding what their roles do not allow (services check)."""
        return can(self.store, self._staff_id, permission)

    def set_staff(self, staff_id: int, staff_name: str) -> None:
        changed = staff_id != self._staff_id
        self._staff_id = staff_id
        self._staff_name = staff_name
        if changed:
            self.events.staff_changed.emit(staff_id)

    def notify(self, area: str) -> None:
        """Tell every page that ``area`` changed (call after a write has committed)."""
        self.events.data_changed.emit(area)
