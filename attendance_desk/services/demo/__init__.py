"""The demo school: a realistic synthetic school a new user can open in seconds (``attendance-desk demo``).

:func:`create_demo_school` is the entry point for the app's first-run dialog and the CLI. The generator is split
into small modules: ``calendar`` (term dates, INSET days), ``names`` and ``addresses`` (synthetic people and
places), ``families`` and ``roll`` (contacts, pupils, UPNs), ``flags`` (vulnerable groups), ``profiles`` and
``events`` (who attends how), ``marks`` (the register), ``csv_files`` (the canonical CSVs), ``school`` (settings
and staff) and ``service`` (putting it into a store through the importer).
"""

from attendance_desk.services.demo.service import DemoCancelled, DemoError, DemoSummary, create_demo_school

__all__ = ["DemoCancelled", "DemoError", "DemoSummary", "create_demo_school"]
