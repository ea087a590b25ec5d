"""Naming controls for assistive technology: what a screen reader announces, and how to use it."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def name(widget: QWidget, accessible_name: str, description: str = "") -> QWidget:
    """Give ``widget`` the name a screen reader announces (and a description of how to use it, where useful)."""
    widget.setAccessibleName(accessible_name)
    if description:
        widget.setAccessibleDescription(description)
    return widget
