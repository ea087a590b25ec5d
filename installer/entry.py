"""The frozen app's entry point: the same as the ``attendance-desk`` command (PyInstaller needs a script)."""

import sys

from attendance_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
