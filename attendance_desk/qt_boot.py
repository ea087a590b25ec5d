"""Before the app's modules load: make PySide6's per-import check cheap, and pause the garbage collector.

The collector: importing the app creates some 136,000 objects (SQLAlchemy's, the models', Qt's wrappers), and the
cyclic collector walks the growing heap again and again while they are made: 10–20% of the import time measured
here. In a process of its own the app is imported with it paused; the objects made are then frozen (set aside as
permanent: they live as long as the process anyway) and the collector started again.

Once PySide6 is loaded, every module imported after it is checked for ``from __feature__`` use (PYSIDE-2029):
``shibokensupport.feature._mod_uses_pyside`` reads the module's source through ``inspect.getsource`` (linecache,
encoding detection) and looks for "PySide6" in it. The app imports some 340 modules after Qt (SQLAlchemy, the
models, the pages), and those checks cost 110–150 ms of a cold start of about a second. The same question is
answered here by reading each ``.py`` file's bytes once; anything else (a built-in, a compiled or source-less
module, a file that cannot be read) goes to PySide6's own check, so the answer is the same for every module.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from types import ModuleType


def quick_feature_check() -> None:
    """Import Qt and replace its per-module source check with a byte search of the module's file (idempotent; a
    PySide6 without that hook is left alone)."""
    import PySide6.QtCore  # noqa: F401  # installs the import hook this replaces

    feature = sys.modules.get("shibokensupport.feature")
    original: Callable[[ModuleType], bool] | None = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "quick", False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    uses_pyside.quick = True  # type: ignore[attr-defined]
    uses_pyside.__wrapped__ = original  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]


def import_app(*, pause_collector: bool) -> None:
    """Load :mod:`attendance_desk.app` (and Qt, SQLAlchemy and the models with it) as fast as it can be loaded.

    ``pause_collector``: only in a process of its own (the ``attendance-desk`` command, not a test calling ``main``),
    where freezing what was made costs nothing."""
    if pause_collector:
        gc.disable()
    try:
        quick_feature_check()
        import attendance_desk.app  # noqa: F401  # the import is the point
    finally:
        if pause_collector:
            gc.freeze()
            gc.enable()
