"""`attendance-desk demo` (the demo-school generator fills this in)."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    """Registered by the demo-school module once it exists."""
