"""The settings-tab registry: the tabs of the Settings page, in order.

Each :class:`SettingsTabSpec` names a module and a factory ``create_tab(context: AppContext) -> QWidget``,
imported when the Settings page is first opened. A tab owns its own form and its own Save button, saves through
a service with ``context.store`` and ``context.staff_id`` (so the audit log records who), then calls
``context.notify(...)`` so other pages reload. A tab may define ``on_shown()`` (called when it becomes visible).

Features add ONE line to ``SETTINGS_TABS``, e.g.::

    SettingsTabSpec("calling", "Calling", "attendance_desk.ui.calling.settings_tab"),
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from attendance_desk.domain.access import Permission
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.widgets.registry import build_from_module


@dataclass(frozen=True, slots=True)
class SettingsTabSpec:
    key: str
    title: str
    module: str
    factory: str = "create_tab"
    permission: Permission | None = None  # the tab is hidden from people whose roles do not grant it


_SCHOOL, _PROCESS = Permission.SCHOOL_SETTINGS, Permission.PROCESS_SETTINGS
SETTINGS_TABS: list[SettingsTabSpec] = [
    SettingsTabSpec("school", "School", "attendance_desk.ui.settings.school_tab", permission=_SCHOOL),
    SettingsTabSpec("attendance", "Attendance rules", "attendance_desk.ui.settings.rules_tab", permission=_SCHOOL),
    SettingsTabSpec("staff", "Staff", "attendance_desk.ui.settings.staff_tab", permission=Permission.MANAGE_STAFF),
    SettingsTabSpec("calling", "Calling desk", "attendance_desk.ui.calling.settings_tab", permission=_PROCESS),
    SettingsTabSpec("sync", "MIS sync", "attendance_desk.ui.sync.settings_tab", permission=_SCHOOL),
    SettingsTabSpec("stages", "Staged process", "attendance_desk.ui.casework.stages_settings_tab", permission=_PROCESS),
    SettingsTabSpec("security", "Security", "attendance_desk.ui.settings.security_tab"),
]


def create_tab(spec: SettingsTabSpec, context: AppContext) -> QWidget:
    """Build one tab; a tab that fails to import or build shows the error instead of breaking Settings."""
    return build_from_module(spec.module, spec.factory, spec.title, context)
