"""Start the desktop app: what ``attendance-desk`` with no command runs.

Order matters: the error hook first (so nothing fails silently), then the data folder and the log, then Qt
(dialogs need it), then the single-instance lock (two copies writing one file would be trouble), then the
store (a newer database is refused with a clear message), then who is working, then the main window.

``run_smoke`` is the installer's check that a build starts: the main window offscreen, no dialogs, exit 0 once
the first page has painted and its data has loaded (and, with ``all_pages``, once every other page and settings tab
has been built too).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QLockFile, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from attendance_desk import __version__
from attendance_desk.paths import logs_dir, resolve_data_dir, resource_path
from attendance_desk.store.connection import BadDatabaseUrlError
from attendance_desk.store.encryption import EncryptionError
from attendance_desk.store.engine import Store
from attendance_desk.store.errors import StoreError, StoreProblem, describe_failure
from attendance_desk.store.migrate import NewerDatabaseError
from attendance_desk.store.open import open_store
from attendance_desk.ui.errors import format_error, install_error_handlers

if TYPE_CHECKING:
    from attendance_desk.ui.context import AppContext
    from attendance_desk.ui.main_window import MainWindow

log = logging.getLogger("attendance_desk")
LOCK_FILENAME = "attendance-desk.lock"
LOG_FILENAME = "attendance-desk.log"
EXIT_REFUSED = 1


def configure_logging(data_dir: Path) -> None:
    """A rotating log in ``<data>/logs``. INFO and above never carry names (code logs ids only)."""
    handler = RotatingFileHandler(
        logs_dir(data_dir) / LOG_FILENAME, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    # Problems also go to the terminal: when Qt cannot start (no display, a missing system library) there is no
    # window to show them in, and a silent exit would leave the user guessing.
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter("attendance-desk: %(levelname)s %(message)s"))
    root.addHandler(console)
    root.setLevel(logging.INFO)


def ensure_application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Attendance Desk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Attendance Desk")
    icon = resource_path("icons", "attendance-desk.png")  # rendered from the SVG by installer/build.py
    app.setWindowIcon(QIcon(str(icon if icon.exists() else icon.with_suffix(".svg"))))
    from attendance_desk.ui.theme import apply_theme

    apply_theme(app)
    from attendance_desk.ui.keyboard import install_text_box_keys

    install_text_box_keys(app)
    return app


def show_message(title: str, text: str) -> None:
    """A blocking message before the main window exists. Tests replace this."""
    QMessageBox.critical(None, title, text)


def acquire_instance_lock(data_dir: Path) -> QLockFile | None:
    """Hold the data folder's lock for the life of the app; None when another copy already holds it."""
    lock = QLockFile(str(data_dir / LOCK_FILENAME))
    lock.setStaleLockTime(0)  # never time out; a crashed owner is detected by its process id instead
    return lock if lock.tryLock(200) else None


def choose_staff(store: Store) -> tuple[int, str] | None:
    from attendance_desk.ui.staff_chooser import StaffChooserDialog

    member = StaffChooserDialog.ask(store)
    return (member.id, member.name) if member else None


def ask_passphrase(attempt: int) -> str | None:
    """The school's database passphrase, or None when cancelled. Tests replace this."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    prompt = "This school's database is encrypted. Type the school passphrase:"
    if attempt:
        prompt = "That passphrase does not open the database. Try again:"
    text, ok = QInputDialog.getText(None, "Attendance Desk: passphrase", prompt, QLineEdit.EchoMode.Password)
    return text if ok else None


def open_encrypted(folder: Path) -> Store | None:
    """Ask for the passphrase until it opens the database (or the person cancels)."""
    for attempt in range(5):
        passphrase = ask_passphrase(attempt)
        if passphrase is None:
            return None
        try:
            return open_store(folder, passphrase=passphrase)
        except EncryptionError:
            continue
    show_message("Attendance Desk", "The passphrase was not right five times; ask the administrator for it.")
    return None


def run_event_loop(app: QApplication) -> int:
    """Tests replace this to avoid entering the real event loop."""
    return app.exec()


def close_down(app: QApplication, window: QWidget) -> None:
    """Take the window down in a fixed order before the store closes and Python starts tearing objects down.

    Workers are stopped and their pending callbacks dropped (``MainWindow.shut_down``), then the window and
    everything in it is deleted while the QApplication still exists. Left to the interpreter's exit, the window
    would be destroyed after the application object in no particular order, and a late timer or queued callback
    could touch freed memory (the crash on quit after a long session).
    """
    shut_down = getattr(window, "shut_down", None)
    if callable(shut_down):
        shut_down()
    window.hide()
    app.processEvents()
    shiboken6.delete(window)  # now, not whenever the collector gets to it
    app.sendPostedEvents()


def ask_after_server_problem(text: str) -> str:
    """The server could not be used: "retry", "change" (the connection settings) or "close". Tests replace this."""
    box = QMessageBox(QMessageBox.Icon.Warning, "The school's server cannot be used", text)
    retry = box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)
    change = box.addButton("Connection settings…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Close", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return "retry" if clicked is retry else "change" if clicked is change else "close"


def change_server_settings(folder: Path) -> bool:
    """Let the user fix this PC's server settings; True when they saved a change. Tests replace this."""
    from attendance_desk.ui.settings.server_dialog import ServerDialog

    return ServerDialog.edit(folder)


def open_store_or_explain(folder: Path, database_url: str | None) -> Store | None:
    """Open the store; on a server problem explain it and offer to retry or change the settings."""
    while True:
        try:
            return open_store(folder, url=database_url)
        except NewerDatabaseError as exc:
            log.error("Refused a database from a newer version")
            show_message("This database needs a newer Attendance Desk", str(exc))
            return None
        except EncryptionError:
            return open_encrypted(folder)  # asks for the school passphrase; None when the person gives up
        except (StoreError, BadDatabaseUrlError) as exc:
            log.error("Could not open the database: %s", type(exc).__name__)
            choice = ask_after_server_problem(str(exc))
            if choice == "change" and change_server_settings(folder):
                database_url = None  # use what was just saved
            elif choice == "close":
                return None
        except StoreProblem as exc:
            log.error("Refused to open the database (%s)", type(exc).__name__)
            show_message("Attendance Desk cannot open its database", f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
            return None
        except Exception as exc:  # anything else at start-up: one sentence, never a traceback on screen
            described = describe_failure(exc)
            if described is None:
                raise
            log.error("Could not open the database (%s)", type(exc).__name__)
            show_message("Attendance Desk cannot open its database", f"{described[:1].upper()}{described[1:]}.")
            return None


def _leave_the_desk(context: AppContext) -> None:
    """Closing the app: the other PCs should no longer see this person as calling anyone."""
    from attendance_desk.services.server import presence

    if context.store.on_server and context.staff_id is not None:
        try:
            presence.clear(context.store, context.staff_id)
        except StoreError:  # the server is gone: the row goes stale by itself
            log.warning("Could not clear this PC's calling-desk presence")


def run_app(data_dir: str | None = None, database_url: str | None = None) -> int:
    install_error_handlers()
    try:
        folder = resolve_data_dir(data_dir)
    except OSError as exc:
        print(f"attendance-desk: cannot use the data folder: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    configure_logging(folder)
    log.info("Attendance Desk %s starting", __version__)
    app = ensure_application()
    lock = acquire_instance_lock(folder)
    if lock is None:
        log.warning("Refused to start: another copy is using %s", folder)
        show_message(
            "Attendance Desk is already open",
            "Attendance Desk is already open on this computer with the same data folder. Switch to that "
            f"window (look in the taskbar) instead of starting a second copy.\n\nData folder: {folder}",
        )
        return EXIT_REFUSED
    try:
        return _run_with_lock(app, folder, database_url)
    finally:
        lock.unlock()


def start_housekeeping(context: AppContext) -> None:
    """After the window shows, in the write lane: finish any after-import work a stopped process left, then the
    daily backup. Each outcome is a status-bar sentence; a failure is a dialog with a sentence, not a traceback."""
    from attendance_desk.services.backups import start_of_day_backup
    from attendance_desk.services.sync.after_import import finish_pending
    from attendance_desk.ui.tasks import Lane, TaskControl

    store, staff_id = context.store, context.staff_id

    def work(_control: TaskControl) -> list[str]:
        said = finish_pending(store, staff_id)
        info = start_of_day_backup(store)
        if info is not None:
            said.append(f"Today's backup was written to {info.path}")
        return said

    def done(said: list[str]) -> None:
        for sentence in said:
            context.events.status_message.emit(sentence)

    def failed(error: BaseException) -> None:
        log.error("Start-up housekeeping failed (%s)", type(error).__name__)
        show_message(
            "Attendance Desk: the daily backup or follow-up did not finish",
            (describe_failure(error) or f"An unexpected error ({type(error).__name__}) stopped it.")
            + "\n\nYou can carry on working; it will be tried again at the next start.",
        )

    context.tasks.run(work, on_done=done, on_error=failed, label="Daily backup", lane=Lane.WRITE)


def _run_with_lock(app: QApplication, folder: Path, database_url: str | None) -> int:
    store = open_store_or_explain(folder, database_url)
    if store is None:
        return EXIT_REFUSED
    try:
        staff = choose_staff(store)
        if staff is None:
            log.info("No staff member chosen; closing")
            return 0
        from attendance_desk.services.accounts import idle_lock_minutes
        from attendance_desk.ui.context import AppContext
        from attendance_desk.ui.evidence_check import start_daily_check
        from attendance_desk.ui.idle_lock import IdleLock
        from attendance_desk.ui.live_updates import start_live_updates
        from attendance_desk.ui.main_window import MainWindow, schedule_first_run
        from attendance_desk.ui.tasks import TaskRunner

        context = AppContext(store, TaskRunner(), *staff)
        window = MainWindow(context)
        live = start_live_updates(context)  # on the server: other PCs' changes refresh the screens
        window.show()
        log.info("Main window open; staff member %s working", staff[0])
        idle = IdleLock(idle_lock_minutes(store), window.lock)
        app.installEventFilter(idle)
        daily_check = start_daily_check(context)
        schedule_first_run(window)
        start_housekeeping(context)
        code = run_event_loop(app)
        daily_check.stop()
        if live is not None:
            live.stop()
        _leave_the_desk(context)
        close_down(app, window)
        return code
    finally:
        store.dispose()


SMOKE_TIMEOUT_MS = 60_000


class _FirstPaint(QObject):
    """Watches the whole app for the first paint of ``page`` or of anything inside it (the page itself may never
    get one: Qt skips painting what opaque children cover, such as a scroll area's viewport)."""

    def __init__(self, app: QApplication, page: QWidget) -> None:
        super().__init__(page)
        self.page = page
        self.painted = False
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self.painted
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and (watched is self.page or self.page.isAncestorOf(watched))
        ):
            self.painted = True
        return False


def pages_that_fail(window: MainWindow) -> list[str]:
    """Every page and settings tab, built: the titles of those that show an error panel instead (a frozen build
    that left a module or a resource out fails here rather than in front of the office)."""
    from attendance_desk.ui.pages import PAGES
    from attendance_desk.ui.settings.tabs import SETTINGS_TABS, create_tab
    from attendance_desk.ui.widgets.panels import PageErrorPanel

    failed = [spec.title for spec in PAGES if isinstance(window.page(spec.key), PageErrorPanel)]
    for tab in SETTINGS_TABS:
        widget = create_tab(tab, window.context)
        if isinstance(widget, PageErrorPanel):
            failed.append(f"Settings › {tab.title}")
        widget.deleteLater()
    return failed


def run_smoke(
    data_dir: str | None = None,
    started: float | None = None,
    database_url: str | None = None,
    *,
    all_pages: bool = False,
) -> int:
    """Open the main window offscreen on ``data_dir``; print ``ready in N ms`` once the first page has painted
    and its loading has finished, and exit 0. Any error (or no paint within a minute) prints it and exits 1.

    ``all_pages`` (the installer's check of a frozen build): also build every other page and settings tab, and fail
    when one shows an error panel. Without it only what a person waits for at start-up runs, so the whole process
    is the cold start the app's users see (pages are built on first visit).

    Nothing is asked and nothing is written beyond what opening the store does (a schema upgrade, backup first).
    """
    started = time.perf_counter() if started is None else started
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        folder = resolve_data_dir(data_dir)
    except OSError as exc:
        print(f"attendance-desk: cannot use the data folder: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    configure_logging(folder)
    errors: list[str] = []
    app = ensure_application()

    def fail_on_error(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        """Errors fail the smoke test instead of opening a dialog nobody will see."""
        errors.append(format_error(kind, exc, tb))
        app.exit(1)

    sys.excepthook = fail_on_error
    lock = acquire_instance_lock(folder)
    if lock is None:
        print(f"attendance-desk: another copy is using {folder}", file=sys.stderr)
        return EXIT_REFUSED
    try:
        return _smoke_with_lock(app, folder, started, errors, database_url, all_pages)
    finally:
        lock.unlock()


def _smoke_sign_in(store: Store) -> tuple[int | None, str]:
    """Who the smoke check signs in: the person in $ATTENDANCE_DESK_STAFF with $ATTENDANCE_DESK_PASSWORD, as a
    scheduled task would, so the first page loads what they see (the pupil list needs someone allowed to read it);
    nobody when it is not set, or when nobody can sign in yet (a fresh folder: the installer's first check), and
    the page then shows its refusal."""
    from attendance_desk.cli.common import STAFF_ENV, sign_in_for
    from attendance_desk.services.accounts import needs_first_account

    if not os.environ.get(STAFF_ENV) or needs_first_account(store):
        return None, "start-up check"
    staff_id = sign_in_for(store, None)
    return staff_id, f"staff {staff_id}"


def _smoke_with_lock(
    app: QApplication, folder: Path, started: float, errors: list[str], database_url: str | None, all_pages: bool
) -> int:
    try:
        store = open_store(folder, url=database_url)
    except (NewerDatabaseError, StoreProblem, StoreError, BadDatabaseUrlError) as exc:
        print(f"attendance-desk: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    from attendance_desk.cli.common import CommandError
    from attendance_desk.ui.context import AppContext
    from attendance_desk.ui.main_window import MainWindow
    from attendance_desk.ui.tasks import TaskRunner

    try:
        staff_id, staff_name = _smoke_sign_in(store)
    except (CommandError, StoreError) as exc:
        print(f"attendance-desk: smoke check failed: {exc}", file=sys.stderr)
        store.dispose()
        return EXIT_REFUSED
    context = AppContext(store, TaskRunner(), staff_id, staff_name)
    try:
        window = MainWindow(context)
        first_paint = _FirstPaint(app, window.page(window.current_page_key()))
        window.show()

        def check() -> None:
            if first_paint.painted and context.tasks.active_count == 0:
                app.exit(0)  # not quit(): in Qt 6 that closes the windows too, and closing stops the task runner

        poll = QTimer()
        poll.timeout.connect(check)
        poll.start(5)
        QTimer.singleShot(SMOKE_TIMEOUT_MS, lambda: app.exit(1))
        app.exec()
        poll.stop()
        app.removeEventFilter(first_paint)
        elapsed_ms = round((time.perf_counter() - started) * 1000)
        if not first_paint.painted:
            errors.append(f"the first page was not painted within {SMOKE_TIMEOUT_MS // 1000} s")
        if all_pages:
            errors.extend(f"cannot build {title} (see the log)" for title in pages_that_fail(window))
        # Not close(): closing saves this PC's window position, and the check records nothing.
        window.shut_down()
        window.hide()
        if errors:
            for error in errors:
                print(f"attendance-desk: smoke check failed: {error}", file=sys.stderr)
            return EXIT_REFUSED
        print(f"ready in {elapsed_ms} ms")
        log.info("Smoke check passed: ready in %s ms", elapsed_ms)
        return 0
    finally:
        context.tasks.shutdown(wait=True)
        store.dispose()
