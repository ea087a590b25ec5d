"""One pupil's case file: current stage and figures, stage history, plans, contracts, meetings, notices and the
chronology, with buttons to record, review and print each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from attendance_desk.domain.casework.referrals import REFERRAL_TITLES, ReferralKind
from attendance_desk.domain.text import plural
from attendance_desk.services import legal as legal_service
from attendance_desk.services.casework import contracts as casework_contracts
from attendance_desk.services.casework import notices as casework_notices
from attendance_desk.services.casework import plans as casework_plans
from attendance_desk.services.casework import printing as casework_print
from attendance_desk.services.casework import referrals as referral_service
from attendance_desk.services.casework import stages as casework
from attendance_desk.services.casework.referrals import REFERRAL_MEASURES
from attendance_desk.ui.casework.dialogs_formal import (
    ContractDialog,
    ContractReviewDialog,
    NoticeToImproveDialog,
    PenaltyNoticeDialog,
)
from attendance_desk.ui.casework.dialogs_plans import MedicalPlanDialog, MedicalReviewDialog, MeetingDialog, StageDialog
from attendance_desk.ui.casework.dialogs_referral import LeaveRequestDialog
from attendance_desk.ui.casework.pdf_output import PdfOutput
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.widgets.accessible import name as accessible

CASEWORK_AREA = "casework"
ID_ROLE = Qt.ItemDataRole.UserRole


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


class RecordTable(QWidget):
    """A read-only table of records with buttons that act on the selected row's id."""

    def __init__(self, columns: Sequence[str], buttons: Sequence[tuple[str, Callable[[int], None]]]) -> None:
        super().__init__()
        self.table = QTableWidget(0, len(columns))
        accessible(self.table, "Records")
        self.table.setHorizontalHeaderLabels(list(columns))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for label, action in buttons:
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, act=action: self._act(act))
            row.addWidget(button)
            self.buttons[label] = button
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)

    def set_rows(self, rows: Sequence[tuple[int, Sequence[str]]]) -> None:
        self.table.setRowCount(len(rows))
        for r, (record_id, values) in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(ID_ROLE, record_id)
                self.table.setItem(r, c, item)
        if rows:
            self.table.selectRow(len(rows) - 1)

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(ID_ROLE) if items else None

    def _act(self, action: Callable[[int], None]) -> None:
        record_id = self.selected_id()
        if record_id is not None:
            action(record_id)


class CaseFileWidget(PdfOutput):
    def __init__(self, context: AppContext, pupil_id: int, today: date | None = None) -> None:
        super().__init__()
        self.context, self.pupil_id = context, pupil_id
        self.today = today or date.today()
        self._open_dialog: QDialog | None = None
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.barred = QLabel()
        self.barred.setWordWrap(True)
        self.barred.setStyleSheet("color: #8A5300;")
        actions = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        for label, handler in (
            ("Change stage…", self.change_stage),
            ("Medical action plan…", self.new_medical_plan),
            ("Meeting…", self.new_meeting),
            ("Contract…", self.new_contract),
            ("Notice to Improve…", self.new_notice),
            ("Penalty notice…", self.new_penalty_notice),
        ):
            button = QPushButton(label)
            button.clicked.connect(handler)
            actions.addWidget(button)
            self.action_buttons[label] = button
        self.referral = QComboBox()
        self.referral.setAccessibleName("Referral pack to make")
        for kind in ReferralKind:
            self.referral.addItem(REFERRAL_TITLES[kind], kind.value)
        make_pack = QPushButton("Save referral pack PDF…")
        make_pack.clicked.connect(lambda: self.print_referral())
        print_pack = QPushButton("Print referral pack…")
        print_pack.clicked.connect(lambda: self.print_referral(to_printer=True))
        self.action_buttons["referral"] = make_pack
        self.action_buttons["print referral"] = print_pack
        actions.addStretch(1)
        referral_row = QHBoxLayout()
        referral_row.addWidget(QLabel("Referral:"))
        referral_row.addWidget(self.referral)
        referral_row.addWidget(make_pack)
        referral_row.addWidget(print_pack)
        referral_row.addStretch(1)

        self.history = RecordTable(["Date", "Stage", "Reason", "By"], [])
        self.plans = RecordTable(
            ["Plan date", "Attendance", "Target", "Next review", "Status"],
            [
                ("Review…", self.review_plan),
                ("Save plan PDF…", self.print_plan),
                ("Print plan…", lambda i: self.print_plan(i, to_printer=True)),
                ("Save consent form PDF…", self.print_consent),
                ("Print consent form…", lambda i: self.print_consent(i, to_printer=True)),
            ],
        )
        self.contracts = RecordTable(
            ["Meeting", "Outcome", "Review", "Reviews", "Status"],
            [
                ("Review…", self.review_contract),
                ("Save contract PDF…", self.print_contract),
                ("Print contract…", lambda i: self.print_contract(i, to_printer=True)),
                ("Save latest review PDF…", self.print_contract_review),
                ("Print latest review…", lambda i: self.print_contract_review(i, to_printer=True)),
            ],
        )
        self.meetings = RecordTable(
            ["Date", "No.", "Reason", "Next meeting"],
            [("Save record PDF…", self.print_meeting), ("Print record…", lambda i: self.print_meeting(i, True))],
        )
        self.notices = RecordTable(
            ["Issued", "Notice", "Period / amounts", "Status"],
            [
                ("Review period", self.review_notice),
                ("Save notice PDF…", self.print_notice),
                ("Print notice…", lambda i: self.print_notice(i, to_printer=True)),
                ("Record payment today", self.record_payment),
            ],
        )
        from attendance_desk.ui.casework.chronology_view import ChronologyView

        self.chronology = ChronologyView(context, pupil_id, self.save_pdf, self.today, self.print_document)
        self.tabs = QTabWidget()
        for widget, title in (
            (self.history, "Stage history"),
            (self.plans, "Medical plans"),
            (self.contracts, "Contracts"),
            (self.meetings, "Meetings"),
            (self.notices, "Notices"),
            (self.chronology, "Chronology"),
        ):
            self.tabs.addTab(widget, title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.barred)
        layout.addLayout(actions)
        layout.addLayout(referral_row)
        layout.addWidget(self.tabs, 1)
        self.reload()

    # --- loading ---------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        h = casework.pupil_header(self.context.store, self.pupil_id, self.today)
        self.pupil_name = h.name
        f = h.figures
        percent = f"{f.attendance_percent}%" if f.attendance_percent is not None else "no sessions yet"
        self.header.setText(
            f"<b>{escape(h.name)}</b> · {h.upn} · Year {escape(h.year_group)} {escape(h.reg_group)} · "
            f"SEND: {h.send}<br>Stage: <b>{escape(h.stage_name)}</b> · Attendance {percent} · "
            f"{plural(f.broken_weeks, 'broken week')} of {f.school_weeks} · "
            f"{plural(f.unauthorised_last_10_school_weeks, 'unauthorised session')} in the last 10 school weeks"
        )
        self.barred.setText(h.legal_barred or "")
        self.barred.setVisible(bool(h.legal_barred))
        for label in ("Notice to Improve…", "Penalty notice…", "referral"):
            self.action_buttons[label].setEnabled(h.legal_barred is None)
        store = self.context.store
        self.history.set_rows(
            [
                (c.id, [_d(c.changed_on), c.stage_name, c.reason, c.staff])
                for c in casework.stage_history(store, self.context.staff_id, self.pupil_id)
            ]
        )
        self.plans.set_rows(
            [
                (
                    p.id,
                    [
                        _d(p.draft.plan_date),
                        f"{p.figures.attendance_percent}%",
                        f"{p.draft.target_attendance}%" if p.draft.target_attendance is not None else "",
                        _d(p.next_review),
                        f"Closed {_d(p.closed_on)}" if p.closed_on else "Open",
                    ],
                )
                for p in casework_plans.medical_plans(store, self.context.staff_id, self.pupil_id)
            ]
        )
        self.contracts.set_rows(
            [
                (
                    c.id,
                    [
                        _d(c.draft.meeting_date),
                        c.status_label,
                        c.draft.review_at.strftime("%d/%m/%Y %H:%M") if c.draft.review_at else "",
                        str(len(c.reviews)),
                        f"Closed {_d(c.closed_on)}" if c.closed_on else "Open",
                    ],
                )
                for c in casework_contracts.contracts(store, self.context.staff_id, self.pupil_id)
            ]
        )
        self.meetings.set_rows(
            [
                (m.id, [_d(m.draft.meeting_date), str(m.meeting_number), m.draft.reason, _d(m.draft.next_meeting_date)])
                for m in casework_plans.meetings(store, self.context.staff_id, self.pupil_id)
            ]
        )
        rows: list[tuple[int, list[str]]] = []
        for n in casework_notices.notices_to_improve(store, self.context.staff_id, self.pupil_id):
            status = "Awaiting review" if n.outcome is None else f"Reviewed: {n.outcome.value.replace('_', ' ')}"
            rows.append((n.id, [_d(n.issued_on), "Notice to Improve", n.period.describe(), status]))
        for p in casework_notices.penalty_notices(store, self.context.staff_id, self.pupil_id):
            amounts = (
                f"£{p.reduced_amount} by {_d(p.reduced_due)}, " if p.reduced_amount else ""
            ) + f"£{p.full_amount} by {_d(p.full_due)}"
            rows.append((-p.id, [_d(p.issued_on), f"Penalty notice {p.sequence}: {p.parent_name}", amounts, p.status]))
        self.notices.set_rows(rows)
        self.chronology.reload()

    def changed(self) -> None:
        self.reload()
        self.context.notify(CASEWORK_AREA)
        self.context.notify(DataArea.ACTIVITY)

    # --- dialogs ---------------------------------------------------------------------------------------------------

    def exec_dialog(self, dialog: QDialog) -> bool:
        """Show a dialog modally (tests replace this to fill the dialog in and accept it)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def run_dialog(self, dialog: QDialog) -> bool:
        """Show ``dialog``; once it has closed and returned, delete it on the UI thread; say whether it was accepted.

        Why: the dialogs are children of this case file, so their C++ objects outlived the call while the Python
        wrapper was left to the garbage collector, which could free it at any later moment (often on the worker
        thread of the reload this save starts), tearing down the dialog's signal connections while Qt was still
        delivering events to it: a segmentation fault with no traceback. Now a Python reference is held until the
        dialog has returned, nothing acts until then, and the dialog is deleted by the event loop afterwards.
        """
        self._open_dialog = dialog
        try:
            return self.exec_dialog(dialog)
        finally:
            self._open_dialog = None
            dialog.deleteLater()

    def _open(self, dialog: QDialog) -> None:
        if self.run_dialog(dialog):
            self.changed()

    def change_stage(self) -> None:
        self._open(StageDialog(self.context, self.pupil_id, self.today, self))

    def new_medical_plan(self) -> None:
        self._open(MedicalPlanDialog(self.context, self.pupil_id, self.today, self))

    def new_meeting(self) -> None:
        self._open(MeetingDialog(self.context, self.pupil_id, self.today, self))

    def new_contract(self) -> None:
        self._open(ContractDialog(self.context, self.pupil_id, self.today, self))

    def new_notice(self) -> None:
        self._open(NoticeToImproveDialog(self.context, self.pupil_id, self.today, self))

    def new_penalty_notice(self) -> None:
        self._open(PenaltyNoticeDialog(self.context, self.pupil_id, self.today, self))

    def review_plan(self, plan_id: int) -> None:
        version = casework_plans.get_medical_plan(self.context.store, self.context.staff_id, plan_id).version
        self._open(MedicalReviewDialog(self.context, plan_id, self.today, self, version=version))

    def review_contract(self, contract_id: int) -> None:
        contract = casework_contracts.get_contract(self.context.store, self.context.staff_id, contract_id)
        self._open(ContractReviewDialog(self.context, contract, self.today, self))

    def review_notice(self, record_id: int) -> None:
        if record_id < 0:
            return self.warn("Select a Notice to Improve to review its improvement period.")
        self._guard(
            lambda: casework_notices.review_notice_to_improve(
                self.context.store, self.context.staff_id, record_id, self.today
            )
        )
        return None

    def record_payment(self, record_id: int) -> None:
        if record_id > 0:
            return self.warn("Select a penalty notice to record its payment.")
        self._guard(
            lambda: casework_notices.update_penalty_notice(
                self.context.store, self.context.staff_id, -record_id, paid_on=self.today
            )
        )
        return None

    def _guard(self, action: Callable[[], object]) -> None:
        try:
            action()
        except ValueError as exc:
            self.warn(str(exc))
            return
        self.changed()

    # --- printing --------------------------------------------------------------------------------------------------

    def file_subject(self) -> str:
        return getattr(self, "pupil_name", "")

    def _actor(self) -> int | None:
        return self.context.staff_id

    def print_plan(self, plan_id: int, to_printer: bool = False) -> None:
        self.output_pdf(
            to_printer,
            lambda: casework_print.medical_plan_pdf(self.context.store, self._actor(), plan_id),
            "medical-action-plan",
        )

    def print_consent(self, _plan_id: int, to_printer: bool = False) -> None:
        parents = casework_contracts.parents_for(self.context.store, self.context.staff_id, self.pupil_id)
        if not parents or parents[0].contact_id is None:
            return self.warn("No parent with parental responsibility is recorded for this pupil.")
        contact_id = parents[0].contact_id
        self.output_pdf(
            to_printer,
            lambda: casework_print.consent_form_pdf(self.context.store, self._actor(), self.pupil_id, contact_id),
            "medical-consent-form",
        )
        return None

    def print_contract(self, contract_id: int, to_printer: bool = False) -> None:
        self.output_pdf(
            to_printer,
            lambda: casework_print.contract_pdf(self.context.store, self._actor(), contract_id),
            "attendance-contract",
        )

    def print_contract_review(self, contract_id: int, to_printer: bool = False) -> None:
        contract = casework_contracts.get_contract(self.context.store, self.context.staff_id, contract_id)
        if not contract.reviews:
            return self.warn("This contract has not been reviewed yet.")
        review_id = contract.reviews[-1].id
        self.output_pdf(
            to_printer,
            lambda: casework_print.contract_review_pdf(self.context.store, self._actor(), contract_id, review_id),
            "contract-review",
        )
        return None

    def print_meeting(self, meeting_id: int, to_printer: bool = False) -> None:
        self.output_pdf(
            to_printer,
            lambda: casework_print.meeting_pdf(self.context.store, self._actor(), self.pupil_id, meeting_id),
            "attendance-meeting",
        )

    def print_notice(self, record_id: int, to_printer: bool = False) -> None:
        if record_id < 0:
            return self.warn("Penalty notices are issued by the local authority; select a Notice to Improve.")
        self.output_pdf(
            to_printer,
            lambda: casework_print.notice_to_improve_pdf(self.context.store, self._actor(), self.pupil_id, record_id),
            "notice-to-improve",
        )
        return None

    def print_referral(self, to_printer: bool = False) -> None:
        kind = ReferralKind(self.referral.currentData())
        leave = None
        if kind is ReferralKind.LEAVE_IN_TERM_TIME:  # the leave request and its reason are not in the record
            dialog = LeaveRequestDialog(self.context, self.pupil_id, self.today, self)
            if not self.run_dialog(dialog):
                return None
            leave = dialog.leave
        store, actor = self.context.store, self._actor()
        verdict = legal_service.verdict(store, self.pupil_id, REFERRAL_MEASURES[kind], self.today)
        reason = ""
        if not verdict.allowed:
            if not verdict.overridable:
                return self.warn(verdict.reason or "This referral may not be made.")
            reason = self.ask_override(verdict.reason or "")
            if not reason:
                return None

        def make() -> bytes:
            return referral_service.referral_pdf(
                store, actor, self.pupil_id, kind, self.today, leave, override_reason=reason
            )

        self.output_pdf(to_printer, make, f"referral-{kind.value.replace('_', '-')}")
        return None

    def ask_override(self, refusal: str) -> str:
        """Ask why the school goes ahead despite an overridable refusal; "" when the user cancels."""
        text, ok = QInputDialog.getText(
            self, "Go ahead anyway?", f"{refusal}\n\nTo go ahead, say why (kept in the audit log):"
        )
        return text.strip() if ok else ""
