"""The main window: navigation on the left (Ctrl+1…Ctrl+8), the current page on the right, who is working below."""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from attendance_desk import __version__
from attendance_desk.services import school as school_service
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.pages import PAGES, create_page, page_spec

log = logging.getLogger(__name__)
SHORTCUT_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def page_shortcut(position: int) -> str:
    return f"Ctrl+{position + 1}"


class _NavigationDelegate(QStyledItemDelegate):
    """Draws each page's keyboard shortcut, right-aligned and muted, beside its title."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().paint(painter, option, index)
        shortcut = index.data(SHORTCUT_ROLE)
        if shortcut:
            painter.save()
            painter.setPen(QColor("#8ea3ba"))
            rect = QRect(option.rect).adjusted(0, 0, -12, 0)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), shortcut)
            painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 60, max(size.height(), 36))


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Attendance Desk")
        self.resize(1280, 800)
        self.setMinimumSize(1024, 640)
        self.pages: dict[str, QWidget] = {}

        self.brand = QLabel("Attendance Desk")
        self.brand.setObjectName("brand")
        self.school_label = QLabel("")
        self.school_label.setObjectName("brandSchool")
        self.school_label.setWordWrap(True)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setItemDelegate(_NavigationDelegate(self.navigation))
        self.navigation.setAccessibleName("Pages")
        for position, spec in enumerate(PAGES):
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setData(SHORTCUT_ROLE, page_shortcut(position))
            item.setToolTip(f"{spec.summary} ({page_shortcut(position)})")
            self.navigation.addItem(item)
        self.navigation.setFixedWidth(210)
        self.stack = QStackedWidget()

        side = QWidget()
        side.setObjectName("sidebar")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(self.brand)
        side_layout.addWidget(self.school_label)
        side_layout.addWidget(self.navigation, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.staff_label = QLabel("")
        self.switch_button = QPushButton("Switch staff member…")
        self.switch_button.setToolTip("Choose who is working at this computer (Ctrl+Shift+U)")
        self.switch_button.clicked.connect(self.choose_staff)
        self.statusBar().addPermanentWidget(self.staff_label)
        self.statusBar().addPermanentWidget(self.switch_button)
        self._build_menus()

        self.navigation.currentRowChanged.connect(self._show_row)
        events = context.events
        events.open_pupil.connect(self.open_pupil)
        events.open_page.connect(self.show_page)
        events.staff_changed.connect(lambda _id: self._update_staff_label())
        events.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        events.data_changed.connect(self._on_data_changed)
        from attendance_desk.ui.sync.watcher import start_folder_watcher  # imports exports dropped in the folder

        start_folder_watcher(context)
        self._update_staff_label()
        self._update_school_label()
        self.show_page("pupils")

    # -- menus and shortcuts ----------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        switch = QAction("Switch staff member…", self)
        switch.setShortcut(QKeySequence("Ctrl+Shift+U"))
        switch.triggered.connect(self.choose_staff)
        file_menu.addAction(switch)
        file_menu.addSeparator()
        quit_action = QAction("Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu("&Go")
        self.page_actions: dict[str, QAction] = {}
        for position, spec in enumerate(PAGES):
            action = QAction(spec.title, self)
            action.setShortcut(QKeySequence(page_shortcut(position)))
            action.triggered.connect(lambda _checked=False, key=spec.key: self.show_page(key))
            go_menu.addAction(action)
            self.page_actions[spec.key] = action
        help_menu = self.menuBar().addMenu("&Help")
        keys = QAction("Keyboard shortcuts", self)
        keys.setShortcut(QKeySequence("F1"))
        keys.triggered.connect(self.show_shortcuts)
        help_menu.addAction(keys)
        about = QAction("About Attendance Desk", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def shortcut_text(self) -> str:
        lines = [f"{page_shortcut(i)}\t{spec.title}" for i, spec in enumerate(PAGES)]
        lines += [
            "Ctrl+F\tSearch the pupil list",
            "Enter\tOpen the selected pupil",
            "Esc\tBack from a pupil to the list",
            "Ctrl+Shift+U\tSwitch staff member",
            "F1\tThis list",
        ]
        return "\n".join(lines)

    def show_shortcuts(self) -> None:
        box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", self.shortcut_text(), parent=self)
        box.open()

    def show_about(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.NoIcon,
            "About Attendance Desk",
            f"Attendance Desk {__version__}\n\nThe attendance casework and evidence desk for school offices. "
            f"Your data is kept in:\n{self.context.store.data_dir}",
            parent=self,
        )
        box.open()

    # -- pages ------------------------------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page widget for ``key``, built on first use."""
        widget = self.pages.get(key)
        if widget is None:
            widget = create_page(page_spec(key), self.context)
            widget.setObjectName(f"page_{key}")
            self.pages[key] = widget
            self.stack.addWidget(widget)
        return widget

    def show_page(self, key: str) -> QWidget:
        row = [spec.key for spec in PAGES].index(key)
        if self.navigation.currentRow() != row:
            self.navigation.setCurrentRow(row)  # → _show_row
        else:
            self._show_row(row)
        return self.pages[key]

    def current_page_key(self) -> str:
        return PAGES[self.navigation.currentRow()].key

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        widget = self.page(PAGES[row].key)
        self.stack.setCurrentWidget(widget)
        hook = getattr(widget, "on_shown", None)
        if callable(hook):
            hook()

    def open_pupil(self, pupil_id: int) -> None:
        page = self.show_page("pupils")
        opener = getattr(page, "open_pupil", None)
        if callable(opener):
            opener(pupil_id)

    # -- staff and school -------------------------------------------------------------------------------------
    def _update_staff_label(self) -> None:
        name = self.context.staff_name or "nobody"
        self.staff_label.setText(f"Working as: {name}")

    def _update_school_label(self) -> None:
        details = school_service.load_school(self.context.store)
        self.school_label.setText(details.name or "No school set up yet")

    def _on_data_changed(self, area: str) -> None:
        if area in (DataArea.SETTINGS, DataArea.ALL):
            self._update_school_label()

    def choose_staff(self) -> None:
        from attendance_desk.ui.staff_chooser import StaffChooserDialog

        member = StaffChooserDialog.ask(self.context.store, self, current_id=self.context.staff_id)
        if member is not None:
            self.context.set_staff(member.id, member.name)
            self.context.notify(DataArea.STAFF)
            log.info("Staff member %s is now working", member.id)

    def lock(self) -> None:
        """After the idle time: hide the work and ask for a password; a colleague may sign in instead."""
        from attendance_desk.ui.staff_chooser import StaffChooserDialog

        central = self.centralWidget()
        assert central is not None
        central.setVisible(False)
        try:
            member = StaffChooserDialog.ask(self.context.store, self, current_id=self.context.staff_id, locked=True)
            while member is None:  # cancelling does not unlock: only a password does (or closing the app)
                if not self.isVisible():
                    return
                member = StaffChooserDialog.ask(self.context.store, self, self.context.staff_id, locked=True)
        finally:
            central.setVisible(True)
        if member.id != self.context.staff_id:
            self.context.set_staff(member.id, member.name)
            self.context.notify(DataArea.STAFF)
        log.info("Desk unlocked by staff member %s", member.id)

    def offer_first_run(self) -> None:
        """Shown once the window is up, when the school has no name and no pupils yet."""
        from attendance_desk.ui.first_run import FirstRunChoice, FirstRunDialog, needs_first_run

        if not needs_first_run(self.context.store):
            return
        choice = FirstRunDialog.ask(self.context, self)
        if choice is FirstRunChoice.IMPORT:
            self.show_page("sync")
        elif choice is FirstRunChoice.DEMO:
            self.context.notify(DataArea.ALL)
            self.show_page("pupils")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.context.tasks.shutdown(wait=True)
        super().closeEvent(event)


def schedule_first_run(window: MainWindow) -> None:
    QTimer.singleShot(0, window.offer_first_run)
