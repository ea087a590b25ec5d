"""`python -m attendance_desk` behaves like the `attendance-desk` command."""

from attendance_desk.cli import main

raise SystemExit(main())
