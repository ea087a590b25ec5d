"""Runs inside the frozen app before anything else (a PyInstaller runtime hook).

- Time zones come from the bundled ``tzdata`` only, never the machine's own database: Windows has none, and the
  Linux build then behaves exactly like the Windows one (and its smoke test checks the bundled copy).
- Nothing is written into the program folder: Alembic compiles the migration files it reads, and a
  ``__pycache__`` left there would be unwritable for an office user and would stop the uninstaller removing it.
"""

import sys
import zoneinfo

sys.dont_write_bytecode = True
zoneinfo.reset_tzpath(to=[])
