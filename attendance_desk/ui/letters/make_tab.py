"""Make letters: choose pupils and a template, fill in what the template needs, preview, then make, save and
print. Making runs off the UI thread with a progress bar and can be cancelled.

Someone who may approve letters (the attendance lead, the head teacher) makes, saves and prints in one go: their
letters are approved as made. Office staff prepare letters instead: they are archived and wait on the Letters made
tab for approval, and nothing is saved or printed until then."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.access import Permission
from attendance_desk.domain.calendar import DateRange, school_year_start
from attendance_desk.domain.merge import FIELDS, LIST_FIELDS
from attendance_desk.domain.names import surname_sort_key
from attendance_desk.domain.text import plural
from attendance_desk.services import pupils as pupil_service
from attendance_desk.services.access import can
from attendance_desk.services.letters.batches import (
    BatchResult,
    BlockedPupil,
    LetterPlan,
    LetterRequest,
    prepare_letters,
    produce_letters,
)
from attendance_desk.services.letters.templates import LetterTemplate, list_templates
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.letters.preview import letter_html
from attendance_desk.ui.preferences import file_name
from attendance_desk.ui.printing import print_pdf
from attendance_desk.ui.tasks import Lane, TaskControl, run_with_progress
from attendance_desk.ui.widgets.accessible import name as accessible
from attendance_desk.ui.widgets.dialogs import ask_save_path
from attendance_desk.ui.widgets.flow import ReflowSplitter

PUPIL_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class MakeLettersTab(QWidget):
    letters_made = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.templates: list[LetterTemplate] = []
        self._pending_ticks: set[int] = set()  # pupils another page asked to tick before the list had loaded
        # a task's letter asked for while the lists were loading: (pupil, template, preview, typed fields)
        self._pending: tuple[int, str | None, bool, dict[str, str] | None] | None = None
        self._loading = False
        self.supplied_inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.last_pdf: Path | None = None
        self.approver = True  # set from the signed-in person's roles on each reload

        self.filter = QLineEdit(placeholderText="Filter pupils by name, year or group")
        accessible(self.filter, "Filter pupils")
        self.pupils = QListWidget()
        accessible(self.pupils, "Pupils to write to", "Space ticks or unticks the highlighted pupil")
        select_all = QPushButton("Tick all shown")
        clear = QPushButton("Clear ticks")
        select_all.clicked.connect(lambda: self._tick_shown(True))
        clear.clicked.connect(lambda: self._tick_shown(False))
        self.filter.textChanged.connect(self._apply_filter)
        self.pupils.itemChanged.connect(lambda _item: self._update_count())
        self.count = QLabel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.pupils, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(select_all)
        buttons.addWidget(clear)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.count)

        self.template = QComboBox()
        self.template.currentIndexChanged.connect(self._template_changed)
        self.about = QLabel(wordWrap=True)
        self.start, self.end = QDateEdit(), QDateEdit()
        accessible(self.start, "Period from")
        accessible(self.end, "Period to")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        today = date.today()
        self.start.setDate(_qdate(school_year_start(today)))
        self.end.setDate(_qdate(today))
        self.fields_box = QGroupBox("Details for this letter")
        self.fields_form = QFormLayout(self.fields_box)
        self.preview = QTextBrowser()
        accessible(self.preview, "Letter preview")
        self.preview_button = QPushButton("&Preview")
        self.make_button = QPushButton("&Make letters and save PDF…")
        self.print_button = QPushButton("P&rint…")
        self.print_button.setEnabled(False)
        self.preview_button.clicked.connect(self.show_preview)
        self.make_button.clicked.connect(lambda: self.make_letters())
        self.print_button.clicked.connect(self.print_last)

        right = QWidget()
        form = QFormLayout()
        form.addRow("Template", self.template)
        form.addRow("", self.about)
        period = QHBoxLayout()
        period.addWidget(self.start)
        period.addWidget(QLabel("to"))
        period.addWidget(self.end)
        form.addRow("Figures for", period)
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(form)
        right_layout.addWidget(self.fields_box)
        actions = QHBoxLayout()
        for button in (self.preview_button, self.make_button, self.print_button):
            actions.addWidget(button)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.preview, 1)
        # Pupils a premise or an overridable legal refusal left out: tick one back in, with the reason (audited).
        self.left_out_box = QGroupBox("Left out: tick a pupil to include them anyway, and say why")
        self.left_out = QListWidget()
        self.left_out.setMaximumHeight(110)
        self.tick_back_reason = QLineEdit(placeholderText="Why these pupils should have this letter after all")
        left_out_layout = QVBoxLayout(self.left_out_box)
        left_out_layout.addWidget(self.left_out)
        left_out_layout.addWidget(self.tick_back_reason)
        self.left_out_box.hide()
        right_layout.addWidget(self.left_out_box)

        splitter = ReflowSplitter()  # side by side, or stacked on a narrow window
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # Loading -------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        self._loading = True
        self._apply_role()

        store, actor = self.context.store, self.context.staff_id

        def load(_control: TaskControl) -> tuple[list[LetterTemplate], list[pupil_service.PupilListRow]]:
            return list_templates(store), pupil_service.list_pupils(store, actor).rows

        self.context.tasks.run(load, on_done=self._loaded, label="Loading letters")

    def _loaded(self, loaded: tuple[list[LetterTemplate], list[pupil_service.PupilListRow]]) -> None:
        templates, rows = loaded
        ticked = set(self.ticked_pupils()) | self._pending_ticks
        self._pending_ticks = set()
        current = self.template.currentData()
        self.templates = templates
        self.template.blockSignals(True)
        self.template.clear()
        for template in templates:
            self.template.addItem(template.title, template.key)
        index = self.template.findData(current) if current else 0
        self.template.setCurrentIndex(max(index, 0))
        self.template.blockSignals(False)
        self._template_changed()
        self.pupils.blockSignals(True)
        self.pupils.clear()
        for row in sorted(rows, key=lambda r: surname_sort_key(r.surname, r.forename)):
            percent = "" if row.attendance_percent is None else f"  {row.attendance_percent}%"
            item = QListWidgetItem(f"{row.surname}, {row.forename}  (Year {row.year_group} {row.reg_group}){percent}")
            item.setData(PUPIL_ID_ROLE, row.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if row.id in ticked else Qt.CheckState.Unchecked)
            self.pupils.addItem(item)
        self.pupils.blockSignals(False)
        self._apply_filter(self.filter.text())
        self._update_count()
        self._loading = False
        if self._pending is not None:
            self.prepare(*self._pending)

    def _apply_role(self) -> None:
        """Make (approved as made) for those who may approve letters; prepare for approval for everyone else."""
        self.approver = can(self.context.store, self.context.staff_id, Permission.APPROVE_LETTERS)
        if self.approver:
            self.make_button.setText("&Make letters and save PDF…")
            self.make_button.setToolTip("Your letters are approved as you make them")
        else:
            self.make_button.setText("Prepare letters for &approval")
            self.make_button.setToolTip(
                "The attendance lead or head teacher approves them on the Letters made tab before they are printed"
            )
        self.print_button.setVisible(self.approver)

    # Pupils --------------------------------------------------------------------------------------------------

    def _apply_filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for i in range(self.pupils.count()):
            item = self.pupils.item(i)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _tick_shown(self, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        self.pupils.blockSignals(True)
        for i in range(self.pupils.count()):
            if not self.pupils.item(i).isHidden():
                self.pupils.item(i).setCheckState(state)
        self.pupils.blockSignals(False)
        self._update_count()

    def tick_pupils(self, pupil_ids: list[int]) -> None:
        """Tick these pupils (used when another page sends pupils here, e.g. from a report or the worklist)."""
        wanted = set(pupil_ids)
        if self.pupils.count() == 0:  # the list is still loading: tick them when it arrives
            self._pending_ticks = set(wanted)
        for i in range(self.pupils.count()):
            item = self.pupils.item(i)
            if item.data(PUPIL_ID_ROLE) in wanted:
                item.setCheckState(Qt.CheckState.Checked)

    def prepare(
        self, pupil_id: int, template_key: str | None, preview: bool = False, supplied: dict[str, str] | None = None
    ) -> None:
        """Only this pupil ticked and (when given) this template chosen: a follow-up task's letter in one step.

        When the lists are still loading (the page was just opened) the choice waits for them, then applies.
        """
        self._pending = (pupil_id, template_key, preview, supplied)
        if self.pupils.count() == 0 or self._loading:
            return
        self._pending = None
        for i in range(self.pupils.count()):
            item = self.pupils.item(i)
            wanted = item.data(PUPIL_ID_ROLE) == pupil_id
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
            if wanted:
                self.pupils.setCurrentItem(item)
                self.pupils.scrollToItem(item)
        if template_key:
            index = self.template.findData(template_key)
            if index >= 0:
                self.template.setCurrentIndex(index)
        for name, value in (supplied or {}).items():  # what the task already knows (the absence date)
            edit = self.supplied_inputs.get(name)
            if isinstance(edit, QLineEdit) and not edit.text().strip():
                edit.setText(value)
        self._update_count()
        if preview:
            self.show_preview()

    def ticked_pupils(self) -> list[int]:
        return [
            self.pupils.item(i).data(PUPIL_ID_ROLE)
            for i in range(self.pupils.count())
            if self.pupils.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _update_count(self) -> None:
        self.count.setText(f"{plural(len(self.ticked_pupils()), 'pupil')} ticked")

    # Template and fields -------------------------------------------------------------------------------------

    def current_template(self) -> LetterTemplate | None:
        key = self.template.currentData()
        return next((t for t in self.templates if t.key == key), None)

    def _template_changed(self) -> None:
        template = self.current_template()
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.supplied_inputs.clear()
        if template is None:
            self.about.setText("")
            return
        self.about.setText(f"<b>For:</b> {template.purpose}<br><b>When:</b> {template.when_to_use}")
        for name in template.supplied_fields():
            spec = FIELDS[name]
            widget: QLineEdit | QPlainTextEdit
            if name in LIST_FIELDS:
                widget = QPlainTextEdit(placeholderText="One point per line")
                widget.setFixedHeight(70)
            else:
                widget = QLineEdit(placeholderText=f"e.g. {spec.example}")
            self.supplied_inputs[name] = widget
            self.fields_form.addRow(spec.description, widget)
        self.fields_box.setVisible(bool(self.supplied_inputs))
        # The fields are made after the buttons below them: put them back in reading order for Tab.
        chain: list[QWidget] = [self.end, *self.supplied_inputs.values(), self.preview_button]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def request(self) -> LetterRequest:
        supplied = {
            name: (w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text())
            for name, w in self.supplied_inputs.items()
        }
        reason = self.tick_back_reason.text().strip()
        return LetterRequest(
            template_key=self.template.currentData(),
            pupil_ids=self.ticked_pupils(),
            period=DateRange(_date(self.start.date()), _date(self.end.date())),
            supplied=supplied,
            ticked_back={pupil_id: reason for pupil_id in self.ticked_back()} if reason else {},
        )

    def ticked_back(self) -> list[int]:
        return [
            self.left_out.item(i).data(PUPIL_ID_ROLE)
            for i in range(self.left_out.count())
            if self.left_out.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _check_ready(self) -> bool:
        if self.ticked_back() and not self.tick_back_reason.text().strip():
            QMessageBox.warning(self, "Letters", "Say why the pupils you ticked back in should have this letter.")
            return False
        if not self.ticked_pupils():
            QMessageBox.information(self, "Letters", "Tick at least one pupil first.")
            return False
        if self.start.date() > self.end.date():
            QMessageBox.warning(self, "Letters", "The period ends before it starts.")
            return False
        return True

    # Actions -------------------------------------------------------------------------------------------------

    def show_preview(self) -> None:
        if not self._check_ready():
            return
        request = self.request()

        def work(_control: TaskControl) -> LetterPlan:
            return prepare_letters(self.context.store, self.context.staff_id, request)

        self.context.tasks.run(work, on_done=self._show_plan, on_error=self._show_error, label="Preparing letters")

    def _show_plan(self, plan: LetterPlan) -> None:
        pupils = len({p.pupil_id for p in plan.letters})
        notes = [f"<p><b>{plural(len(plan.letters), 'letter')}</b> for {plural(pupils, 'pupil')}."]
        notes += [f"<p style='color:#B00020'>Not made for {b.pupil_name}: {b.reason}</p>" for b in plan.blocked]
        notes += [f"<p style='color:#8A5300'>Warning: {w}</p>" for w in plan.warnings]
        sample = f"<hr>{letter_html(plan.letters[0].content)}" if plan.letters else ""
        self.preview.setHtml("".join(notes) + sample)
        self._fill_left_out([b for b in plan.blocked if b.may_tick_back])

    def _fill_left_out(self, blocked: list[BlockedPupil]) -> None:
        kept = set(self.ticked_back())
        self.left_out.clear()
        for b in blocked:
            item = QListWidgetItem(f"{b.pupil_name}: {b.reason}")
            item.setData(PUPIL_ID_ROLE, b.pupil_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if b.pupil_id in kept else Qt.CheckState.Unchecked)
            self.left_out.addItem(item)
        self.left_out_box.setVisible(bool(blocked))

    def _show_error(self, error: BaseException) -> None:
        QMessageBox.warning(self, "Letters", str(error))

    def make_letters(self, target: Path | None = None) -> None:
        if not self._check_ready():
            return
        if target is None and self.approver:  # prepared letters are saved once approved, from Letters made
            template = self.current_template()
            suggested = file_name("Letters", template.title if template else "", on=date.today(), suffix="pdf")
            chosen = ask_save_path(self, "Save the letters as", suggested, "PDF files (*.pdf)")
            if not chosen:
                return
            target = Path(chosen)
        request = self.request()
        store, actor = self.context.store, self.context.staff_id

        def work(control: TaskControl) -> BatchResult:
            return produce_letters(
                store,
                actor,
                request,
                progress=lambda d, t: control.progress(d, t, "Making letters"),
                cancelled=lambda: control.cancelled,
            )

        run_with_progress(
            self,
            self.context.tasks,
            work,
            title="Making letters",
            lane=Lane.WRITE,
            on_done=lambda result: self._made(result, target) if result.approved and target else self._prepared(result),
            on_error=self._show_error,
        )

    def _made(self, result: BatchResult, target: Path) -> None:
        self._show_plan_result(result)
        if not result.letters:
            return
        try:
            target.write_bytes(result.pdf)
        except OSError as exc:
            QMessageBox.warning(
                self,
                "Letters",
                f"The letters were made and archived, but {target} could not be "
                f"written ({exc.strerror}). Reprint them from the Letters made tab.",
            )
            return
        self.last_pdf = target
        self.print_button.setEnabled(True)
        self.letters_made.emit()
        self.context.notify(DataArea.ACTIVITY)
        self.context.notify("letters")
        self.context.events.status_message.emit(f"{plural(len(result.letters), 'letter')} saved to {target.name}")

    def _prepared(self, result: BatchResult) -> None:
        """Letters prepared for approval: say so, and where they wait."""
        self._show_plan_result(result)
        if not result.letters:
            return
        self.letters_made.emit()
        self.context.notify(DataArea.ACTIVITY)
        self.context.notify("letters")
        self.context.events.status_message.emit(f"{plural(len(result.letters), 'letter')} awaiting approval")

    def _show_plan_result(self, result: BatchResult) -> None:
        if result.awaiting_approval:
            lines = [
                f"<p><b>{plural(len(result.letters), 'letter')} prepared and awaiting approval.</b> The attendance "
                "lead or head teacher approves them on the Letters made tab; they can be printed once approved.</p>"
            ]
        else:
            lines = [f"<p><b>{plural(len(result.letters), 'letter')} made and archived.</b></p>"]
        lines += [f"<p style='color:#B00020'>Not made for {b.pupil_name}: {b.reason}</p>" for b in result.blocked]
        lines += [f"<p style='color:#8A5300'>Warning: {w}</p>" for w in result.warnings]
        self.preview.setHtml("".join(lines))

    def print_last(self) -> None:
        """Print the batch just made (the saved PDF) through the print dialog; large batches show progress."""
        if self.last_pdf is None:
            return
        print_pdf(self, self.last_pdf, "Letters", self.context)
