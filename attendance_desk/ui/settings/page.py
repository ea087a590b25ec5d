"""The Settings page: one tab per registered settings area (see ``ui/settings/tabs.py``).

Ctrl+S saves the tab in front (each tab owns its Save button). Edits not yet saved are noticed when the user
leaves the page or quits (see ``ui/widgets/unsaved.py``): a tab's form is compared with the snapshot taken when
it was shown or last saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from attendance_desk.ui.context import AppContext
from attendance_desk.ui.settings.tabs import SETTINGS_TABS, create_tab
from attendance_desk.ui.widgets.unsaved import FormState, find_save_button, form_state


def _call_on_shown(widget: QWidget | None) -> None:
    hook = getattr(widget, "on_shown", None)
    if callable(hook):
        hook()


def _front(widget: QWidget) -> QWidget:
    """The innermost tab in front (the Calling desk tab holds tabs of its own)."""
    while isinstance(widget, QTabWidget) and widget.currentWidget() is not None:
        widget = widget.currentWidget()
    return widget


class SettingsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        title = QLabel("Settings")
        title.setObjectName("pageTitle")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Settings areas")
        self.tab_by_key: dict[str, QWidget] = {}
        self.titles: dict[str, str] = {}
        self._clean: dict[str, FormState] = {}
        for spec in SETTINGS_TABS:
            tab = create_tab(spec, context)
            self.tab_by_key[spec.key] = tab
            self.titles[spec.key] = spec.title
            self.tabs.addTab(tab, spec.title)
        self.tabs.currentChanged.connect(self._tab_changed)
        context.events.staff_changed.connect(lambda _staff: self.show_allowed_tabs())
        self.show_allowed_tabs()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        save = QShortcut(QKeySequence("Ctrl+S"), self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save_current)
        # A tab notifies after it has saved: what it now shows is what is stored.
        context.events.data_changed.connect(lambda _area: self._snapshot(self.current_key()))

    def show_allowed_tabs(self) -> None:
        """Hide the tabs the signed-in person's roles do not allow (the services refuse them anyway)."""
        for index, spec in enumerate(SETTINGS_TABS):
            self.tabs.setTabVisible(index, spec.permission is None or self.context.can(spec.permission))

    def on_shown(self) -> None:
        _call_on_shown(self.tabs.currentWidget())
        for key in self.tab_by_key:
            self._clean.setdefault(key, form_state(self.tab_by_key[key]))

    def _tab_changed(self, index: int) -> None:
        _call_on_shown(self.tabs.widget(index))
        key = self.current_key()
        self._clean.setdefault(key, form_state(self.tab_by_key[key]))

    def current_key(self) -> str:
        widget = self.tabs.currentWidget()
        return next(key for key, tab in self.tab_by_key.items() if tab is widget)

    def show_tab(self, key: str) -> QWidget:
        tab = self.tab_by_key[key]
        self.tabs.setCurrentWidget(tab)
        return tab

    def _snapshot(self, key: str) -> None:
        self._clean[key] = form_state(self.tab_by_key[key])

    # --- unsaved changes (asked by the main window) -------------------------------------------------------------

    def dirty_tabs(self) -> list[str]:
        return [
            key for key, tab in self.tab_by_key.items() if key in self._clean and form_state(tab) != self._clean[key]
        ]

    def has_unsaved_changes(self) -> bool:
        return bool(self.dirty_tabs())

    def unsaved_description(self) -> str:
        return "the settings on " + ", ".join(f"“{self.titles[k]}”" for k in self.dirty_tabs())

    def save_current(self) -> bool:
        button = find_save_button(_front(self.tabs.currentWidget()))
        if button is None or not button.isEnabled():
            return False
        button.click()
        return self.current_key() not in self.dirty_tabs()

    def save_changes(self) -> bool:
        """Save every tab with changes; False (and that tab in front) when one could not be saved."""
        for key in self.dirty_tabs():
            self.show_tab(key)
            if not self.save_current():
                return False
        return True

    def discard_changes(self) -> None:
        for key in self.dirty_tabs():
            loader = getattr(self.tab_by_key[key], "load", None)
            if callable(loader):
                loader()
            self._snapshot(key)


def create_page(context: AppContext) -> QWidget:
    return SettingsPage(context)
