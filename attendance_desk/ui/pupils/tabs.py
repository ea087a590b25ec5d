"""The pupil-page tab registry: the tabs shown on one pupil's page, in order.

Each :class:`PupilTabSpec` names a module and a factory
``create_pupil_tab(context: AppContext, pupil_id: int) -> QWidget``, imported when a pupil page is first built.
A new widget is made for each pupil opened. A tab may define ``on_shown()`` (called when it becomes visible, so
heavy loading can wait until then) and should reload on ``context.events.data_changed``.

Features add ONE line to ``PUPIL_TABS``, e.g.::

    PupilTabSpec("calls", "Calls", "attendance_desk.ui.calling.pupil_calls_tab"),
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from attendance_desk.ui.context import AppContext
from attendance_desk.ui.widgets.registry import build_from_module


@dataclass(frozen=True, slots=True)
class PupilTabSpec:
    key: str
    title: str
    module: str
    factory: str = "create_pupil_tab"


PUPIL_TABS: list[PupilTabSpec] = [
    PupilTabSpec("attendance", "Attendance", "attendance_desk.ui.pupils.figures_tab"),
    PupilTabSpec("register", "Register", "attendance_desk.ui.pupils.register_tab"),
    PupilTabSpec("contacts", "Contacts", "attendance_desk.ui.pupils.contacts_tab"),
    PupilTabSpec("casework", "Casework", "attendance_desk.ui.casework.page"),
]


def create_pupil_tab(spec: PupilTabSpec, context: AppContext, pupil_id: int) -> QWidget:
    """Build one tab for one pupil; a failing tab shows the error instead of breaking the pupil page."""
    return build_from_module(spec.module, spec.factory, spec.title, context, pupil_id)
