"""Settings › Staged process: the school's stages (names, steps, order, which is legal) and the review-list rules.

Local authorities name and split the graduated response differently, so the stages are the school's to edit.
A stage keeps its key for life: renaming changes what new moves are called, while each pupil's history keeps the
name used when the move was recorded (the service stores it). A stage that pupils are at cannot be removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from PySide6.QtWidgets import QFormLayout, QListWidgetItem, QWidget

from attendance_desk.domain.casework.stages import (
    DEFAULT_REVIEW_RULES,
    DEFAULT_STAGES,
    ReviewRules,
    StageConfigError,
    StageDefinition,
)
from attendance_desk.domain.thresholds import Band
from attendance_desk.services.casework import stages as casework
from attendance_desk.services.casework.stages import CaseworkError
from attendance_desk.ui.casework.case_file import CASEWORK_AREA
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.generated.ui_stages_tab import Ui_StagesTab

_NOT_KEY = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class EditableStage:
    key: str | None  # None until first saved; the key is then made from the name and never changes
    name: str
    steps: list[str] = field(default_factory=list)
    legal: bool = False

    @classmethod
    def of(cls, stage: StageDefinition) -> EditableStage:
        return cls(stage.key, stage.name, list(stage.steps), stage.legal)


def key_for(name: str, taken: set[str]) -> str:
    """A stable key made from a new stage's name, unique among ``taken`` (the shape the domain accepts)."""
    base = _NOT_KEY.sub("_", name.lower()).strip("_")[:34] or "stage"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def _pupils(count: int) -> str:
    return f"{count} pupil{'s' if count != 1 else ''}"


class StagesSettingsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = Ui_StagesTab()
        self.ui.setupUi(self)
        # On a narrow window (150% scaling) a field goes under its caption instead of widening the page.
        for form in (self.ui.stageForm, self.ui.rulesForm):
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.ui.stageList.setMinimumWidth(120)  # the names wrap in the list
        self.ui.messageLabel.setObjectName("errorText")
        self.ui.usageLabel.setObjectName("muted")
        self.ui.saveButton.setObjectName("primary")
        self.band_checks = {
            Band.SEVERE: self.ui.severeCheck,
            Band.PERSISTENT: self.ui.persistentCheck,
            Band.AT_RISK: self.ui.atRiskCheck,
        }
        self.stages: list[EditableStage] = []
        self.saved_stages: tuple[StageDefinition, ...] = ()
        self.saved_rules = DEFAULT_REVIEW_RULES
        self.in_use: dict[str, int] = {}
        self._filling = False
        ui = self.ui
        ui.stageList.currentRowChanged.connect(self._show_stage)
        ui.nameEdit.textEdited.connect(self._name_edited)
        ui.stepsEdit.textChanged.connect(self._steps_edited)
        ui.legalCheck.toggled.connect(self._legal_edited)
        ui.addButton.clicked.connect(self.add_stage)
        ui.upButton.clicked.connect(lambda: self.move_stage(-1))
        ui.downButton.clicked.connect(lambda: self.move_stage(1))
        ui.removeButton.clicked.connect(self.remove_stage)
        ui.defaultStagesButton.clicked.connect(self.restore_default_stages)
        ui.defaultRulesButton.clicked.connect(self.restore_default_rules)
        ui.revertButton.clicked.connect(self.load)
        ui.saveButton.clicked.connect(self.save)
        self.load()

    # --- loading and showing ------------------------------------------------------------------------------------

    def load(self) -> None:
        """Show what is saved, dropping unsaved edits."""
        store = self.context.store
        self.saved_stages = casework.load_stages(store)
        self.saved_rules = casework.load_review_rules(store)
        self.in_use = casework.pupils_per_stage(store)
        self.stages = [EditableStage.of(s) for s in self.saved_stages]
        self._fill_list(0)
        self._show_rules(self.saved_rules)
        self.ui.messageLabel.setText("")

    def on_shown(self) -> None:
        # Pupils may have moved stage since the tab was built; refresh the counts without losing edits.
        self.in_use = casework.pupils_per_stage(self.context.store)
        self._fill_list(self.ui.stageList.currentRow())

    def _item_text(self, position: int, stage: EditableStage) -> str:
        text = f"{position}. {stage.name.strip() or '(no name)'}"
        notes = [_pupils(self.in_use[stage.key])] if stage.key in self.in_use else []
        if stage.legal:
            notes.append("legal")
        if stage.key is None:
            notes.append("new")
        return f"{text}  ({', '.join(notes)})" if notes else text

    def _fill_list(self, select: int) -> None:
        self._filling = True
        self.ui.stageList.clear()
        for position, stage in enumerate(self.stages, start=1):
            self.ui.stageList.addItem(QListWidgetItem(self._item_text(position, stage)))
        self._filling = False
        self.ui.stageList.setCurrentRow(min(max(select, 0), len(self.stages) - 1))
        self._show_stage(self.ui.stageList.currentRow())

    def _show_stage(self, row: int) -> None:
        if self._filling:
            return
        ui = self.ui
        valid = 0 <= row < len(self.stages)
        for widget in (ui.nameEdit, ui.stepsEdit, ui.legalCheck, ui.removeButton):
            widget.setEnabled(valid)
        ui.upButton.setEnabled(valid and row > 0)
        ui.downButton.setEnabled(valid and row < len(self.stages) - 1)
        ui.removeButton.setEnabled(valid and len(self.stages) > 1)
        self._filling = True
        stage = self.stages[row] if valid else EditableStage(None, "")
        ui.nameEdit.setText(stage.name)
        ui.stepsEdit.setPlainText("\n".join(stage.steps))
        ui.legalCheck.setChecked(stage.legal)
        self._filling = False
        count = self.in_use.get(stage.key, 0) if stage.key else 0
        ui.usageLabel.setText(
            f"{_pupils(count)} at this stage now; it cannot be removed until they move."
            if count
            else ("Not saved yet." if valid and stage.key is None else "")
        )

    def _show_rules(self, rules: ReviewRules) -> None:
        for band, check in self.band_checks.items():
            check.setChecked(band in rules.bands)
        self.ui.penaltyCheck.setChecked(rules.penalty_threshold)
        self.ui.ratioSpin.setValue(int((rules.broken_weeks_ratio * 100).to_integral_value()))
        self.ui.minWeeksSpin.setValue(rules.min_broken_weeks)

    # --- editing the stage list ---------------------------------------------------------------------------------

    def _current(self) -> tuple[int, EditableStage] | None:
        row = self.ui.stageList.currentRow()
        return (row, self.stages[row]) if 0 <= row < len(self.stages) else None

    def _refresh_item(self, row: int) -> None:
        item = self.ui.stageList.item(row)
        if item is not None:
            item.setText(self._item_text(row + 1, self.stages[row]))

    def _name_edited(self, text: str) -> None:
        if not self._filling and (current := self._current()):
            current[1].name = text
            self._refresh_item(current[0])

    def _steps_edited(self) -> None:
        if not self._filling and (current := self._current()):
            lines = (line.strip() for line in self.ui.stepsEdit.toPlainText().splitlines())
            current[1].steps = [line for line in lines if line]

    def _legal_edited(self, checked: bool) -> None:
        if not self._filling and (current := self._current()):
            current[1].legal = checked
            self._refresh_item(current[0])

    def add_stage(self) -> None:
        current = self._current()
        row = current[0] + 1 if current else len(self.stages)
        self.stages.insert(row, EditableStage(None, "New stage"))
        self._fill_list(row)
        self.ui.nameEdit.setFocus()
        self.ui.nameEdit.selectAll()
        self.ui.messageLabel.setText("")

    def move_stage(self, step: int) -> None:
        current = self._current()
        if current is None or not 0 <= current[0] + step < len(self.stages):
            return
        row = current[0]
        self.stages[row], self.stages[row + step] = self.stages[row + step], self.stages[row]
        self._fill_list(row + step)

    def remove_stage(self) -> None:
        current = self._current()
        if current is None:
            return
        row, stage = current
        self.in_use = casework.pupils_per_stage(self.context.store)
        count = self.in_use.get(stage.key, 0) if stage.key else 0
        if count:
            self.ui.messageLabel.setText(
                f"“{stage.name}” was not removed: {_pupils(count)} {'is' if count == 1 else 'are'} at this stage. "
                "Move them to another stage on their case file first, then remove it."
            )
            self._fill_list(row)
            return
        if len(self.stages) == 1:
            self.ui.messageLabel.setText("There must be at least one stage.")
            return
        del self.stages[row]
        self._fill_list(row)
        self.ui.messageLabel.setText(f"“{stage.name}” removed from the list: Save to keep the change.")

    def restore_default_stages(self) -> None:
        self.stages = [EditableStage.of(s) for s in DEFAULT_STAGES]
        self._fill_list(0)
        self.ui.messageLabel.setText("The default stages are back in the list: Save to keep them.")

    def restore_default_rules(self) -> None:
        self._show_rules(DEFAULT_REVIEW_RULES)
        self.ui.messageLabel.setText("The default review rules are back in the form: Save to keep them.")

    # --- saving -------------------------------------------------------------------------------------------------

    def edited_stages(self) -> list[StageDefinition]:
        """The list as edited, with keys made for new stages. Raises StageConfigError for a list nobody can use."""
        names: dict[str, int] = {}
        for position, stage in enumerate(self.stages, start=1):
            name = stage.name.strip()
            if not name:
                raise StageConfigError(f"Stage {position} has no name: give it one or remove it.")
            if name.casefold() in names:
                raise StageConfigError(
                    f"Stages {names[name.casefold()]} and {position} are both called “{name}”: give each its own name."
                )
            names[name.casefold()] = position
        taken = {s.key for s in self.stages if s.key}
        out: list[StageDefinition] = []
        for stage in self.stages:
            key = stage.key or key_for(stage.name, taken)
            taken.add(key)
            out.append(StageDefinition(key, stage.name.strip(), tuple(stage.steps), stage.legal))
        return out

    def edited_rules(self) -> ReviewRules:
        bands = {band for band, check in self.band_checks.items() if check.isChecked()}
        bands |= self.saved_rules.bands - set(self.band_checks)  # a band this form does not show stays as saved
        return ReviewRules(
            frozenset(bands),
            self.ui.penaltyCheck.isChecked(),
            Decimal(self.ui.ratioSpin.value()) / 100,
            self.ui.minWeeksSpin.value(),
        )

    def _first_unnamed_row(self) -> int:
        return next((r for r, s in enumerate(self.stages) if not s.name.strip()), -1)

    def save(self) -> bool:
        try:
            rules = self.edited_rules()
            stages = self.edited_stages()
        except StageConfigError as exc:
            self.ui.messageLabel.setText(str(exc))
            if (row := self._first_unnamed_row()) >= 0:
                self.ui.stageList.setCurrentRow(row)
            self.ui.nameEdit.setFocus()
            return False
        except ValueError as exc:
            self.ui.messageLabel.setText(f"The review rules cannot be used: {exc}.")
            self.ui.ratioSpin.setFocus()
            return False
        stages_changed = tuple(stages) != self.saved_stages
        rules_changed = rules != self.saved_rules
        if not stages_changed and not rules_changed:
            self.ui.messageLabel.setText("Nothing to save: the stages and rules are as saved.")
            return True
        try:
            if stages_changed:
                casework.save_stages(self.context.store, self.context.staff_id, stages)
        except (CaseworkError, StageConfigError) as exc:
            self.in_use = casework.pupils_per_stage(self.context.store)
            self._fill_list(self.ui.stageList.currentRow())
            self.ui.messageLabel.setText(f"Nothing was saved. {exc}")
            return False
        if rules_changed:
            casework.save_review_rules(self.context.store, self.context.staff_id, rules)
        self.load()
        self.ui.messageLabel.setText("Saved. The Casework page now uses these stages and review rules.")
        self.context.notify(CASEWORK_AREA)
        self.context.events.status_message.emit("Staged process saved")
        return True


def create_tab(context: AppContext) -> QWidget:
    return StagesSettingsTab(context)
