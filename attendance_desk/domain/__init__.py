"""Pure attendance rules: codes, calendar, figures, thresholds. No Qt, no SQLAlchemy, no I/O beyond reading the
code tables handed in."""
