"""The letters UI tests use the small synthetic school of ``tests/services/test_letters_helpers.py``."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "services"))
