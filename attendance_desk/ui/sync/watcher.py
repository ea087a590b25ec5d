"""Watching the import folder while the app is open: each settled export is imported in the write lane.

One :class:`FolderWatcher` per app, kept on the context (``start_folder_watcher``). It looks every
:data:`POLL_MS` (cheap: one directory listing) and imports files that have stopped growing, one at a time; each
result is announced through ``imported`` (the Import/Export page shows it), the status bar, and a data-changed
event so that other pages reload.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from attendance_desk.services.sync.watch import WatchedImport, import_waiting_files, waiting_files, watched_folder
from attendance_desk.store.errors import describe_failure
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.tasks import Lane, TaskControl

log = logging.getLogger(__name__)
POLL_MS = 10_000


class FolderWatcher(QObject):
    imported = Signal(object)  # WatchedImport

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.folder = ""
        self._sizes: dict[Path, int] = {}
        # Files that could not even be moved aside (a locked or read-only file): not taken again until they change,
        # so one stuck file never holds up the others or fills the log every few seconds.
        self._given_up: dict[Path, tuple[int, float]] = {}
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.look)
        self.reload_setting()
        context.events.data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, area: str) -> None:
        if area in (DataArea.SETTINGS, DataArea.ALL):
            self.reload_setting()

    def reload_setting(self) -> None:
        self.folder = watched_folder(self.context.store)
        self._sizes.clear()
        if self.folder:
            self.timer.start()
        else:
            self.timer.stop()

    def look(self) -> None:
        if self._busy or not self.folder:
            return
        ready = [path for path in waiting_files(Path(self.folder), self._sizes) if not self._still_stuck(path)]
        if not ready:
            return
        self._busy = True
        store, staff_id = self.context.store, self.context.staff_id

        def work(_control: TaskControl) -> list[WatchedImport]:
            return import_waiting_files(store, staff_id, ready)

        self._taken = ready
        self.context.tasks.run(work, on_done=self._done, on_error=self._failed, label="Watched folder", lane=Lane.WRITE)

    def _still_stuck(self, path: Path) -> bool:
        stuck = self._given_up.get(path)
        if stuck is None:
            return False
        try:
            stat = path.stat()
        except OSError:
            return True
        return stuck == (stat.st_size, stat.st_mtime)

    def _remember_stuck(self) -> None:
        for path in getattr(self, "_taken", []):
            try:
                stat = path.stat()
            except OSError:
                continue  # moved away: done with
            self._given_up[path] = (stat.st_size, stat.st_mtime)
            self.context.events.status_message.emit(f"Watched folder: {path.name} could not be moved aside; skipped")

    def _done(self, results: list[WatchedImport]) -> None:
        self._busy = False
        self._remember_stuck()
        for item in results:
            log.info("Watched folder: %s %s", item.path.name, item.result.status)
            self.context.events.status_message.emit(f"Watched folder: {item.result.summary()}")
            self.imported.emit(item)
        if any(item.result.ok for item in results):
            self.context.notify(DataArea.ALL)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self._remember_stuck()
        log.error("Watched folder import failed", exc_info=(type(error), error, error.__traceback__))
        described = describe_failure(error) or f"an unexpected error ({type(error).__name__})"
        self.context.events.status_message.emit(f"Watched folder: could not import: {described}")


def start_folder_watcher(context: AppContext) -> FolderWatcher:
    """The app's watcher, created on first call (the main window calls this at start-up)."""
    if isinstance(context.folder_watcher, FolderWatcher):
        return context.folder_watcher
    watcher = FolderWatcher(context)
    context.folder_watcher = watcher
    return watcher
