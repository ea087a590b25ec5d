"""The casework document tests share the synthetic case built in ``tests/services/test_casework_seed.py``."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "services"))
