"""The models package loads a feature's module on first use of one of its names (``store/models/__init__.py``)."""

from __future__ import annotations

import importlib

from attendance_desk.store import models
from attendance_desk.store.models import Base, load_all


def test_the_package_names_every_mapped_class_where_it_is_declared() -> None:
    """``MODULE_OF`` is kept by hand (the package loads a feature's module when one of its names is first used):
    each name in it is a mapped class of the module it names, found the same way through the package. (A few
    classes, such as the calling desk's settings tables, are only ever imported from their own module.)"""
    load_all()
    declared = {mapper.class_.__name__: mapper.class_.__module__.rsplit(".", 1)[1] for mapper in Base.registry.mappers}
    assert {name: declared.get(name) for name in models.MODULE_OF} == models.MODULE_OF
    for name, module in models.MODULE_OF.items():
        assert getattr(importlib.import_module(f"attendance_desk.store.models.{module}"), name) is getattr(models, name)
