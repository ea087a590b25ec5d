"""The mapping dialog: which column supplies each field, a preview, and a check before anything is written."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.services.sync import profiles as sync_profiles
from attendance_desk.services.sync.importing import ImportResult, import_file
from attendance_desk.sync.headers import REQUIRED, SYNONYMS, unreadable_session_headers
from attendance_desk.sync.mapping import ColumnMapping, MappingProfile, build_mapping, with_changes
from attendance_desk.sync.textfile import read_preview
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.sync.report_view import report_html
from attendance_desk.ui.tasks import Lane, TaskControl

NOT_USED = "(not in this file)"
PREVIEW_ROWS = 20


def field_label(name: str) -> str:
    return "UPN" if name == "upn" else name.replace("_", " ").capitalize()


class MappingDialog(QDialog):
    """Shows the detected mapping; the user may correct it, check the file, save the mapping as a profile."""

    def __init__(self, context: AppContext, path: str, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.path, self.kind = context, path, kind
        self.setWindowTitle("Check the columns")
        # Roomy where the screen allows, never larger than it (1366×768 at 150% leaves about 910×480)
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        self.resize(min(980, room.width() - 40) if room else 980, min(720, room.height() - 60) if room else 720)
        text_format, header, self.rows = read_preview(path, PREVIEW_ROWS)
        profile = sync_profiles.profile_for_header(context.store, kind, header)
        self.mapping: ColumnMapping = build_mapping(kind, header, profile)
        layout = QVBoxLayout(self)
        source = f"Read as {text_format.description}."
        if profile:
            source += f" Using the saved mapping “{profile.name}”."
        layout.addWidget(QLabel(source))
        self.layout_label = QLabel()
        layout.addWidget(self.layout_label)
        self.fields = QTableWidget(len(SYNONYMS[kind]), 2)
        self.fields.setHorizontalHeaderLabels(["Field", "Column in the file"])
        self.fields.verticalHeader().setVisible(False)
        self.fields.setAccessibleName("Fields and the columns they come from")
        self.combos: dict[str, QComboBox] = {}
        for row, name in enumerate(SYNONYMS[kind]):
            required = name in REQUIRED[kind] or (kind != "pupils" and name == "upn")
            self.fields.setItem(row, 0, QTableWidgetItem(field_label(name) + (" *" if required else "")))
            combo = QComboBox()
            combo.setAccessibleName(f"Column for {field_label(name)}")
            combo.addItem(NOT_USED, None)
            for index, heading in enumerate(header):
                combo.addItem(heading or f"(column {index + 1}, no heading)", index)
            position = self.mapping.fields.get(name)
            combo.setCurrentIndex(0 if position is None else position + 1)
            combo.currentIndexChanged.connect(lambda _i, field=name: self._changed(field))
            self.combos[name] = combo
            self.fields.setCellWidget(row, 1, combo)
        self.fields.setColumnWidth(0, 150)
        self.fields.horizontalHeader().setStretchLastSection(True)
        self.fields.setMinimumWidth(400)
        top = QHBoxLayout()
        top.addWidget(self.fields, 2)
        self.preview = QTableWidget()
        self.preview.setAccessibleName("The file's first rows")
        top.addWidget(self.preview, 3)
        layout.addLayout(top, 3)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)
        self.check_result = QTextBrowser()
        self.check_result.setAccessibleName("Result of checking the file")
        self.check_result.setPlaceholderText("Press “Check the file” to validate every row before importing.")
        layout.addWidget(self.check_result, 2)
        save_row = QHBoxLayout()
        self.save_profile = QCheckBox("Save this mapping as")
        self.profile_name = QLineEdit(profile.name if profile else "")
        self.profile_name.setPlaceholderText("e.g. SIMS weekly marks")
        self.profile_name.setAccessibleName("Name of the saved mapping")
        save_row.addWidget(self.save_profile)
        save_row.addWidget(self.profile_name, 1)
        layout.addLayout(save_row)
        buttons = QDialogButtonBox()
        self.check_button = QPushButton("Check the file")
        self.check_button.clicked.connect(self.check)
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._refresh()

    def _changed(self, field: str) -> None:
        combo = self.combos[field]
        self.mapping = with_changes(self.mapping, {field: combo.currentData()})
        for name, other in self.combos.items():  # one column supplies one field: show the unmapped ones
            position = self.mapping.fields.get(name)
            other.blockSignals(True)
            other.setCurrentIndex(0 if position is None else position + 1)
            other.blockSignals(False)
        self.check_result.clear()
        self._refresh()

    def _refresh(self) -> None:
        mapping = self.mapping
        if mapping.layout == "grid":
            self.layout_label.setText(
                f"Grid layout: one row per pupil, {len(mapping.grid)} session columns "
                f"({mapping.grid[0][1]} to {mapping.grid[-1][1]}). Empty cells are no mark."
            )
        elif mapping.kind == "marks":
            self.layout_label.setText("Long layout: one row per pupil and session.")
        else:
            self.layout_label.setText(f"One row per {'pupil' if mapping.kind == 'pupils' else 'pupil and contact'}.")
        missing = ", ".join(field_label(m) for m in mapping.missing)
        unreadable = []
        if mapping.layout == "grid":
            used = {*mapping.fields.values(), *(position for position, _d, _s in mapping.grid)}
            unreadable = [name for _i, name in unreadable_session_headers(mapping.header, used)]
        ignored = ", ".join(name for name in mapping.ignored_columns if name not in unreadable)
        self.problems.setText(
            (f"<b style='color:#a00000'>Still needed: {missing}.</b> " if missing else "")
            + (
                "<b style='color:#a00000'>Not readable as one session (the import will stop on them): "
                f"{escape(', '.join(unreadable[:12]))}.</b> "
                if unreadable
                else ""
            )
            + (f"Columns not used: {escape(ignored[:400])}." if ignored else "All columns are used.")
        )
        self.import_button.setEnabled(not missing)
        self.check_button.setEnabled(not missing)
        shown = sorted(mapping.fields.items(), key=lambda item: item[1])
        grid = list(mapping.grid[:8]) if mapping.layout == "grid" else []
        self.preview.clear()
        self.preview.setColumnCount(len(shown) + len(grid))
        self.preview.setHorizontalHeaderLabels([field_label(n) for n, _i in shown] + [f"{d} {s}" for _p, d, s in grid])
        self.preview.setRowCount(len(self.rows))
        for row, (_line, cells) in enumerate(self.rows):
            positions = [i for _n, i in shown] + [p for p, _d, _s in grid]
            for column, index in enumerate(positions):
                self.preview.setItem(row, column, QTableWidgetItem(cells[index].strip() if index < len(cells) else ""))

    def chosen_profile(self) -> MappingProfile:
        """The mapping as the import should use it (saved first when the user asked)."""
        columns = self.mapping.as_profile_columns()
        name = self.profile_name.text().strip()
        if self.save_profile.isChecked() and name:
            sync_profiles.save_profile(
                self.context.store, self.context.staff_id, name, self.kind, columns, list(self.mapping.header)
            )
        return MappingProfile(name if self.save_profile.isChecked() else self.mapping.profile, self.kind, columns)

    def check(self) -> None:
        profile = MappingProfile(self.mapping.profile, self.kind, self.mapping.as_profile_columns())
        store, staff_id, kind, path = self.context.store, self.context.staff_id, self.kind, self.path
        self.check_button.setEnabled(False)
        self.check_result.setHtml("<p>Checking every row…</p>")

        def work(_control: TaskControl) -> ImportResult:
            return import_file(store, kind, path, staff_id, dry_run=True, profile=profile)

        def done(result: ImportResult) -> None:
            self.check_button.setEnabled(True)
            summary = ("Ready to import: " + result.summary().split(": ", 2)[-1]) if result.ok else result.summary()
            self.check_result.setHtml(
                report_html(
                    "Check", result.status, summary, result.report, result.errors, result.warnings, result.error_count
                )
            )

        self.context.tasks.run(work, on_done=done, label="Checking the file", lane=Lane.WRITE)
