"""The navigation page registry: the pages of the main window, in order.

Each :class:`PageSpec` holds a factory ``(context: AppContext) -> QWidget``. The factories below import their page's
module only when the page is first opened, so start-up stays fast and one feature's import error cannot stop the
app (the page shows the error instead); the imports are still plain code that type checkers and the import-graph
test see.

A page widget may also define ``on_shown()``: the main window calls it each time the user switches to the page
(refresh lazily there). Pages listen to ``context.events.data_changed`` to reload after imports and edits.

To add a page, write its factory and add ONE line to ``PAGES`` (the position is the navigation order and its
Ctrl+number shortcut).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from attendance_desk.domain.access import Permission
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.widgets.registry import build_safely

PageFactory = Callable[[AppContext], QWidget]


@dataclass(frozen=True, slots=True)
class PageSpec:
    key: str
    title: str
    factory: PageFactory
    summary: str
    """One or two sentences: what the page is for (shown as its tooltip)."""
    permission: Permission | None = None
    """What the signed-in person needs to see the page at all (it is hidden from anyone without it)."""


def _today(context: AppContext) -> QWidget:
    from attendance_desk.ui.calling import today_page

    return today_page.create_page(context)


def _followups(context: AppContext) -> QWidget:
    from attendance_desk.ui.calling import followups_page

    return followups_page.create_page(context)


def _pupils(context: AppContext) -> QWidget:
    from attendance_desk.ui.pupils import page

    return page.create_page(context)


def _casework(context: AppContext) -> QWidget:
    from attendance_desk.ui.casework import page

    return page.create_page(context)


def _letters(context: AppContext) -> QWidget:
    from attendance_desk.ui.letters import page

    return page.create_page(context)


def _reports(context: AppContext) -> QWidget:
    from attendance_desk.ui.reports import page

    return page.create_page(context)


def _sync(context: AppContext) -> QWidget:
    from attendance_desk.ui.sync import page

    return page.create_page(context)


def _settings(context: AppContext) -> QWidget:
    from attendance_desk.ui.settings import page

    return page.create_page(context)


PAGES: list[PageSpec] = [
    PageSpec(
        "today",
        "Today",
        _today,
        "The morning worklist: who is absent without a reason, who has rung in, and the calls still to make.",
        Permission.READ_PUPILS,
    ),
    PageSpec(
        "followups",
        "Follow-ups",
        _followups,
        "Dated follow-up tasks for you and your colleagues: call-backs, reviews and escalation steps due.",
        Permission.READ_PUPILS,
    ),
    PageSpec(
        "pupils",
        "Pupils",
        _pupils,
        "Every pupil with their attendance, searchable by name, UPN, year, group, band and flags.",
        Permission.READ_PUPILS,
    ),
    PageSpec(
        "casework",
        "Casework",
        _casework,
        "The staged support process for each pupil: meetings, plans, contracts, notices and referrals.",
        Permission.READ_PUPILS,
    ),
    PageSpec(
        "letters",
        "Letters",
        _letters,
        "Letters to each parent with the school's letterhead, batch printing and proof of delivery.",
        Permission.READ_PUPILS,
    ),
    PageSpec(
        "reports",
        "Reports",
        _reports,
        "Whole-school attendance figures for any dates, sortable and exportable to CSV.",
        Permission.READ_PUPILS,
    ),
    PageSpec(
        "sync",
        "Import/Export",
        _sync,
        "Bring pupils, contacts and marks in from your MIS, and send the office's decisions back.",
    ),
    PageSpec(
        "settings",
        "Settings",
        _settings,
        "School details, letterhead images, attendance thresholds, staff and each feature's options.",
    ),
]


def page_spec(key: str) -> PageSpec:
    for spec in PAGES:
        if spec.key == key:
            return spec
    raise KeyError(f"no page with key {key!r}")


def create_page(spec: PageSpec, context: AppContext) -> QWidget:
    """Build the page for ``spec``. Never raises: a page that fails to import or build shows what went wrong."""
    return build_safely(spec.title, spec.factory, context)
