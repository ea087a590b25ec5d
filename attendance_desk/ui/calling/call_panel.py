"""The call panel: one pupil's contacts in priority order, one key per outcome, the call-back script and the
outcome form. Court-order-restricted contacts are shown as do-not-contact and can never be chosen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.calling.rules import CallOutcome, reportable_codes
from attendance_desk.domain.contacts import ContactRecord
from attendance_desk.domain.london import LONDON
from attendance_desk.domain.text import plural
from attendance_desk.services.calling import calls as calling
from attendance_desk.services.calling.common import callable_contacts
from attendance_desk.services.calling.settings import CallScript
from attendance_desk.services.calling.worklist import WorklistEntry
from attendance_desk.ui.calling import shortcuts
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.tasks import Lane
from attendance_desk.ui.widgets.flow import FlowLayout
from attendance_desk.ui.widgets.values import as_date

_RESTRICTED = QColor("#7a1c16")


def contact_text(number: int | None, line: ContactRecord) -> str:
    facts = [
        line.relationship or "contact",
        "parental responsibility" if line.parental_responsibility else "no parental responsibility",
    ]
    if line.lives_with_pupil:
        facts.append("lives with pupil")
    if line.do_not_contact:
        return f"DO NOT CONTACT (court order)  {line.name}, {', '.join(facts)}"
    phones = "; ".join(f"{p.label} {p.number}" for p in line.phones) or "no phone number held"
    return f"{number}.  {line.name}, {', '.join(facts)}\n      {phones}"


class CallPanel(QWidget):
    attempt_logged = Signal(int)  # pupil id
    outcome_saved = Signal(int)  # pupil id: the absence is explained

    def __init__(self, context: AppContext, script: CallScript, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.entry: WorklistEntry | None = None
        self.on = date.today()
        self.session = "AM"
        self.contacts: list[ContactRecord] = []
        self.chosen: ContactRecord | None = None
        self.last_attempt_id: int | None = None

        self.title = QLabel("Choose a pupil on the worklist")
        self.title.setObjectName("sectionTitle")
        self.details = QLabel("")
        self.details.setObjectName("muted")
        self.details.setWordWrap(True)
        self.contact_list = QListWidget()
        self.contact_list.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.contact_list.setAccessibleName("Contacts to ring")
        self.contact_list.setAccessibleDescription(
            "Keys 1 to 9 choose a contact; do-not-contact people are never offered"
        )
        self.contact_list.setMaximumHeight(120)
        self.contact_list.setWordWrap(True)  # a long relationship wraps instead of hiding behind a scroll bar
        self.contact_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contact_list.currentRowChanged.connect(self._contact_row_changed)
        self.phone = QComboBox()
        self.phone.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.phone.setAccessibleName("Number to ring")
        self.phone.setAccessibleDescription("P moves to the contact's next number")
        self.outcome_buttons: dict[CallOutcome, QPushButton] = {}
        buttons = FlowLayout()  # three to a line when there is room; fewer on a narrow window
        for outcome in CallOutcome:
            button = QPushButton(f"{outcome.label}  ({outcome.key})")
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setAccessibleDescription(f"Key {outcome.key}")
            button.setToolTip(f"Log this attempt as '{outcome.label.lower()}' (key {outcome.key})")
            button.clicked.connect(lambda _=False, o=outcome: self.log_outcome(o))
            buttons.addWidget(button)
            self.outcome_buttons[outcome] = button
        self.attempts = QLabel("")
        self.attempts.setObjectName("muted")
        self.attempts.setWordWrap(True)

        self.answer_edits: list[tuple[str, str, QLineEdit]] = []
        script_box = QGroupBox("Call-back: a wellbeing check")
        script_form = QFormLayout(script_box)
        intro = QLabel(script.introduction)
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        script_form.addRow(intro)
        for prompt in script.active_prompts:
            question = QLabel(prompt.question)
            question.setWordWrap(True)
            question.setToolTip(prompt.guidance)
            edit = QLineEdit()
            edit.setAccessibleName(prompt.question)
            edit.setAccessibleDescription(prompt.guidance)
            edit.setPlaceholderText(prompt.guidance[:90])
            edit.setToolTip(prompt.guidance)
            script_form.addRow(question)
            script_form.addRow(edit)
            self.answer_edits.append((prompt.key, prompt.question, edit))
        self.concern_box = QCheckBox(f"Concern for the safeguarding lead ({shortcuts.CONCERN})")
        self.concern_note = QLineEdit()
        self.concern_note.setAccessibleName("Concern for the safeguarding lead")
        self.concern_note.setPlaceholderText("What worried you, in the family's words where possible")
        self.concern_note.textEdited.connect(lambda text: self.concern_box.setChecked(bool(text.strip())))
        script_form.addRow(self.concern_box)
        script_form.addRow(self.concern_note)

        outcome_box = QGroupBox("Outcome")
        outcome_form = QFormLayout(outcome_box)
        outcome_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow window: field under caption
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("The reason the family gave")
        self.code = QComboBox()
        self._fill_codes(date.today())
        self.evidence = QCheckBox("Evidence asked for (appointment card, letter)")
        self.expect_back = QCheckBox("Expected back on")
        self.return_date = QDateEdit()
        self.return_date.setCalendarPopup(True)
        self.return_date.setDisplayFormat("dd/MM/yyyy")
        back_row = QHBoxLayout()
        back_row.addWidget(self.expect_back)
        back_row.addWidget(self.return_date)
        back_row.addStretch(1)
        outcome_form.addRow("Reason given", self.reason)
        outcome_form.addRow("Proposed code", self.code)
        outcome_form.addRow(self.evidence)
        outcome_form.addRow(back_row)
        self.save_outcome_button = QPushButton("Save outcome  (Ctrl+Enter)")
        self.save_outcome_button.setObjectName("primary")
        self.save_outcome_button.clicked.connect(self.save_outcome)
        self.save_answers_button = QPushButton(f"Save answers  ({shortcuts.SAVE_ANSWERS})")
        self.save_answers_button.clicked.connect(self.save_answers)
        save_row = FlowLayout()
        save_row.addWidget(self.save_answers_button)
        save_row.addWidget(self.save_outcome_button)
        outcome_form.addRow(save_row)
        self.message = QLabel("")
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addWidget(self.contact_list)
        phone_row = QHBoxLayout()
        phone_row.addWidget(QLabel(f"Number ({shortcuts.NEXT_PHONE} for the next)"))
        phone_row.addWidget(self.phone, 1)
        layout.addLayout(phone_row)
        layout.addLayout(buttons)
        layout.addWidget(self.attempts)
        layout.addWidget(self.message)
        layout.addWidget(script_box)
        layout.addWidget(outcome_box)
        layout.addStretch(1)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setWidget(inner)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Never sideways: the panel asks the splitter for the width its content needs (see minimumSizeHint).
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroller)
        self._set_enabled(False)

    def minimumSizeHint(self) -> QSize:
        """As narrow as the content allows once its buttons have wrapped, plus the vertical scroll bar: the
        splitter beside the worklist never squeezes the panel into scrolling sideways."""
        inner = self.scroller.widget()
        hint = super().minimumSizeHint()
        if inner is None:
            return hint
        frame = 2 * self.scroller.frameWidth()
        bar = self.scroller.verticalScrollBar().sizeHint().width()
        return QSize(inner.minimumSizeHint().width() + bar + frame, hint.height())

    # --- showing a pupil ----------------------------------------------------------------------------------------

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (
            *self.outcome_buttons.values(),
            self.save_outcome_button,
            self.save_answers_button,
            self.reason,
            self.code,
            self.evidence,
            self.concern_box,
            self.concern_note,
            *(edit for _k, _q, edit in self.answer_edits),
        ):
            widget.setEnabled(enabled)

    def set_entry(self, entry: WorklistEntry | None, on: date, session: str) -> None:
        same = entry is not None and self.entry is not None and entry.pupil_id == self.entry.pupil_id
        self.entry, self.on, self.session = entry, on, session
        self._fill_codes(on)
        if not same:
            self.last_attempt_id = None
            self._clear_form()
            self.scroller.verticalScrollBar().setValue(0)  # each pupil starts at the top: name, contacts, numbers
        self.message.clear()
        self.contact_list.clear()
        self.phone.clear()
        self.chosen = None
        if entry is None:
            self.title.setText("Choose a pupil on the worklist")
            self.details.setText("")
            self.attempts.setText("")
            self._set_enabled(False)
            return
        self._set_enabled(True)
        self.title.setText(f"{entry.name}  ·  {entry.reg_group or entry.year_group}")
        why = "; ".join(entry.reasons) or "family reached today"
        lines = [f"UPN {entry.upn}. {why[:1].upper()}{why[1:]}."]
        if entry.social_worker:
            lines.append(f"Social worker: {entry.social_worker}. Tell them about any unexplained absence today.")
        self.details.setText(" ".join(lines))
        self.contacts = list(entry.contacts)
        number = 0
        for line in self.contacts:
            if line.do_not_contact:
                item = QListWidgetItem(contact_text(None, line))
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setForeground(_RESTRICTED)
                item.setToolTip(
                    "A court order restricts contact with this person about this pupil. "
                    "They are never offered for a call."
                )
            else:
                number += 1
                item = QListWidgetItem(contact_text(number, line))
            item.setData(Qt.ItemDataRole.UserRole, line.contact_id)
            self.contact_list.addItem(item)
        if callable_contacts(self.contacts):
            self.choose_contact(1)
        else:
            self.message.setText("No contact can be rung for this pupil. Consider a home visit (Ctrl+H).")
        self.reload_attempts()

    def _fill_codes(self, on: date) -> None:
        """The codes a family's reason can be coded as on ``on`` (the 2024 list from September 2024)."""
        codes = reportable_codes(on)
        if [self.code.itemData(i) for i in range(self.code.count())] == [c for c, _l in codes]:
            return
        self.code.clear()
        for code, label in codes:
            self.code.addItem(f"{code}  {label}", code)

    def _clear_form(self) -> None:
        for _k, _q, edit in self.answer_edits:
            edit.clear()
        self.reason.clear()
        self.code.setCurrentIndex(0)
        self.evidence.setChecked(False)
        self.expect_back.setChecked(False)
        self.return_date.setDate(QDate(self.on.year, self.on.month, self.on.day).addDays(1))
        self.concern_box.setChecked(False)
        self.concern_note.clear()

    def choose_contact(self, number: int) -> bool:
        """Choose the ``number``-th contact that may be rung (1-based). Restricted contacts are never counted."""
        allowed = callable_contacts(self.contacts)
        if not 1 <= number <= len(allowed):
            return False
        self.chosen = allowed[number - 1]
        for row in range(self.contact_list.count()):
            if self.contact_list.item(row).data(Qt.ItemDataRole.UserRole) == self.chosen.contact_id:
                self.contact_list.setCurrentRow(row)
        self.phone.clear()
        for phone in self.chosen.phones:
            self.phone.addItem(f"{phone.label}: {phone.number}", phone.number)
        return True

    def _contact_row_changed(self, row: int) -> None:
        if row < 0 or self.chosen is None:
            return
        contact_id = self.contact_list.item(row).data(Qt.ItemDataRole.UserRole)
        if contact_id != self.chosen.contact_id:
            allowed = callable_contacts(self.contacts)
            for n, line in enumerate(allowed, start=1):
                if line.contact_id == contact_id:
                    self.choose_contact(n)

    def next_phone(self) -> None:
        if self.phone.count() > 1:
            self.phone.setCurrentIndex((self.phone.currentIndex() + 1) % self.phone.count())

    def reload_attempts(self) -> None:
        if self.entry is None:
            return
        records = calling.attempts_for(self.context.store, self.entry.pupil_id, self.on)
        self.attempts.setText(
            "\n".join(
                f"{r.at.astimezone(LONDON).strftime('%H:%M')}  {r.outcome.label}: {r.contact_name}"
                f"{' (' + r.phone_label + ')' if r.phone_label else ''}, {r.staff_name or 'unknown staff'}"
                for r in records
            )
            or "No calls yet today."
        )
        if records and self.last_attempt_id is None:
            self.last_attempt_id = records[-1].id

    # --- actions --------------------------------------------------------------------------------------------------

    def _answers(self) -> list[calling.PromptAnswer]:
        return [calling.PromptAnswer(key, question, edit.text()) for key, question, edit in self.answer_edits]

    def _fail(self, error: BaseException) -> None:
        self.message.setText(str(error))

    def log_outcome(self, outcome: CallOutcome) -> None:
        entry, contact = self.entry, self.chosen
        if entry is None:
            return
        if contact is None or contact.do_not_contact:
            self.message.setText("Choose a contact who may be rung (keys 1 to 9) first.")
            return
        number = self.phone.currentData() or ""
        answers = self._answers() if outcome is CallOutcome.ANSWERED else []
        concern = self.concern_note.text() if self.concern_box.isChecked() else ""

        def work(_control: object) -> calling.AttemptRecord:
            return calling.log_attempt(
                self.context.store,
                self.context.staff_id,
                pupil_id=entry.pupil_id,
                contact_id=contact.contact_id,
                outcome=outcome,
                absence_date=self.on,
                session=self.session,
                phone_number=number,
                answers=answers,
                concern=concern,
            )

        def done(record: calling.AttemptRecord) -> None:
            self.last_attempt_id = record.id
            self.message.clear()
            if concern:
                self.concern_box.setChecked(False)
                self.concern_note.clear()
            self.reload_attempts()
            self.context.events.status_message.emit(f"{outcome.label} logged at {record.at.astimezone(LONDON):%H:%M}")
            self.context.notify(DataArea.ACTIVITY)
            self.attempt_logged.emit(entry.pupil_id)
            if outcome is CallOutcome.ANSWERED and self.answer_edits:
                self.answer_edits[0][2].setFocus()

        self.context.tasks.run(work, on_done=done, on_error=self._fail, label="Logging a call", lane=Lane.WRITE)

    def focus_concern(self) -> None:
        if self.entry is not None:
            self.concern_box.setChecked(True)
            self.concern_note.setFocus()
            self.scroller.ensureWidgetVisible(self.concern_note, 0, 40)

    def save_answers(self, then: object = None) -> None:
        """Save the script answers (and any concern) with the last call logged for this pupil."""
        entry, attempt_id = self.entry, self.last_attempt_id
        if entry is None:
            return
        if attempt_id is None:
            self.message.setText("Log the call first (A when the family answers), then save the answers.")
            return
        answers = self._answers()
        concern = self.concern_note.text().strip() if self.concern_box.isChecked() else ""
        if self.concern_box.isChecked() and not concern:
            self.message.setText("Write what worried you before saving a concern.")
            self.concern_note.setFocus()
            return

        def work(_control: object) -> None:
            calling.save_answers(self.context.store, self.context.staff_id, attempt_id, answers)
            if concern:
                calling.add_concern_to_call(self.context.store, self.context.staff_id, attempt_id, concern)

        def done(_result: object) -> None:
            if concern:
                self.concern_box.setChecked(False)
                self.concern_note.clear()
            self.message.clear()
            self.context.events.status_message.emit("Answers saved with the call")
            if callable(then):
                then()

        self.context.tasks.run(work, on_done=done, on_error=self._fail, label="Saving answers", lane=Lane.WRITE)

    def save_outcome(self) -> None:
        entry = self.entry
        if entry is None:
            return
        if not self.reason.text().strip():
            self.message.setText("Write the reason the family gave, or save the answers only (Ctrl+S).")
            self.reason.setFocus()
            return
        reason, code = self.reason.text(), str(self.code.currentData())
        evidence = self.evidence.isChecked()
        back = as_date(self.return_date.date()) if self.expect_back.isChecked() else None
        attempt_id = self.last_attempt_id

        def record() -> None:
            def work(_control: object) -> calling.OutcomeRecord:
                return calling.record_outcome(
                    self.context.store,
                    self.context.staff_id,
                    pupil_id=entry.pupil_id,
                    absence_date=self.on,
                    reason=reason,
                    proposed_code=code,
                    first_session=self.session,
                    evidence_requested=evidence,
                    expected_return=back,
                    attempt_id=attempt_id,
                )

            def done(result: calling.OutcomeRecord) -> None:
                self.context.events.status_message.emit(
                    f"Outcome saved: {result.proposed_code} proposed for {plural(len(result.decisions), 'session')}"
                )
                self.context.notify(DataArea.ACTIVITY)
                self.outcome_saved.emit(entry.pupil_id)

            self.context.tasks.run(work, on_done=done, on_error=self._fail, label="Saving the outcome", lane=Lane.WRITE)

        has_answers = any(edit.text().strip() for _k, _q, edit in self.answer_edits) or self.concern_box.isChecked()
        if attempt_id is not None and has_answers:
            self.save_answers(then=record)
        elif self.concern_box.isChecked():
            self.message.setText("Log the call first so the concern is kept with it.")
        else:
            record()
