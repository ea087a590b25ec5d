"""The navigation page registry: the pages of the main window, in order.

Each :class:`PageSpec` names a module and a factory ``create_page(context: AppContext) -> QWidget``. Modules are
imported only when the page is first opened, so start-up stays fast and one feature's import error cannot stop
the app. Until a feature's module exists, its page shows a short panel saying what it will hold.

A page widget may also define ``on_shown()``: the main window calls it each time the user switches to the page
(refresh lazily there). Pages listen to ``context.events.data_changed`` to reload after imports and edits.

To add a page, add ONE line to ``PAGES`` (the position is the navigation order and its Ctrl+number shortcut).
"""

from __future__ import annotations

import importlib
import logging
import traceback
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from attendance_desk.ui.context import AppContext

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageSpec:
    key: str
    title: str
    module: str
    summary: str
    """One or two sentences: what the page is for (shown as its tooltip, and on the panel until it exists)."""
    factory: str = "create_page"


PAGES: list[PageSpec] = [
    PageSpec(
        "today",
        "Today",
        "attendance_desk.ui.calling.today_page",
        "The morning worklist: who is absent without a reason, who has rung in, and the calls still to make.",
    ),
    PageSpec(
        "followups",
        "Follow-ups",
        "attendance_desk.ui.calling.followups_page",
        "Dated follow-up tasks for you and your colleagues: call-backs, reviews and escalation steps due.",
    ),
    PageSpec(
        "pupils",
        "Pupils",
        "attendance_desk.ui.pupils.page",
        "Every pupil with their attendance, searchable by name, UPN, year, group, band and flags.",
    ),
    PageSpec(
        "casework",
        "Casework",
        "attendance_desk.ui.casework.page",
        "The staged support process for each pupil: meetings, plans, contracts, notices and referrals.",
    ),
    PageSpec(
        "letters",
        "Letters",
        "attendance_desk.ui.letters.page",
        "Letters to each parent with the school's letterhead, batch printing and proof of delivery.",
    ),
    PageSpec(
        "reports",
        "Reports",
        "attendance_desk.ui.reports.page",
        "Whole-school attendance figures for any dates, sortable and exportable to CSV.",
    ),
    PageSpec(
        "sync",
        "Import/Export",
        "attendance_desk.ui.sync.page",
        "Bring pupils, contacts and marks in from your MIS, and send the office's decisions back.",
    ),
    PageSpec(
        "settings",
        "Settings",
        "attendance_desk.ui.settings.page",
        "School details, letterhead images, attendance thresholds, staff and each feature's options.",
    ),
]


def page_spec(key: str) -> PageSpec:
    for spec in PAGES:
        if spec.key == key:
            return spec
    raise KeyError(f"no page with key {key!r}")


def _module_is_missing(error: ModuleNotFoundError, module: str) -> bool:
    """True when the missing module is the page's own module (or a parent package), not one it imports."""
    missing = error.name or ""
    return bool(missing) and (module == missing or module.startswith(missing + "."))


def create_page(spec: PageSpec, context: AppContext) -> QWidget:
    """Build the page for ``spec``. Never raises: a failing page shows what went wrong instead."""
    from attendance_desk.ui.widgets.panels import ComingSoonPanel, PageErrorPanel

    try:
        module = importlib.import_module(spec.module)
    except ModuleNotFoundError as exc:
        if _module_is_missing(exc, spec.module):
            return ComingSoonPanel(spec.title, spec.summary)
        log.exception("Page %s could not be imported", spec.key)
        return PageErrorPanel(spec.title, traceback.format_exc())
    except Exception:
        log.exception("Page %s could not be imported", spec.key)
        return PageErrorPanel(spec.title, traceback.format_exc())
    try:
        widget: QWidget = getattr(module, spec.factory)(context)
    except Exception:
        log.exception("Page %s could not be built", spec.key)
        return PageErrorPanel(spec.title, traceback.format_exc())
    return widget
