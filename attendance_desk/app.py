"""Start the desktop app: what ``attendance-desk`` with no command runs.

Order matters: the error hook first (so nothing fails silently), then the data folder and the log, then Qt
(dialogs need it), then the single-instance lock (two copies writing one file would be trouble), then the
store (a newer database is refused with a clear message), then who is working, then the main window.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

import shiboken6
from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from attendance_desk import __version__
from attendance_desk.paths import logs_dir, resolve_data_dir
from attendance_desk.store.encryption import EncryptionError
from attendance_desk.store.engine import Store
from attendance_desk.store.errors import StoreProblem, describe_failure
from attendance_desk.store.migrate import NewerDatabaseError
from attendance_desk.store.open import open_store
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.errors import install_error_handlers

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


def run_app(data_dir: str | None = None) -> int:
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
        return _run_with_lock(app, folder)
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


def _run_with_lock(app: QApplication, folder: Path) -> int:
    try:
        store = open_store(folder)
    except NewerDatabaseError as exc:
        log.error("Refused a database from a newer version")
        show_message("This database needs a newer Attendance Desk", str(exc))
        return EXIT_REFUSED
    except EncryptionError:
        opened = open_encrypted(folder)
        if opened is None:
            return 0
        store = opened
    except StoreProblem as exc:
        log.error("Refused to open the database (%s)", type(exc).__name__)
        show_message("Attendance Desk cannot open its database", f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
        return EXIT_REFUSED
    except Exception as exc:  # anything else at start-up: one sentence, never a traceback on screen
        described = describe_failure(exc)
        if described is None:
            raise
        log.error("Could not open the database (%s)", type(exc).__name__)
        show_message("Attendance Desk cannot open its database", f"{described[:1].upper()}{described[1:]}.")
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
        from attendance_desk.ui.main_window import MainWindow, schedule_first_run
        from attendance_desk.ui.tasks import TaskRunner

        context = AppContext(store, TaskRunner(), *staff)
        window = MainWindow(context)
        window.show()
        log.info("Main window open; staff member %s working", staff[0])
        idle = IdleLock(idle_lock_minutes(store), window.lock)
        app.installEventFilter(idle)
        daily_check = start_daily_check(context)
        schedule_first_run(window)
        start_housekeeping(context)
        code = run_event_loop(app)
        daily_check.stop()
        close_down(app, window)
        return code
    finally:
        store.dispose()
