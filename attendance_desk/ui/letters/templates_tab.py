"""The template editor: change a template's wording with a live preview; every save is a new version, and the
shipped wording can be restored.

Edits not yet saved are noticed (``ui/widgets/unsaved.py``, the mechanism Settings uses): choosing another
template, leaving the Letters page or quitting asks Save / Discard / Cancel, and a reload after someone else's
change never overwrites the template being edited."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.merge import FIELDS, unknown_fields
from attendance_desk.services.access import PermissionRefused
from attendance_desk.services.letters.data import preview_school_values
from attendance_desk.services.letters.templates import (
    SIGNATORIES,
    LetterTemplate,
    TemplateError,
    list_templates,
    restore_default,
    save_template,
)
from attendance_desk.store.errors import StoreError
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.letters.preview import template_html
from attendance_desk.ui.tasks import Lane, TaskControl
from attendance_desk.ui.widgets.accessible import name as accessible
from attendance_desk.ui.widgets.flow import ReflowSplitter
from attendance_desk.ui.widgets.unsaved import FormState, confirm_leave, form_state

SIGNATORY_LABELS = {
    "staff": "The staff member making the letter",
    "attendance_lead": "The attendance lead",
    "head_teacher": "The head teacher (with the stored signature)",
}


class TemplatesTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.templates: dict[str, LetterTemplate] = {}
        self.school_values: dict[str, str] = {}
        self._clean: FormState | None = None  # the editor as last shown or saved
        self._shown_row = -1
        self._shown_key = ""  # the template in the editor
        self.list = QListWidget()
        accessible(self.list, "Letter templates")
        self.list.currentItemChanged.connect(self._chosen)
        self.title = QLineEdit()
        self.purpose = QPlainTextEdit()
        self.when = QPlainTextEdit()
        for box in (self.purpose, self.when):
            box.setFixedHeight(48)
        self.subject = QLineEdit()
        self.greeting = QLineEdit()
        self.body = QPlainTextEdit()
        self.closing = QLineEdit()
        self.signatory = QComboBox()
        for key in SIGNATORIES:
            self.signatory.addItem(SIGNATORY_LABELS[key], key)
        self.version = QLabel()
        self.problems = QLabel(wordWrap=True)
        self.problems.setStyleSheet("color: #B00020")
        self.fields = QListWidget()
        accessible(self.fields, "Merge fields", "Enter puts the highlighted field into the letter")
        for name, spec in FIELDS.items():
            item = QListWidgetItem(f"{{{name}}}  {spec.description}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.fields.addItem(item)
        self.fields.itemDoubleClicked.connect(self._insert_field)
        self.fields.setToolTip("Double-click a field to insert it into the letter text at the cursor")
        self.preview = QTextBrowser()
        accessible(self.preview, "Template preview")
        self.save_button = QPushButton("Save as new version  (Ctrl+S)")
        self.restore_button = QPushButton("Restore the &default wording")
        self.save_button.clicked.connect(self.save)
        save_key = QShortcut(QKeySequence("Ctrl+S"), self)
        save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.activated.connect(self.save_button.click)
        self.restore_button.clicked.connect(self.restore)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.refresh_preview)
        for edit in (self.title, self.subject, self.greeting, self.closing):
            edit.textChanged.connect(lambda _t: self._timer.start())
        for box in (self.body, self.purpose, self.when):
            box.textChanged.connect(self._timer.start)

        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("What it is for", self.purpose)
        form.addRow("When to use it", self.when)
        form.addRow("Subject line", self.subject)
        form.addRow("Greeting", self.greeting)
        form.addRow("Letter text", self.body)
        form.addRow("Sign-off", self.closing)
        form.addRow("Signed by", self.signatory)
        editor = self.editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(self.version)
        editor_layout.addLayout(form, 1)
        editor_layout.addWidget(self.problems)
        buttons = QVBoxLayout()  # one above the other: the editor column stays narrow on a small screen
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.restore_button)
        editor_layout.addLayout(buttons)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.preview)
        side.addWidget(self.fields)
        splitter = ReflowSplitter()  # side by side, or stacked on a narrow window
        splitter.addWidget(self.list)
        splitter.addWidget(editor)
        splitter.addWidget(side)
        splitter.setStretchFactor(1, 2)
        splitter.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        markup = QLabel(
            "Text markup: a blank line starts a new paragraph, '- ' starts a bullet point, "
            "'## ' a heading, **words** are bold. Fields are written {like.this}."
        )
        markup.setWordWrap(True)
        layout.addWidget(markup)
        layout.addWidget(splitter, 1)

    def reload(self, select: str | None = None) -> None:
        def load(_control: TaskControl) -> tuple[list[LetterTemplate], dict[str, str]]:
            return list_templates(self.context.store), preview_school_values(self.context.store)

        def loaded(result: tuple[list[LetterTemplate], dict[str, str]]) -> None:
            self.school_values = result[1]  # the preview shows this school, not a made-up one
            self._loaded(result[0], select)

        self.context.tasks.run(load, on_done=loaded, label="Loading templates")

    def _loaded(self, rows: list[LetterTemplate], select: str | None) -> None:
        item = self.list.currentItem()
        current = select or (item.data(Qt.ItemDataRole.UserRole) if item is not None else None)
        keep_edits = select is None and self.has_unsaved_changes()  # a reload must not overwrite typing
        self.templates = {t.key: t for t in rows}
        self.list.blockSignals(True)  # refilling the list is not the user choosing a template
        self.list.clear()
        for template in rows:
            item = QListWidgetItem(template.title + ("  (edited)" if template.edited else ""))
            item.setData(Qt.ItemDataRole.UserRole, template.key)
            item.setToolTip(template.purpose)
            self.list.addItem(item)
            if template.key == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        self._shown_row = self.list.currentRow()
        if not keep_edits:
            self._show(self.list.currentItem())

    def _chosen(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        """Another template chosen: ask first when the one on screen has edits not saved."""
        if current is None:
            return
        key = current.data(Qt.ItemDataRole.UserRole)
        if previous is not None and current is not previous and not confirm_leave(self, self):
            # Stay on the template being edited; after the click that chose the other one has finished, or the
            # list view would select the clicked row again once this returns.
            QTimer.singleShot(0, self._reselect_shown)
            return
        self._select(lambda row: self.list.item(row).data(Qt.ItemDataRole.UserRole) == key)  # a save refills it
        self._shown_row = self.list.currentRow()
        self._show(self.list.currentItem())

    def _reselect_shown(self) -> None:
        self._select(lambda row: row == self._shown_row)

    def _select(self, wanted: Callable[[int], bool]) -> None:
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            if wanted(row):
                self.list.setCurrentRow(row)
                break
        self.list.blockSignals(False)

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        template = self.templates[item.data(Qt.ItemDataRole.UserRole)]
        self._shown_key = template.key
        self.title.setText(template.title)
        self.purpose.setPlainText(template.purpose)
        self.when.setPlainText(template.when_to_use)
        self.subject.setText(template.subject)
        self.greeting.setText(template.greeting)
        self.body.setPlainText(template.body)
        self.closing.setText(template.closing)
        self.signatory.setCurrentIndex(max(0, self.signatory.findData(template.signatory)))
        state = "edited here" if template.edited else "the shipped wording"
        self.version.setText(f"<b>{html.escape(template.title)}</b>, version {template.version} ({state})")
        self.refresh_preview()
        self._clean = form_state(self.editor)

    # --- unsaved changes (asked by the main window through the Letters page, and before another template) -------

    def has_unsaved_changes(self) -> bool:
        return self._clean is not None and form_state(self.editor) != self._clean

    def unsaved_description(self) -> str:
        return f"the letter template “{self.title.text().strip() or 'untitled'}”"

    def save_changes(self) -> bool:
        """Save now, on this thread (a quick write, and the question needs its answer before going on)."""
        self.refresh_preview()  # the checks as of now, not as of the last pause in typing
        template = self.edited_template()
        if template is None:
            return True
        if not self.save_button.isEnabled():
            QMessageBox.warning(
                self, "Template not saved", self.problems.text() or "The template needs a title and text."
            )
            return False
        try:
            saved = save_template(self.context.store, self.context.staff_id, template)
        except (TemplateError, PermissionRefused, StoreError) as exc:  # a sentence; the edits stay on screen
            QMessageBox.warning(self, "Template not saved", str(exc))
            return False
        self._clean = form_state(self.editor)
        self.templates[saved.key] = saved
        self.context.events.status_message.emit(f"Template saved as version {saved.version}")
        self.context.notify("letters")  # the list shows "(edited)" and the new version once it reloads
        return True

    def discard_changes(self) -> None:
        self._show(self.list.currentItem())

    def edited_template(self) -> LetterTemplate | None:
        """The template on screen with the editor's wording (the one shown, even while another is being chosen)."""
        if self._shown_key not in self.templates:
            return None
        return replace(
            self.templates[self._shown_key],
            title=self.title.text().strip(),
            purpose=self.purpose.toPlainText().strip(),
            when_to_use=self.when.toPlainText().strip(),
            subject=self.subject.text(),
            greeting=self.greeting.text(),
            body=self.body.toPlainText(),
            closing=self.closing.text(),
            signatory=self.signatory.currentData(),
        )

    def refresh_preview(self) -> None:
        template = self.edited_template()
        if template is None:
            return
        problems = unknown_fields(template.parts())
        self.problems.setText("\n".join(problems))
        self.save_button.setEnabled(not problems and bool(template.body.strip()) and bool(template.title))
        self.preview.setHtml(template_html(template.parts(), self.school_values))

    def _insert_field(self, item: QListWidgetItem) -> None:
        self.body.insertPlainText("{" + item.data(Qt.ItemDataRole.UserRole) + "}")
        self.body.setFocus()

    def save(self) -> None:
        template = self.edited_template()
        if template is None:
            return
        store, actor = self.context.store, self.context.staff_id

        def work(_control: TaskControl) -> LetterTemplate:
            return save_template(store, actor, template)

        self.context.tasks.run(
            work,
            on_done=lambda saved: self._saved(saved, "saved"),
            on_error=self._failed,
            lane=Lane.WRITE,
            label="Saving template",
        )

    def restore(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        answer = QMessageBox.question(
            self,
            "Restore default",
            "Replace this template's wording with the shipped wording? Your edited version stays in the history.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.restore_now(key)

    def restore_now(self, key: str) -> None:
        store, actor = self.context.store, self.context.staff_id
        self.context.tasks.run(
            lambda _c: restore_default(store, actor, key),
            on_done=lambda saved: self._saved(saved, "restored"),
            on_error=self._failed,
            lane=Lane.WRITE,
            label="Restoring template",
        )

    def _saved(self, template: LetterTemplate, verb: str) -> None:
        self.context.events.status_message.emit(f"Template {verb} as version {template.version}")
        self.context.notify("letters")
        self.reload(select=template.key)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, TemplateError):
            QMessageBox.warning(self, "Template not saved", str(error))
        else:
            raise error
