"""Settings › Staged process: renaming, adding, reordering and removing stages, the review-list rules, the
defaults; every save audited with who did it and announced so the Casework page reloads."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from attendance_desk.domain.casework.stages import DEFAULT_REVIEW_RULES, DEFAULT_STAGES
from attendance_desk.services.casework import stages as casework
from attendance_desk.store.models import AuditEntry
from attendance_desk.ui.casework.case_file import CASEWORK_AREA
from attendance_desk.ui.casework.page import CaseworkPage
from attendance_desk.ui.casework.stages_settings_tab import StagesSettingsTab, key_for
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.settings.page import SettingsPage
from tests.helpers.accounts import everyone
from tests.helpers.casework_seed import add_marks, poor_attendance, seed_pupil, seed_school, weekdays

TODAY = date(2025, 10, 10)
STAGE1_NAME = "Stage 1: school-led support"


@pytest.fixture
def pupil(context: AppContext) -> int:
    seed_school(context.store)
    pupil_id, _ = seed_pupil(context.store)
    add_marks(context.store, pupil_id, weekdays(date(2025, 9, 1), TODAY), poor_attendance)
    return pupil_id


@pytest.fixture
def tab(qtbot, context: AppContext) -> StagesSettingsTab:  # type: ignore[no-untyped-def]
    widget = StagesSettingsTab(context)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def notified(context: AppContext) -> list[str]:
    areas: list[str] = []
    context.events.data_changed.connect(areas.append)
    return areas


def type_name(qtbot, tab: StagesSettingsTab, row: int, name: str) -> None:  # type: ignore[no-untyped-def]
    tab.ui.stageList.setCurrentRow(row)
    tab.ui.nameEdit.selectAll()
    qtbot.keyClicks(tab.ui.nameEdit, name)


def list_texts(tab: StagesSettingsTab) -> list[str]:
    return [tab.ui.stageList.item(r).text() for r in range(tab.ui.stageList.count())]


def audit_staff(context: AppContext, entity: str) -> list[int | None]:
    with context.store.session() as session:
        return list(session.scalars(select(AuditEntry.staff_id).where(AuditEntry.entity == entity)))


def test_the_tab_is_registered_in_settings(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    page = SettingsPage(context)
    qtbot.addWidget(page)
    assert isinstance(page.show_tab("stages"), StagesSettingsTab)


def test_rename_is_saved_audited_announced_and_history_keeps_the_old_name(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, pupil: int, notified: list[str]
) -> None:
    casework.change_stage(context.store, context.staff_id, pupil, "stage1", date(2025, 9, 15), "Broken weeks")
    tab = StagesSettingsTab(context)
    qtbot.addWidget(tab)
    assert list_texts(tab)[1] == f"2. {STAGE1_NAME}  (1 pupil)"
    type_name(qtbot, tab, 1, "Early help")
    assert list_texts(tab)[1] == "2. Early help  (1 pupil)"
    tab.ui.saveButton.click()
    stages = casework.load_stages(context.store)
    assert (stages[1].key, stages[1].name, stages[1].steps) == ("stage1", "Early help", DEFAULT_STAGES[1].steps)
    assert casework.stage_history(context.store, everyone(context.store), pupil)[0].stage_name == STAGE1_NAME
    assert casework.pupil_header(context.store, pupil, TODAY).stage_name == "Early help"
    assert audit_staff(context, "case_stage_definitions") == [context.staff_id]
    assert audit_staff(context, "casework_settings") == []  # the rules were not touched, so not saved
    assert notified == [CASEWORK_AREA]
    assert "Saved" in tab.ui.messageLabel.text()


def test_add_a_stage_with_steps_and_move_it_up(qtbot, tab: StagesSettingsTab, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    tab.ui.stageList.setCurrentRow(2)
    tab.ui.addButton.click()
    assert tab.ui.stageList.currentRow() == 3 and tab.ui.nameEdit.selectedText() == "New stage"
    type_name(qtbot, tab, 3, "Attendance panel")
    tab.ui.stepsEdit.setPlainText("Invite the family to the panel\n\n  Agree targets with the pupil  \n")
    tab.ui.legalCheck.setChecked(True)
    tab.ui.upButton.click()
    assert tab.ui.stageList.currentRow() == 2
    assert list_texts(tab)[2] == "3. Attendance panel  (legal, new)"
    tab.ui.downButton.click()
    tab.ui.downButton.click()
    tab.ui.upButton.click()  # ends one below where it started: after stage 2
    assert tab.save()
    stages = casework.load_stages(context.store)
    assert [s.key for s in stages] == ["universal", "stage1", "stage2", "attendance_panel", "stage3", "stage4"]
    added = stages[3]
    assert (added.name, added.steps, added.legal) == (
        "Attendance panel",
        ("Invite the family to the panel", "Agree targets with the pupil"),
        True,
    )
    assert tab.ui.stageList.count() == 6 and "new" not in list_texts(tab)[3]


def test_a_stage_in_use_is_not_removed_and_nothing_changes(  # type: ignore[no-untyped-def]
    qtbot, tab: StagesSettingsTab, context: AppContext, pupil: int
) -> None:
    casework.change_stage(context.store, context.staff_id, pupil, "stage1", date(2025, 9, 15), "Concern")
    tab.on_shown()
    tab.ui.stageList.setCurrentRow(1)
    tab.ui.removeButton.click()
    assert "was not removed: 1 pupil is at this stage" in tab.ui.messageLabel.text()
    assert tab.ui.stageList.count() == 5 and tab.ui.stageList.currentRow() == 1
    assert tab.ui.usageLabel.text().startswith("1 pupil at this stage now")
    assert casework.load_stages(context.store) == DEFAULT_STAGES
    assert audit_staff(context, "case_stage_definitions") == []


def test_save_refuses_with_the_services_message_when_a_removed_stage_came_into_use(  # type: ignore[no-untyped-def]
    qtbot, tab: StagesSettingsTab, context: AppContext, pupil: int, notified: list[str]
) -> None:
    tab.ui.stageList.setCurrentRow(2)
    tab.ui.removeButton.click()  # nobody is at stage 2 yet, so the form lets it go
    assert tab.ui.stageList.count() == 4
    casework.change_stage(context.store, context.staff_id, pupil, "stage2", date(2025, 10, 1), "Meeting held")
    assert not tab.save()
    message = tab.ui.messageLabel.text()
    assert message.startswith("Nothing was saved.")
    assert "currently at the stage “Stage 2: school attendance meeting and plan”" in message and "stage2" not in message
    assert casework.load_stages(context.store) == DEFAULT_STAGES
    assert notified == []
    tab.ui.revertButton.click()
    assert tab.ui.stageList.count() == 5 and list_texts(tab)[2].endswith("(1 pupil)")


def test_unnamed_and_repeated_names_are_refused(qtbot, tab: StagesSettingsTab, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    type_name(qtbot, tab, 0, " ")
    tab.ui.stageList.setCurrentRow(3)
    assert not tab.save()
    assert tab.ui.messageLabel.text() == "Stage 1 has no name: give it one or remove it."
    assert tab.ui.stageList.currentRow() == 0
    type_name(qtbot, tab, 0, STAGE1_NAME.upper())
    assert not tab.save()
    assert "Stages 1 and 2 are both called" in tab.ui.messageLabel.text()
    assert casework.load_stages(context.store) == DEFAULT_STAGES


def test_review_rules_change_the_review_list_on_the_casework_page(  # type: ignore[no-untyped-def]
    qtbot, tab: StagesSettingsTab, context: AppContext, pupil: int
) -> None:
    page = CaseworkPage(context, TODAY)
    qtbot.addWidget(page)
    page.load()
    assert page.review.rowCount() == 1
    tab.ui.penaltyCheck.setChecked(False)
    tab.ui.ratioSpin.setValue(100)
    tab.ui.minWeeksSpin.setValue(30)
    assert tab.save()
    rules = casework.load_review_rules(context.store)
    assert rules.penalty_threshold is False and rules.min_broken_weeks == 30
    assert rules.broken_weeks_ratio == 1
    reasons = casework.review_list(context.store, everyone(context.store), TODAY)[0].reasons
    assert len(reasons) == 1 and "absent" in reasons[0]  # only the band is left to match
    assert audit_staff(context, "casework_settings") == [context.staff_id]
    tab.ui.severeCheck.setChecked(False)
    tab.ui.persistentCheck.setChecked(False)
    assert tab.save()
    assert casework.review_list(context.store, everyone(context.store), TODAY) == []
    page.on_shown()  # the save marked the page out of date, so showing it reloads
    assert page.review.rowCount() == 0


def test_restore_the_defaults(qtbot, tab: StagesSettingsTab, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    type_name(qtbot, tab, 4, "Legal measures")
    tab.ui.stageList.setCurrentRow(0)
    tab.ui.removeButton.click()
    tab.ui.penaltyCheck.setChecked(False)
    tab.ui.ratioSpin.setValue(60)
    assert tab.save()
    assert [s.name for s in casework.load_stages(context.store)][-1] == "Legal measures"
    tab.ui.defaultStagesButton.click()
    tab.ui.defaultRulesButton.click()
    assert tab.ui.stageList.count() == 5 and "Save to keep them" in tab.ui.messageLabel.text()
    assert casework.load_stages(context.store)[-1].name == "Legal measures"  # nothing saved until Save
    assert tab.save()
    assert casework.load_stages(context.store) == DEFAULT_STAGES
    assert casework.load_review_rules(context.store) == DEFAULT_REVIEW_RULES
    assert tab.ui.penaltyCheck.checkState() == Qt.CheckState.Checked and tab.ui.ratioSpin.value() == 40


def test_keys_for_new_stages_are_unique_and_well_formed() -> None:
    assert key_for("Stage 2½: Panel & review!", set()) == "stage_2_panel_review"
    assert key_for("Panel", {"panel", "panel_2"}) == "panel_3"
    assert key_for("—", set()) == "stage"
    assert len(key_for("x" * 80, set())) <= 40
