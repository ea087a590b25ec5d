"""Run work off the UI thread: progress, cancellation, and callbacks delivered back on the UI thread.

One :class:`TaskRunner` per app (it lives on :class:`~attendance_desk.ui.context.AppContext`). A task is a plain
function taking a :class:`TaskControl`; it opens its own database session (through a service), checks
``control.cancelled`` (or calls ``control.raise_if_cancelled()``) between units of work, and may report
``control.progress(done, total, message)``. It returns plain data, never ORM objects or widgets.

Two lanes, after Anki's task manager: ``Lane.READ`` runs on a small pool; ``Lane.WRITE`` runs one task at a time,
so two writers never fight over the SQLite file. Callbacks (``on_done``, ``on_error``, ``on_progress``,
``on_cancelled``) always run on the UI thread. An error with no ``on_error`` goes to ``sys.excepthook``: in the
app that logs it and shows the error dialog; under pytest-qt it fails the test.

For tests, ``TaskRunner(synchronous=True)`` runs each task immediately in the calling thread.

Example::

    def load(control: TaskControl) -> list[Row]:
        return pupils.list_pupils(context.store, context.staff_id)

    context.tasks.run(load, on_done=self.model.set_rows, label="Loading pupils")
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from attendance_desk.services.access import PermissionRefused

log = logging.getLogger(__name__)

READ_WORKERS = 2
PROGRESS_DIALOG_DELAY_MS = 500  # fast tasks never flash a dialog


class Lane(StrEnum):
    READ = "read"
    WRITE = "write"


class TaskCancelled(Exception):
    """Raised inside a task by :meth:`TaskControl.raise_if_cancelled`; the runner treats it as a cancel."""


class TaskControl:
    """Handed to the task function: the cancel token and the progress reporter."""

    def __init__(self, report: Callable[[int, int, str], None] | None = None) -> None:
        self._cancel = threading.Event()
        self._report = report

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def raise_if_cancelled(self) -> None:
        if self._cancel.is_set():
            raise TaskCancelled

    def progress(self, done: int, total: int = 0, message: str = "") -> None:
        """Report ``done`` of ``total`` units (``total`` 0 when unknown). Cheap; call it as often as you like."""
        if self._report is not None:
            self._report(done, total, message)


class TaskHandle:
    """What :meth:`TaskRunner.run` returns: lets the caller cancel and ask whether the task has finished."""

    def __init__(self, control: TaskControl, label: str) -> None:
        self.control = control
        self.label = label
        self.finished = False

    def cancel(self) -> None:
        self.control.cancel()


class _Task(QObject):
    """Lives on the UI thread; its signals are emitted from the worker and delivered here, queued."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    was_cancelled = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        handle: TaskHandle,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_progress: Callable[[int, int, str], None] | None,
        on_cancelled: Callable[[], None] | None,
    ) -> None:
        super().__init__(runner)
        self.runner = runner
        self.handle = handle
        self.on_done = on_done
        self.on_error = on_error
        self.on_progress = on_progress
        self.on_cancelled = on_cancelled
        self._dropped = False
        queued = Qt.ConnectionType.QueuedConnection
        self.progressed.connect(self._deliver_progress, queued)
        self.succeeded.connect(self._deliver_success, queued)
        self.failed.connect(self._deliver_failure, queued)
        self.was_cancelled.connect(self._deliver_cancel, queued)

    @Slot(int, int, str)
    def _deliver_progress(self, done: int, total: int, message: str) -> None:
        if self.on_progress is not None and not self.handle.finished:
            self.on_progress(done, total, message)

    @Slot(object)
    def _deliver_success(self, result: Any) -> None:
        self._finish()
        if self.on_done is not None:
            self.on_done(result)

    @Slot(object)
    def _deliver_failure(self, error: BaseException) -> None:
        self._finish()
        if self.on_error is not None:
            self.on_error(error)
        elif not self._dropped:
            self.runner.report_unhandled(self.handle.label, error)

    @Slot()
    def _deliver_cancel(self) -> None:
        self._finish()
        if self.on_cancelled is not None:
            self.on_cancelled()

    def _finish(self) -> None:
        self.handle.finished = True
        self.runner._forget(self)
        # Deleted by Qt once this delivery has returned: dropping the last Python reference inside the object's
        # own slot would destroy it mid-call (a crash after a long session, when the collector runs at the wrong
        # moment). The runner is the parent, so Python never deletes it.
        self.deleteLater()

    def drop_callbacks(self) -> None:
        """Nothing more is delivered (the app is closing: the widgets the callbacks touch are going away)."""
        self.on_done = self.on_error = self.on_progress = self.on_cancelled = None
        self._dropped = True

    def execute(self, fn: Callable[[TaskControl], Any]) -> None:
        """Runs in the worker thread (or inline when the runner is synchronous)."""
        try:
            result = fn(self.handle.control)
        except TaskCancelled:
            self.was_cancelled.emit()
        except BaseException as exc:  # everything reaches the UI thread; nothing dies silently in a worker
            self.failed.emit(exc)
        else:
            if self.handle.control.cancelled:
                self.was_cancelled.emit()
            else:
                self.succeeded.emit(result)


class TaskRunner(QObject):
    """Runs task functions on worker threads (see the module docstring)."""

    busy_changed = Signal(bool)
    """True when the first task starts, False when the last one ends (for a busy indicator)."""
    refused = Signal(str)
    """A task the signed-in person may not run was refused: the sentence saying who can."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._tasks: set[_Task] = set()
        self._read = None if synchronous else ThreadPoolExecutor(READ_WORKERS, thread_name_prefix="ad-read")
        self._write = None if synchronous else ThreadPoolExecutor(1, thread_name_prefix="ad-write")

    @property
    def active_count(self) -> int:
        return len(self._tasks)

    def run(
        self,
        fn: Callable[[TaskControl], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        label: str = "",
        lane: Lane | str = Lane.READ,
    ) -> TaskHandle:
        """Start ``fn(control)`` off the UI thread; callbacks run on the UI thread."""
        handle_box: list[_Task] = []
        control = TaskControl(lambda d, t, m: handle_box[0].progressed.emit(d, t, m) if handle_box else None)
        handle = TaskHandle(control, label or getattr(fn, "__name__", "task"))
        task = _Task(self, handle, on_done, on_error, on_progress, on_cancelled)
        handle_box.append(task)
        self._tasks.add(task)
        if len(self._tasks) == 1:
            self.busy_changed.emit(True)
        if self.synchronous:
            self._run_inline(task, fn)
        else:
            executor = self._write if Lane(lane) is Lane.WRITE else self._read
            assert executor is not None
            log.debug("Task started: %s (%s lane)", handle.label, lane)
            executor.submit(task.execute, fn)
        return handle

    def _run_inline(self, task: _Task, fn: Callable[[TaskControl], Any]) -> None:
        # Direct connections while running inline, so callbacks have run when run() returns.
        for signal, slot in (
            (task.progressed, task._deliver_progress),
            (task.succeeded, task._deliver_success),
            (task.failed, task._deliver_failure),
            (task.was_cancelled, task._deliver_cancel),
        ):
            signal.disconnect(slot)
            signal.connect(slot, Qt.ConnectionType.DirectConnection)
        task.execute(fn)

    def _forget(self, task: _Task) -> None:
        self._tasks.discard(task)
        if not self._tasks:
            self.busy_changed.emit(False)

    def report_unhandled(self, label: str, error: BaseException) -> None:
        """An error no caller handled: log it and hand it to ``sys.excepthook`` (the app's error dialog).

        A refusal (the person at the keyboard may not read or do this) is no fault: it goes to ``refused`` with the
        sentence naming who can, for the status bar, and the page stays as it was."""
        if isinstance(error, PermissionRefused):
            log.info("Task refused: %s (needs %s)", label, error.permission)
            self.refused.emit(str(error))
            return
        log.error("Task failed: %s", label, exc_info=(type(error), error, error.__traceback__))
        sys.excepthook(type(error), error, error.__traceback__)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.handle.cancel()

    def shutdown(self, wait: bool = True) -> None:
        """Cancel everything, wait (by default) for the workers, and deliver nothing more: call when the app closes.

        Results still queued for the UI thread are dropped, so no callback runs into a closing window.
        """
        self.cancel_all()
        for executor in (self._read, self._write):
            if executor is not None:
                executor.shutdown(wait=wait, cancel_futures=True)
        for task in list(self._tasks):
            task.drop_callbacks()


def run_with_progress(
    parent: QWidget,
    runner: TaskRunner,
    fn: Callable[[TaskControl], Any],
    *,
    title: str,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    lane: Lane | str = Lane.READ,
    cancellable: bool = True,
) -> TaskHandle:
    """Run a task behind a progress dialog that appears only if the task takes longer than half a second."""
    dialog = QProgressDialog(title, "Cancel" if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(PROGRESS_DIALOG_DELAY_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)

    def progress(done: int, total: int, message: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if message:
            dialog.setLabelText(message)

    def close_then(callback: Callable[..., None] | None) -> Callable[..., None]:
        def finish(*args: Any) -> None:
            dialog.close()
            dialog.deleteLater()
            if callback is not None:
                callback(*args)
            elif args and isinstance(args[0], BaseException):
                runner.report_unhandled(title, args[0])

        return finish

    handle = runner.run(
        fn,
        on_done=close_then(on_done),
        on_error=close_then(on_error),
        on_progress=progress,
        on_cancelled=close_then(on_cancelled),
        label=title,
        lane=lane,
    )
    dialog.canceled.connect(handle.cancel)
    return handle
