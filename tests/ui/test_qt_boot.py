"""The quicker per-import PySide6 check answers as PySide6's own did, for every kind of module."""

from __future__ import annotations

import sys
import types

import pytest

from attendance_desk import qt_boot


def test_the_quick_check_gives_pysides_answer_for_every_loaded_module(monkeypatch: pytest.MonkeyPatch) -> None:
    import PySide6.QtCore  # noqa: F401

    feature = sys.modules["shibokensupport.feature"]
    original = getattr(feature._mod_uses_pyside, "__wrapped__", feature._mod_uses_pyside)  # the app may be loaded
    monkeypatch.setattr(feature, "_mod_uses_pyside", original)
    qt_boot.quick_feature_check()
    quick = feature._mod_uses_pyside
    assert quick is not original
    qt_boot.quick_feature_check()
    assert feature._mod_uses_pyside is quick  # idempotent
    modules = [module for name, module in sorted(sys.modules.items()) if isinstance(module, types.ModuleType)]
    assert len(modules) > 300
    differ = [module.__name__ for module in modules if quick(module) != original(module)]
    assert differ == []
    import attendance_desk.domain.metrics as plain
    import attendance_desk.ui.main_window as uses_qt

    assert quick(uses_qt) and not quick(plain) and not quick(sys)


def test_the_collector_runs_again_once_the_app_is_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    try:
        qt_boot.import_app(pause_collector=True)
        assert gc.isenabled() and "attendance_desk.app" in sys.modules

        def missing() -> None:
            raise ImportError("a module the build left out")

        monkeypatch.setattr(qt_boot, "quick_feature_check", missing)
        with pytest.raises(ImportError):
            qt_boot.import_app(pause_collector=True)
        assert gc.isenabled()
    finally:
        gc.unfreeze()  # give this test process its objects back
        gc.enable()
