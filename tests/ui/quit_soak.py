"""A long scripted session in the real app, then a real quit: the hunt for the crash on quit (exit 135).

Run in its own process on a real X display with a window manager (Xvfb + openbox), on a copy of the demo school::

    DISPLAY=:13 python -X faulthandler -m tests.ui.quit_soak --data /tmp/demo-copy --quit ctrl-q --rounds 3

It starts the app as a user would (``attendance_desk.app.run_app``: lock file, store, main window, idle lock,
housekeeping, live updates; only the sign-in dialog is answered by the script), then, from the event loop, visits
every page and every tab, opens a pupil, opens and closes every dialog of ``dialog_catalogue``, and runs the
reports, a letters preview and a marks import as background tasks. Then it quits as the person would, through
the X server with xdotool: Ctrl+Q, a click on the window manager's close button, or Ctrl+Q while a large import
is still running. The process exit code is the verdict (0; 135 would be the crash); the last stdout line says how
far the script got. ``tests/ui/test_quit_soak.py`` (marked ``soak``) runs it many times.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

QUIT_WAYS = ("ctrl-q", "close", "busy")
STEP_MS = 15
SCRIPT_FAILED = 70


def _xdotool(*args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, timeout=30)


def _marks_file(store: object, actor_id: int | None, folder: Path, days: int) -> Path:
    """A marks export for every demo pupil over ``days`` school days: large enough to keep an import busy."""
    from attendance_desk.services import pupils as pupil_service

    upns = [row.upn for row in pupil_service.list_pupils(store, actor_id).rows]  # type: ignore[arg-type]
    path = folder / "soak-marks.csv"
    lines = ["UPN,Date,Session,Mark"]
    day = date(2026, 9, 7)
    written = 0
    while written < days:
        if day.weekday() < 5:
            lines += [f"{upn},{day:%d/%m/%Y},{s},/" for upn in upns for s in ("AM", "PM")]
            written += 1
        day += timedelta(days=1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _session(window: object, quit_way: str, rounds: int, folder: Path) -> Iterator[None]:
    """The scripted session, one step per yield (the event loop runs between steps)."""
    from PySide6.QtWidgets import QApplication, QTabWidget

    from attendance_desk.services import pupils as pupil_service
    from attendance_desk.ui.main_window import MainWindow
    from attendance_desk.ui.pages import PAGES
    from tests.ui import dialog_catalogue as catalogue

    assert isinstance(window, MainWindow)
    context = window.context
    store = context.store
    pupil_id = pupil_service.list_pupils(store, context.staff_id).rows[0].id
    sample = catalogue.Sample(pupil_id, None, None, folder, date.today())
    small_import = _marks_file(store, context.staff_id, folder, 2)
    for round_number in range(rounds):
        for spec in PAGES:
            page = window.show_page(spec.key)
            yield
            for tabs in page.findChildren(QTabWidget):
                if tabs.isVisibleTo(window):
                    for index in range(tabs.count()):
                        tabs.setCurrentIndex(index)
                        yield
        context.events.open_pupil.emit(pupil_id)
        yield
        for name, dialog in catalogue.dialogs(context, sample, window):
            if name.startswith(("FirstRun", "StaffChooser")) and round_number % 2:
                dialog.deleteLater()
                continue
            dialog.show()
            yield
            dialog.close()
            dialog.deleteLater()
            yield
        reports = window.show_page("reports")
        reports.run_reports()  # type: ignore[attr-defined]
        letters = window.show_page("letters")
        make = letters.make  # type: ignore[attr-defined]
        for row in range(min(make.pupils.count(), 5)):
            from PySide6.QtCore import Qt

            make.pupils.item(row).setCheckState(Qt.CheckState.Checked)
        make.show_preview()
        sync = window.show_page("sync")
        sync.run_import(str(small_import), "marks", None)  # type: ignore[attr-defined]
        for _ in range(20):
            yield
        print(f"round {round_number + 1} done", flush=True)
    window.show_page("today")
    window.activateWindow()
    window.raise_()
    for _ in range(10):
        yield
    if quit_way == "busy":
        big = _marks_file(store, context.staff_id, folder, 60)
        window.show_page("sync").run_import(str(big), "marks", None)  # type: ignore[attr-defined]
        yield
        print(f"busy: {context.tasks.active_count} task(s) running at the quit", flush=True)
    for attempt in range(5):  # a key sent while the window manager is still settling focus can be lost: again
        QApplication.processEvents()
        if quit_way == "close":
            frame = window.frameGeometry()
            # openbox draws the close button at the right end of the title bar, above the window's client area
            _xdotool("mousemove", str(frame.right() - 12), str(frame.top() + 10), "click", "1")
        else:
            _xdotool("windowactivate", "--sync", str(int(window.winId())), "key", "ctrl+q")
        print(f"quit sent: {quit_way} (try {attempt + 1})", flush=True)
        for _ in range(200):
            yield
    while True:  # the app should have closed; the caller's timeout says it did not
        yield


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--quit", choices=QUIT_WAYS, default="ctrl-q")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    folder = Path(args.data)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from attendance_desk import app as desk_app
    from attendance_desk.ui import preferences

    preferences.use_file(folder / "soak-preferences.ini")
    staff_id = int(os.environ.get("SOAK_STAFF", "1"))  # the demo's head teacher: every page and dialog is open to them

    def signed_in(store: object) -> tuple[int, str]:
        from attendance_desk.services import staff as staff_service

        member = next(m for m in staff_service.list_staff(store) if m.id == staff_id)  # type: ignore[arg-type]
        return member.id, member.name

    def event_loop(app: QApplication) -> int:
        window = next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow")
        steps = _session(window, args.quit, args.rounds, folder)
        timer = QTimer(window)

        busy = [False]

        def step() -> None:
            modal = app.activeModalWidget()
            if isinstance(modal, QMessageBox):  # a message the script caused: note it and answer it
                print(f"message: {modal.text()[:80]!r}", flush=True)
                modal.reject()
                return
            if busy[0]:  # a step opened a nested event loop; carry on when it returns
                return
            busy[0] = True
            try:
                next(steps)
            except StopIteration:
                timer.stop()
            except Exception:  # the script itself broke: say so and end the session, never hang
                traceback.print_exc()
                print("script failed", flush=True)
                timer.stop()
                app.exit(SCRIPT_FAILED)
            finally:
                busy[0] = False

        timer.timeout.connect(step)
        timer.start(STEP_MS)
        return app.exec()

    desk_app.choose_staff = signed_in
    desk_app.run_event_loop = event_loop
    code = desk_app.run_app(str(folder))
    print(f"run_app returned {code}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
