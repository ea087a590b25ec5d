"""The main window: navigation on the left (Ctrl+1…Ctrl+8), the current page on the right, who is working below."""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QColor, QGuiApplication, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from attendance_desk import __version__
from attendance_desk.domain.access import Permission, allowed
from attendance_desk.services import school as school_service
from attendance_desk.services.access import roles_of
from attendance_desk.ui import preferences
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.pages import PAGES, create_page, page_spec
from attendance_desk.ui.widgets.unsaved import confirm_leave

log = logging.getLogger(__name__)
SHORTCUT_ROLE = int(Qt.ItemDataRole.UserRole) + 1
# The smallest window every page and dialog is laid out for: 1280×720 at 100% and 1366×768 at 125% (1093×614
# logical pixels) both leave at least this much once a taskbar and a title bar are taken off.
MINIMUM_SIZE = QSize(880, 430)  # also fits 1366×768 at 150% (911×512) under a title bar and a taskbar
PREFERRED_SIZE = QSize(1366, 860)
GLOBAL_SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+F", "find a pupil or parent (name, UPN, phone number or email)"),
    ("Esc / Alt+Left", "back to where you came from"),
    ("Ctrl+Shift+U", "switch staff member"),
    ("Ctrl+Q", "quit"),
    ("F1", "this list"),
)
Location = tuple[str, int | None]  # (page key, pupil id on the Pupils page)


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
        self.setMinimumSize(MINIMUM_SIZE)
        self.pages: dict[str, QWidget] = {}
        self._holders: dict[str, QScrollArea] = {}
        self.history: list[Location] = []
        self._going_back = False
        self._closing = False

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
        self.navigation.setFixedWidth(190)
        # Each title and its key are drawn to fit the column: never a sideways scroll bar under the list (150%)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        back = QShortcut(QKeySequence("Alt+Left"), self)
        back.activated.connect(self.go_back)

        self.navigation.currentRowChanged.connect(self._show_row)
        events = context.events
        events.open_pupil.connect(self.open_pupil)
        events.open_page.connect(self.show_page)
        events.staff_changed.connect(lambda _id: self._update_staff_label())
        events.staff_changed.connect(lambda _id: self._show_allowed_pages())
        context.tasks.refused.connect(lambda text: self.statusBar().showMessage(text, 10000))
        events.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        events.data_changed.connect(self._on_data_changed)
        events.back_requested.connect(self.go_back)
        from attendance_desk.ui.sync.watcher import start_folder_watcher  # imports exports dropped in the folder

        self.watcher = start_folder_watcher(context)
        self._update_staff_label()
        self._update_school_label()
        self._show_allowed_pages()
        self.show_page("pupils")
        self.history.clear()
        self.fit_to_screen()

    # -- size and place ---------------------------------------------------------------------------------------
    def fit_to_screen(self, available: QRect | None = None) -> None:
        """Where this PC last had the window, if that still fits a screen; else as large as fits, centred.

        ``available`` is the screen's free area (the primary screen's when not given; tests pass a size).
        """
        saved = preferences.window_geometry("main")
        if saved is not None and self.restoreGeometry(saved) and self._fits_a_screen(available):
            return
        if available is None:
            screen = self.screen() or QGuiApplication.primaryScreen()
            available = screen.availableGeometry()
        # Leave room for the frame the window manager adds (title bar and borders).
        width = max(min(PREFERRED_SIZE.width(), available.width() - 16), MINIMUM_SIZE.width())
        height = max(min(PREFERRED_SIZE.height(), available.height() - 40), MINIMUM_SIZE.height())
        self.resize(width, height)
        self.move(
            available.left() + max((available.width() - width) // 2, 0),
            available.top() + max((available.height() - height - 32) // 2, 0),
        )

    def _fits_a_screen(self, available: QRect | None = None) -> bool:
        frame = self.frameGeometry()
        areas = [available] if available is not None else [s.availableGeometry() for s in QGuiApplication.screens()]
        for free in areas:
            area = free.adjusted(-8, -8, 8, 8)
            if area.contains(frame.topLeft()) and frame.width() <= area.width() and frame.height() <= area.height():
                return True
        return False

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
        self.find_action = QAction("Find a pupil or parent…", self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.find_action.triggered.connect(self.open_find)
        go_menu.addAction(self.find_action)
        back = QAction("Back", self)
        back.triggered.connect(self.go_back)
        go_menu.addAction(back)
        go_menu.addSeparator()
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

    def page_shortcuts(self) -> list[tuple[str, str]]:
        """The keys of the page in front (its ``shortcut_help()``, else what its shortcuts say about themselves)."""
        from attendance_desk.ui.keyboard import shortcuts_of

        return shortcuts_of(self.current_page())

    def shortcut_text(self) -> str:
        title = page_spec(self.current_page_key()).title
        page = self.page_shortcuts()
        lines = [f"On {title}:"] + [f"{keys}\t{what}" for keys, what in page]
        if not page:
            lines.append("(no keys of its own)")
        lines += ["", "Everywhere:"]
        lines += [f"{page_shortcut(i)}\t{spec.title}" for i, spec in enumerate(PAGES)]
        lines += [f"{keys}\t{what}" for keys, what in GLOBAL_SHORTCUTS]
        return "\n".join(lines)

    def show_shortcuts(self) -> None:
        title = page_spec(self.current_page_key()).title
        box = QMessageBox(QMessageBox.Icon.NoIcon, f"Keyboard shortcuts: {title}", self.shortcut_text(), parent=self)
        box.setObjectName("shortcutsBox")
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
            # A page smaller than its content scrolls instead of being cut off (small screens, large text).
            holder = QScrollArea()
            holder.setObjectName(f"pageHolder_{key}")
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            holder.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            holder.setWidget(self._titled(widget, page_spec(key).title))
            self.pages[key] = widget
            self._holders[key] = holder
            self.stack.addWidget(holder)
        return widget

    def current_page(self) -> QWidget:
        return self.pages[self.current_page_key()]

    @staticmethod
    def _titled(page: QWidget, title: str) -> QWidget:
        """Every page opens with its navigation title: pages without a heading of their own get one here."""
        if page.findChild(QLabel, "pageTitle") is not None:
            return page
        frame = QWidget()
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(20, 16, 20, 0)
        layout.setSpacing(4)
        layout.addWidget(heading)
        layout.addWidget(page, 1)
        return frame

    def _show_allowed_pages(self) -> None:
        """Hide the pages the signed-in person may not use: a scheduled-sync account sees Import/Export and Settings,
        not pupils. Nobody signed in (the start-up check) sees every page, and each read there is refused."""
        if self.context.staff_id is None:
            return
        roles = roles_of(self.context.store, self.context.staff_id)
        for row, spec in enumerate(PAGES):
            hidden = spec.permission is not None and not allowed(roles, spec.permission)
            self.navigation.item(row).setHidden(hidden)
            self.page_actions[spec.key].setVisible(not hidden)
        self.find_action.setVisible(allowed(roles, Permission.READ_PUPILS))
        if self.navigation.currentRow() >= 0 and self.navigation.item(self.navigation.currentRow()).isHidden():
            self.show_page(self.current_page_key())

    def show_page(self, key: str) -> QWidget:
        row = [spec.key for spec in PAGES].index(key)
        if self.navigation.item(row).isHidden():  # not for this person: the first page they may use instead
            row = next((r for r in range(len(PAGES)) if not self.navigation.item(r).isHidden()), row)
        if self.navigation.currentRow() != row:
            self.navigation.setCurrentRow(row)  # → _show_row
        else:
            self._show_row(row)
        return self.pages[PAGES[self.navigation.currentRow()].key]

    def current_page_key(self) -> str:
        return PAGES[self.navigation.currentRow()].key

    def location(self) -> Location | None:
        key = self.stack_key()
        if key is None:
            return None
        pupil = getattr(self.pages[key], "shown_pupil_id", None)
        return key, pupil() if callable(pupil) else None

    def stack_key(self) -> str | None:
        holder = self.stack.currentWidget()
        return next((key for key, h in self._holders.items() if h is holder), None)

    def _remember(self, before: Location | None) -> None:
        if before is not None and not self._going_back and before != self.location():
            if not self.history or self.history[-1] != before:
                self.history.append(before)
            del self.history[:-50]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        before = self.location()
        leaving = self.stack_key()
        if leaving is not None and leaving != PAGES[row].key and not confirm_leave(self, self.pages[leaving]):
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow([spec.key for spec in PAGES].index(leaving))
            self.navigation.blockSignals(False)
            return
        widget = self.page(PAGES[row].key)
        self.stack.setCurrentWidget(self._holders[PAGES[row].key])
        hook = getattr(widget, "on_shown", None)
        if callable(hook):
            hook()
        self._remember(before)

    def open_pupil(self, pupil_id: int) -> None:
        before = self.location()
        page = self.show_page("pupils")
        if self.current_page_key() != "pupils":
            return  # the user chose to stay on a page with unsaved changes
        opener = getattr(page, "open_pupil", None)
        if callable(opener):
            opener(pupil_id)
        self._remember(before)

    def go_back(self) -> None:
        """Esc or Alt+Left: back to the page (or pupil) the user came from; the pupil list when there is none."""
        self._going_back = True
        try:
            while self.history:
                key, pupil = self.history.pop()
                if (key, pupil) == self.location():
                    continue
                if pupil is not None:
                    self.open_pupil(pupil)
                else:
                    page = self.show_page(key)
                    shower = getattr(page, "show_list", None)
                    if key == "pupils" and callable(shower):
                        shower()
                return
            page = self.show_page("pupils")
            shower = getattr(page, "show_list", None)
            if callable(shower):
                shower()
        finally:
            self._going_back = False

    def open_find(self) -> None:
        from attendance_desk.ui.find_dialog import FindDialog

        dialog = FindDialog(self.context, self)
        dialog.open()

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
        if self._closing:
            event.accept()
            return
        key = self.stack_key()
        if key is not None and not confirm_leave(self, self.pages[key]):
            event.ignore()
            return
        for other, page in self.pages.items():
            if other != key and not confirm_leave(self, page):
                event.ignore()
                return
        self._closing = True
        preferences.remember_window_geometry("main", self.saveGeometry())
        self.shut_down()
        super().closeEvent(event)

    def shut_down(self) -> None:
        """Stop everything that could call back into the window once it is gone, in a fixed order.

        The folder watcher's timer first (it starts imports), then the task runner (waits for the workers and
        drops their pending callbacks), then any timers the pages own. Quitting then never races a late callback
        into a widget Qt has already destroyed.
        """
        watcher = getattr(self, "watcher", None)
        if watcher is not None:
            watcher.timer.stop()
        self.context.tasks.shutdown(wait=True)
        for timer in self.findChildren(QTimer):
            timer.stop()


def schedule_first_run(window: MainWindow) -> None:
    QTimer.singleShot(0, window.offer_first_run)
