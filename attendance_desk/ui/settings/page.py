"""The Settings page: one tab per registered settings area (see ``ui/settings/tabs.py``)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from attendance_desk.ui.context import AppContext
from attendance_desk.ui.settings.tabs import SETTINGS_TABS, create_tab


def _call_on_shown(widget: QWidget | None) -> None:
    hook = getattr(widget, "on_shown", None)
    if callable(hook):
        hook()


class SettingsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        title = QLabel("Settings")
        title.setObjectName("pageTitle")
        self.tabs = QTabWidget()
        self.tab_by_key: dict[str, QWidget] = {}
        for spec in SETTINGS_TABS:
            tab = create_tab(spec, context)
            self.tab_by_key[spec.key] = tab
            self.tabs.addTab(tab, spec.title)
        self.tabs.currentChanged.connect(lambda i: _call_on_shown(self.tabs.widget(i)))
        context.events.staff_changed.connect(lambda _staff: self.show_allowed_tabs())
        self.show_allowed_tabs()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    def show_allowed_tabs(self) -> None:
        """Hide the tabs the signed-in person's roles do not allow (the services refuse them anyway)."""
        for index, spec in enumerate(SETTINGS_TABS):
            self.tabs.setTabVisible(index, spec.permission is None or self.context.can(spec.permission))

    def on_shown(self) -> None:
        _call_on_shown(self.tabs.currentWidget())

    def show_tab(self, key: str) -> QWidget:
        tab = self.tab_by_key[key]
        self.tabs.setCurrentWidget(tab)
        return tab


def create_page(context: AppContext) -> QWidget:
    return SettingsPage(context)
