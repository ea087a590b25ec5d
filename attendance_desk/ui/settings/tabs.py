"""The settings-tab registry: the tabs of the Settings page, in order.

Each :class:`SettingsTabSpec` holds a factory ``(context: AppContext) -> QWidget``; the factories below import
their tab's module when the Settings page is first opened, so one tab's failure shows as an error in that tab only.
A tab owns its own form and its own Save button, saves through a service with ``context.store`` and
``context.staff_id`` (so the audit log records who), then calls ``context.notify(...)`` so other pages reload. A tab
may define ``on_shown()`` (called when it becomes visible).

Features write a factory and add ONE line to ``SETTINGS_TABS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from attendance_desk.domain.access import Permission
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.widgets.registry import build_safely

TabFactory = Callable[[AppContext], QWidget]


@dataclass(frozen=True, slots=True)
class SettingsTabSpec:
    key: str
    title: str
    factory: TabFactory
    permission: Permission | None = None  # the tab is hidden from people whose roles do not grant it


def _school(context: AppContext) -> QWidget:
    from attendance_desk.ui.settings import school_tab

    return school_tab.create_tab(context)


def _rules(context: AppContext) -> QWidget:
    from attendance_desk.ui.settings import rules_tab

    return rules_tab.create_tab(context)


def _staff(context: AppContext) -> QWidget:
    from attendance_desk.ui.settings import staff_tab

    return staff_tab.create_tab(context)


def _calling(context: AppContext) -> QWidget:
    from attendance_desk.ui.calling import settings_tab

    return settings_tab.create_tab(context)


def _sync(context: AppContext) -> QWidget:
    from attendance_desk.ui.sync import settings_tab

    return settings_tab.create_tab(context)


def _stages(context: AppContext) -> QWidget:
    from attendance_desk.ui.casework import stages_settings_tab

    return stages_settings_tab.create_tab(context)


def _backup(context: AppContext) -> QWidget:
    from attendance_desk.ui.settings import backup_tab

    return backup_tab.create_tab(context)


def _server(context: AppContext) -> QWidget:
    from attendance_desk.ui.settings import server_tab

    return server_tab.create_tab(context)


def _security(context: AppContext) -> QWidget:
    from attendance_desk.ui.settings import security_tab

    return security_tab.create_tab(context)


_SCHOOL, _PROCESS = Permission.SCHOOL_SETTINGS, Permission.PROCESS_SETTINGS
SETTINGS_TABS: list[SettingsTabSpec] = [
    SettingsTabSpec("school", "School", _school, _SCHOOL),
    SettingsTabSpec("attendance", "Attendance rules", _rules, _SCHOOL),
    SettingsTabSpec("staff", "Staff", _staff, Permission.MANAGE_STAFF),
    SettingsTabSpec("calling", "Calling desk", _calling, _PROCESS),
    SettingsTabSpec("sync", "MIS sync", _sync, _SCHOOL),
    SettingsTabSpec("stages", "Staged process", _stages, _PROCESS),
    SettingsTabSpec("backup", "Backup", _backup, _SCHOOL),
    SettingsTabSpec("server", "This PC", _server),
    SettingsTabSpec("security", "Security", _security),
]


def create_tab(spec: SettingsTabSpec, context: AppContext) -> QWidget:
    """Build one tab; a tab that fails to import or build shows the error instead of breaking Settings."""
    return build_safely(spec.title, spec.factory, context)
