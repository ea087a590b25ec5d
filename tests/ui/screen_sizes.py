"""Every page and the main dialogs at one office screen size: screenshots, and a list of anything clipped.

Run in its own process (the scale factor must be set before Qt starts)::

    QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=1.25 python -m tests.ui.screen_sizes \\
        --screen 1366x768 --data /tmp/demo --out docs/screenshots/sizes/1366x768@125

It prints one JSON object: the window size in logical pixels and, per view, the labels and buttons whose text
does not fit (``clipped``). ``tests/ui/test_screen_sizes.py`` runs it at the four sizes of issue 13; with
``--out`` it also writes a small PNG of each view (docs/screenshots/sizes).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import date
from pathlib import Path

from tests.helpers.accounts import everyone

TASKBAR = 40  # pixels (device) a Windows taskbar takes at the bottom
TITLE_BAR = 30  # logical pixels the window manager adds above the window
# Besides the calling desk's report, visit and find dialogs: the casework, letters, import and sign-in dialogs
MAIN_DIALOGS = ("StageDialog", "ContractDialog", "MedicalPlanDialog", "DeliveryDialog (many letters)")
MAIN_DIALOGS += ("MappingDialog", "WithdrawDialog", "StaffChooserDialog")


def _clipped(root) -> list[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QHeaderView, QLabel, QStyle

    problems = []
    for label in root.findChildren(QLabel):
        if not label.isVisibleTo(root) or label.wordWrap() or not label.text() or label.width() <= 0:
            continue
        if label.textFormat() == label.textFormat().RichText or "<" in label.text():
            continue
        if label.minimumSizeHint().width() > label.width() + 1:
            problems.append(f"label '{label.text()[:40]}' {label.width()} < {label.minimumSizeHint().width()}")
    for header in root.findChildren(QHeaderView):
        if not header.isVisibleTo(root) or header.orientation() != Qt.Orientation.Horizontal or header.width() <= 0:
            continue
        model = header.model()
        for section in range(header.count()):
            if header.isSectionHidden(section) or header.sectionSize(section) <= 0:
                continue
            text = str(model.headerData(section, Qt.Orientation.Horizontal) or "") if model is not None else ""
            # the heading's text and the style's margins (and the sort arrow on the sorted column)
            margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
            needed = max(header.fontMetrics().horizontalAdvance(line) for line in text.split("\n")) + 2 * margin
            if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
                needed += header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margin
            if text and needed > header.sectionSize(section) + 1:
                problems.append(f"heading '{text[:30]}' {header.sectionSize(section)} < {needed}")
    for button in root.findChildren(QAbstractButton):
        if not button.isVisibleTo(root) or not button.text() or button.width() <= 0:
            continue
        if button.minimumSizeHint().width() > button.width() + 1:
            problems.append(f"button '{button.text()[:40]}' {button.width()} < {button.minimumSizeHint().width()}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--screen", default="1366x768")
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", default="")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.screen.split("x"))
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1") or 1)

    if os.environ.get("QT_QPA_PLATFORM", "offscreen").startswith("offscreen"):
        # The offscreen screen is 800×800 unless told otherwise: make it this laptop's, less the taskbar, so the
        # dialogs that size themselves to the screen do so as they would on it.
        screen = {"name": "Laptop", "x": 0, "y": 0, "width": width, "height": height - TASKBAR}
        config = Path(args.data) / f"screen-{width}x{height}.json"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(json.dumps({"windowFrameMargins": False, "screens": [{**screen, "logicalDpi": 96}]}))
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

    from attendance_desk.app import ensure_application
    from attendance_desk.services import staff as staff_service
    from attendance_desk.store.open import open_store
    from attendance_desk.ui import preferences
    from attendance_desk.ui.context import AppContext
    from attendance_desk.ui.main_window import MainWindow
    from attendance_desk.ui.pages import PAGES
    from attendance_desk.ui.tasks import TaskRunner

    app = ensure_application()
    preferences.use_file(Path(args.data) / "screens-preferences.ini")
    store = open_store(Path(args.data))
    if not staff_service.list_staff(store):
        from attendance_desk.services.demo import create_demo_school

        create_demo_school(store, 420, today=date(2026, 11, 27))
    member = staff_service.list_staff(store)[0]
    context = AppContext(store, TaskRunner(synchronous=True), member.id, member.name)
    window = MainWindow(context)
    logical_w = round(width / scale)
    logical_h = round((height - TASKBAR) / scale) - TITLE_BAR
    window.show()
    window.resize(logical_w, logical_h)
    out = Path(args.out) if args.out else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    report: dict[str, object] = {"window": [window.width(), window.height()], "views": {}, "scrolls_sideways": []}
    views: dict[str, list[str]] = {}
    sideways: list[str] = []

    def shoot(name: str, widget: QWidget) -> None:
        for _ in range(3):
            app.processEvents()
        views[name] = _clipped(widget)
        if out is not None:
            widget.grab().save(str(out / f"{name}.png"))

    for spec in PAGES:
        window.show_page(spec.key)
        shoot(spec.key, window)
        holder = window._holders[spec.key]
        if holder.horizontalScrollBar().maximum() > 0:
            sideways.append(spec.key)
        for inner in window.pages[spec.key].findChildren(QScrollArea):  # a pane that scrolls on its own (call panel)
            if inner.isVisibleTo(window) and inner.widgetResizable() and inner.horizontalScrollBar().maximum() > 0:
                sideways.append(f"{spec.key}: {inner.parentWidget().__class__.__name__}")
    pupil_id = next(r.id for r in _pupils(store))
    context.events.open_pupil.emit(pupil_id)
    shoot("pupil", window)
    from attendance_desk.ui.calling.report_dialog import ReportDialog
    from attendance_desk.ui.calling.visit_dialog import VisitDialog
    from attendance_desk.ui.find_dialog import FindDialog
    from tests.ui import dialog_catalogue as catalogue

    sample = catalogue.Sample(pupil_id, None, None, Path(args.data), date(2026, 11, 27))
    more = [
        ("dialog-" + re.sub(r"[^a-z]+", "-", name.lower()).strip("-"), catalogue.build(name)(context, sample, window))
        for name in MAIN_DIALOGS
    ]
    for name, dialog in (
        ("dialog-report", ReportDialog(context, date(2026, 11, 26), None, window)),
        ("dialog-visit", VisitDialog(context, 1, "A pupil", window)),
        ("dialog-find", FindDialog(context, window)),
        *more,
    ):
        dialog.show()
        available_h = logical_h + TITLE_BAR
        fits = dialog.height() <= available_h and dialog.width() <= logical_w
        shoot(name, dialog)
        if not fits:
            views[name].append(f"dialog {dialog.width()}x{dialog.height()} larger than {logical_w}x{available_h}")
        dialog.close()
    report["views"] = views
    report["scrolls_sideways"] = sideways
    print(json.dumps(report))
    window.shut_down()
    store.dispose()
    QApplication.processEvents()
    return 0


def _pupils(store):  # type: ignore[no-untyped-def]
    from attendance_desk.services import pupils as pupil_service

    return pupil_service.list_pupils(store, everyone(store)).rows


if __name__ == "__main__":
    sys.exit(main())
