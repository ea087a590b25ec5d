"""Building a widget from a registry entry's factory, safely: a failure becomes an error panel, never a crash."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


def build_safely[**P](title: str, factory: Callable[P, QWidget], *args: P.args, **kwargs: P.kwargs) -> QWidget:
    """``factory(*args)``, or an error panel saying what went wrong when importing or building fails."""
    from attendance_desk.ui.widgets.panels import PageErrorPanel

    try:
        return factory(*args, **kwargs)
    except Exception:
        log.exception("Could not build %s", title)
        return PageErrorPanel(title, traceback.format_exc())
