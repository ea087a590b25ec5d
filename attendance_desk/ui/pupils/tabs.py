"""The pupil-page tab registry: the tabs shown on one pupil's page, in order.

Each :class:`PupilTabSpec` holds a factory ``(context: AppContext, pupil_id: int) -> QWidget``; the factories below
import their tab's module when a pupil page is first built. A new widget is made for each pupil opened. A tab may
define ``on_shown()`` (called when it becomes visible, so heavy loading can wait until then) and should reload on
``context.events.data_changed``.

Features write a factory and add ONE line to ``PUPIL_TABS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from attendance_desk.ui.context import AppContext
from attendance_desk.ui.widgets.registry import build_safely

PupilTabFactory = Callable[[AppContext, int], QWidget]


@dataclass(frozen=True, slots=True)
class PupilTabSpec:
    key: str
    title: str
    factory: PupilTabFactory


def _attendance(context: AppContext, pupil_id: int) -> QWidget:
    from attendance_desk.ui.pupils import figures_tab

    return figures_tab.create_pupil_tab(context, pupil_id)


def _register(context: AppContext, pupil_id: int) -> QWidget:
    from attendance_desk.ui.pupils import register_tab

    return register_tab.create_pupil_tab(context, pupil_id)


def _contacts(context: AppContext, pupil_id: int) -> QWidget:
    from attendance_desk.ui.pupils import contacts_tab

    return contacts_tab.create_pupil_tab(context, pupil_id)


def _casework(context: AppContext, pupil_id: int) -> QWidget:
    from attendance_desk.ui.casework import page

    return page.create_pupil_tab(context, pupil_id)


def _certificate(context: AppContext, pupil_id: int) -> QWidget:
    from attendance_desk.ui.letters import certificate_tab

    return certificate_tab.create_pupil_tab(context, pupil_id)


PUPIL_TABS: list[PupilTabSpec] = [
    PupilTabSpec("attendance", "Attendance", _attendance),
    PupilTabSpec("register", "Register", _register),
    PupilTabSpec("contacts", "Contacts", _contacts),
    PupilTabSpec("casework", "Casework", _casework),
    PupilTabSpec("certificate", "Certificate", _certificate),
]


def create_pupil_tab(spec: PupilTabSpec, context: AppContext, pupil_id: int) -> QWidget:
    """Build one tab for one pupil; a failing tab shows the error instead of breaking the pupil page."""
    return build_safely(spec.title, spec.factory, context, pupil_id)
