"""Building a widget from a registry entry (module path + factory name), safely and lazily."""

from __future__ import annotations

import importlib
import logging
import traceback
from typing import Any

from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


def build_from_module(module_path: str, factory: str, title: str, *args: Any) -> QWidget:
    """Import ``module_path`` and call ``factory(*args)``. Never raises: failures become an error panel."""
    from attendance_desk.ui.widgets.panels import PageErrorPanel

    try:
        module = importlib.import_module(module_path)
        widget: QWidget = getattr(module, factory)(*args)
    except Exception:
        log.exception("Could not build %s from %s.%s", title, module_path, factory)
        return PageErrorPanel(title, traceback.format_exc())
    return widget
