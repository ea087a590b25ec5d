"""A pupil's Casework tab on a school whose details have not been filled in yet (no name, no head teacher); the
case file's counts in the singular."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from attendance_desk.domain.casework import records as rec
from attendance_desk.services.casework import plans as casework_plans
from attendance_desk.services.casework.printing import chronology_for, chronology_pdf
from attendance_desk.ui.casework.dialogs_plans import MedicalPlanDialog
from attendance_desk.ui.casework.page import create_pupil_tab
from attendance_desk.ui.context import AppContext
from tests.helpers.casework_seed import add_marks, poor_attendance, seed_pupil, weekdays


def test_casework_tab_opens_when_the_school_has_no_name(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    pupil_id, _ = seed_pupil(context.store)
    add_marks(context.store, pupil_id, weekdays(date(2025, 9, 1), date(2025, 10, 10)), poor_attendance)
    tab = create_pupil_tab(context, pupil_id)
    qtbot.addWidget(tab)
    assert tab.chronology.isEnabled()
    texts = [tab.chronology.table.item(r, 2).text() for r in range(tab.chronology.table.rowCount())]
    assert texts  # the register's unauthorised absences are in the chronology


def test_printing_a_case_file_pdf_without_a_school_name_says_what_to_fill_in(context: AppContext) -> None:
    pupil_id, _ = seed_pupil(context.store)
    chronology = chronology_for(context.store, context.staff_id, pupil_id)
    with pytest.raises(ValueError, match="the school's name is not set"):
        chronology_pdf(context.store, context.staff_id, chronology)


def test_medical_plan_figures_read_in_the_singular(qtbot, context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    pupil_id, _ = seed_pupil(context.store)
    monkeypatch.setattr(
        casework_plans, "plan_figures", lambda *_a: rec.PlanFigures(Decimal("91.5"), 1, 12, Decimal("1"))
    )
    dialog = MedicalPlanDialog(context, pupil_id, date(2025, 10, 10))
    qtbot.addWidget(dialog)
    assert dialog.figures.text() == "Attendance 91.5%, 1 broken week out of 12, 1 day off"
