"""The Casework page and case file: create, review and print plans, contracts and meeting records; the rules
the dialogs enforce (no contract in a parent's absence, the improvement period, the penalty-notice limit, the
exclusions); the stage history; the review list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog

from attendance_desk.services.casework import contracts as casework_contracts
from attendance_desk.services.casework import notices as casework_notices
from attendance_desk.services.casework import plans as casework_plans
from attendance_desk.services.casework import stages as casework
from attendance_desk.ui.casework.case_file import CaseFileWidget
from attendance_desk.ui.casework.dialogs_formal import (
    ContractDialog,
    ContractReviewDialog,
    NoticeToImproveDialog,
    PenaltyNoticeDialog,
)
from attendance_desk.ui.casework.dialogs_plans import MedicalPlanDialog, MedicalReviewDialog, MeetingDialog, StageDialog
from attendance_desk.ui.casework.page import CaseworkPage, create_page
from attendance_desk.ui.casework.widgets import to_qdate
from attendance_desk.ui.context import AppContext
from tests.helpers.accounts import everyone
from tests.helpers.casework_seed import (
    add_marks,
    poor_attendance,
    record_support,
    seed_pupil,
    seed_school,
    unauthorised_history,
    weekdays,
)

TODAY = date(2025, 10, 10)


@pytest.fixture
def pupil(context: AppContext) -> int:
    seed_school(context.store)
    pupil_id, _ = seed_pupil(context.store)
    add_marks(context.store, pupil_id, weekdays(date(2025, 9, 1), TODAY), poor_attendance)
    return pupil_id


@pytest.fixture
def case_file(qtbot, context: AppContext, pupil: int) -> CaseFileWidget:  # type: ignore[no-untyped-def]
    widget = CaseFileWidget(context, pupil, TODAY)
    qtbot.addWidget(widget)
    return widget


def drive(widget: CaseFileWidget, fill: Callable[[QDialog], None]) -> list[QDialog]:
    """Replace the modal exec: fill the dialog in, press OK, and keep it for inspection."""
    seen: list[QDialog] = []

    def exec_dialog(dialog: QDialog) -> bool:
        seen.append(dialog)
        fill(dialog)
        dialog.try_accept()  # type: ignore[attr-defined]
        return dialog.result() == QDialog.DialogCode.Accepted

    widget.exec_dialog = exec_dialog  # type: ignore[method-assign]
    return seen


@pytest.fixture
def saved(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    paths: list[Path] = []

    def choose(_parent, _title, suggested, _filter):  # type: ignore[no-untyped-def]
        path = tmp_path / Path(suggested).name
        paths.append(path)
        return str(path), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    return paths


def test_page_lists_pupils_to_review_and_by_stage(qtbot, context: AppContext, pupil: int) -> None:  # type: ignore[no-untyped-def]
    page = CaseworkPage(context, TODAY)
    qtbot.addWidget(page)
    page.load()
    assert page.review.rowCount() == 1
    assert "broken weeks out of 6 school weeks" in page.review.item(0, 4).text()
    assert "Consider: Stage 1" in page.review.item(0, 4).text()
    assert casework.stage_history(context.store, everyone(context.store), pupil) == []  # a suggestion, not a move
    page._review_chosen(0, 0)
    assert page.case_file is not None and page.case_file.pupil_id == pupil
    assert isinstance(create_page(context), CaseworkPage)


def test_stage_change_appears_in_history_and_on_the_page(qtbot, context: AppContext, case_file, pupil) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, StageDialog)
        dialog.stage.setCurrentIndex(1)
        dialog.reason.setPlainText("Mondays missed every week")

    drive(case_file, fill)
    case_file.change_stage()
    assert case_file.history.table.rowCount() == 1
    assert case_file.history.table.item(0, 1).text() == "Stage 1: school-led support"
    assert case_file.history.table.item(0, 3).text() == "Pat Office"
    page = CaseworkPage(context, TODAY)
    qtbot.addWidget(page)
    page.load()
    stage1 = page.by_stage.topLevelItem(1)
    assert stage1.text(0) == "Stage 1: school-led support (1)" and stage1.child(0).text(0) == "Zofia1 Nowak"


def test_stage_change_without_a_reason_keeps_the_dialog_open(case_file) -> None:  # type: ignore[no-untyped-def]
    dialogs = drive(case_file, lambda d: d.stage.setCurrentIndex(1))  # type: ignore[attr-defined]
    case_file.change_stage()
    assert dialogs[0].result() != QDialog.DialogCode.Accepted
    assert "Say why" in dialogs[0].error.text()  # type: ignore[attr-defined]
    assert case_file.history.table.rowCount() == 0


def test_create_review_and_print_a_medical_action_plan(case_file, saved, pupil, context) -> None:  # type: ignore[no-untyped-def]
    def fill_plan(dialog: QDialog) -> None:
        assert isinstance(dialog, MedicalPlanDialog)
        assert "70.00%" in dialog.figures.text() and "6 broken weeks out of 6" in dialog.figures.text()
        dialog.review_date.setDate(to_qdate(date(2025, 12, 5)))
        assert dialog.warning.isVisibleTo(dialog) and "academic month" in dialog.warning.text()
        dialog.review_date.setDate(to_qdate(date(2025, 11, 7)))
        assert not dialog.warning.isVisibleTo(dialog)
        dialog.target.setText("95")
        dialog.issues.add_row(["Asthma", "GP", "12/09/2025", "Letter"])
        dialog.difficulties.add_row(["Tired on Mondays", "Breakfast club", "School", "not a date"])

    dialogs = drive(case_file, fill_plan)
    case_file.new_medical_plan()
    assert "Difficulty row 1: 'not a date'" in dialogs[0].error.text()  # type: ignore[attr-defined]
    dialogs[0].difficulties.table.item(0, 3).setText("15/09/2025")  # type: ignore[attr-defined]
    dialogs[0].try_accept()  # type: ignore[attr-defined]
    case_file.reload()
    assert case_file.plans.table.rowCount() == 1
    assert case_file.plans.table.item(0, 3).text() == "07/11/2025"

    def fill_review(dialog: QDialog) -> None:
        assert isinstance(dialog, MedicalReviewDialog)
        dialog.review_date.setDate(to_qdate(date(2025, 11, 7)))
        dialog.progress.setPlainText("Some progress")
        dialog.next_review.setDate(to_qdate(date(2025, 12, 5)))

    drive(case_file, fill_review)
    case_file.review_plan(case_file.plans.selected_id())
    plan = casework_plans.medical_plans(context.store, everyone(context.store), pupil)[0]
    assert plan.reviews[0].progress == "Some progress" and plan.next_review == date(2025, 12, 5)
    case_file.print_plan(plan.id)
    case_file.print_consent(plan.id)
    assert [p.name for p in saved] == [
        f"Medical action plan - Zofia1 Nowak - {date.today()}.pdf",
        f"Medical consent form - Zofia1 Nowak - {date.today()}.pdf",
    ]
    assert all(p.read_bytes().startswith(b"%PDF") for p in saved)


def test_contract_cannot_be_agreed_in_a_parents_absence_then_is_agreed_reviewed_and_printed(  # type: ignore[no-untyped-def]
    case_file, saved, pupil, context
) -> None:
    def fill_absent(dialog: QDialog) -> None:
        assert isinstance(dialog, ContractDialog)
        dialog.barriers.setPlainText("Mondays are hard")

    dialogs = drive(case_file, fill_absent)
    case_file.new_contract()
    dialog = dialogs[0]
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "cannot be agreed in a parent's absence" in dialog.error.text()  # type: ignore[attr-defined]
    assert casework_contracts.contracts(context.store, everyone(context.store), pupil) == []
    dialog.parent_checks[0][1].setChecked(True)  # type: ignore[attr-defined]
    dialog.parent_checks[1][0].setChecked(False)  # type: ignore[attr-defined]
    dialog.try_accept()  # type: ignore[attr-defined]
    assert dialog.result() == QDialog.DialogCode.Accepted
    case_file.reload()
    assert case_file.contracts.table.item(0, 1).text() == "Agreed at the meeting"

    def fill_review(review: QDialog) -> None:
        assert isinstance(review, ContractReviewDialog)
        review.review_date.setDate(to_qdate(date(2025, 11, 7)))
        review.met[0].setCurrentIndex(1)
        review.next_step.setCurrentIndex(0)

    drive(case_file, fill_review)
    case_file.review_contract(case_file.contracts.selected_id())
    contract = casework_contracts.contracts(context.store, everyone(context.store), pupil)[0]
    assert contract.reviews[0].next_step.value == "close" and contract.draft.actions[0].met is True
    case_file.print_contract(contract.id)
    case_file.print_contract_review(contract.id)
    assert [p.name for p in saved] == [
        f"Attendance contract - Zofia1 Nowak - {date.today()}.pdf",
        f"Contract review - Zofia1 Nowak - {date.today()}.pdf",
    ]


def test_record_and_print_a_meeting(case_file, saved, pupil, context) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, MeetingDialog)
        dialog.attendees.setText("Mrs Nowak, Pat Office")
        dialog.background.setPlainText("Mondays missed")
        dialog.action_rows.add_row(["Breakfast club", "School", "Mondays", ""])

    drive(case_file, fill)
    case_file.new_meeting()
    meeting = casework_plans.meetings(context.store, everyone(context.store), pupil)[0]
    assert meeting.draft.actions[0].action == "Breakfast club"
    case_file.print_meeting(case_file.meetings.selected_id())
    assert saved[0].name == f"Attendance meeting - Zofia1 Nowak - {date.today()}.pdf" and saved[0].stat().st_size > 1000


def test_notice_to_improve_dialog_counts_school_weeks_across_half_term(case_file, pupil, context) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, NoticeToImproveDialog)
        dialog.weeks.setValue(3)
        assert dialog.period.text() == "3 school weeks, 13/10/2025 to 07/11/2025 (1 holiday week not counted)"
        dialog.support_given.setPlainText("Meeting and contract")
        dialog.support_offered.setPlainText("Key adult")
        dialog.try_accept()  # no support recorded yet: refused, with a box for the reason to go ahead
        assert (
            not dialog.saved and dialog.override.isVisibleTo(dialog) and "No support is recorded" in dialog.error.text()
        )
        dialog.override.setText("Support offered by phone before the case was opened here")

    drive(case_file, fill)
    case_file.new_notice()
    assert casework_notices.notices_to_improve(context.store, everyone(context.store), pupil)[0].period.end == date(
        2025, 11, 7
    )


def test_penalty_notice_dialog_blocks_a_third_notice(case_file, pupil, context) -> None:  # type: ignore[no-untyped-def]
    parent = casework_contracts.parents_for(context.store, everyone(context.store), pupil)[0].contact_id
    unauthorised_history(context.store, pupil, date(2024, 9, 2), date(2025, 7, 18))
    record_support(context.store, context.staff_id, pupil, date(2024, 9, 20))
    for issued in (date(2024, 10, 1), date(2025, 3, 3)):
        casework_notices.record_penalty_notice(context.store, context.staff_id, pupil, parent, issued)
    dialog = PenaltyNoticeDialog(context, pupil, TODAY, case_file)
    assert "No further notice can be issued before 01/10/2027" in dialog.limit.text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.parent_box.setCurrentIndex(1)
    assert dialog.limit.text() == "" and dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.deleteLater()


@pytest.mark.parametrize(
    ("born", "looked_after", "message"),
    [
        (date(2015, 5, 1), True, "looked after"),
        (date(2021, 2, 1), False, "not of compulsory school age"),
    ],
)
def test_legal_measures_are_not_offered_for_excluded_pupils(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, born: date, looked_after: bool, message: str
) -> None:
    seed_school(context.store)
    pupil_id, _ = seed_pupil(context.store, 5, born=born, looked_after=looked_after)
    widget = CaseFileWidget(context, pupil_id, TODAY)
    qtbot.addWidget(widget)
    assert message in widget.barred.text() and widget.barred.isVisibleTo(widget)
    for label in ("Notice to Improve…", "Penalty notice…", "referral"):
        assert not widget.action_buttons[label].isEnabled()
    assert widget.action_buttons["Contract…"].isEnabled()


def test_chronology_tab_filters_and_exports(case_file, saved, pupil, context) -> None:  # type: ignore[no-untyped-def]
    casework.change_stage(context.store, context.staff_id, pupil, "stage1", date(2025, 9, 15), "Concern")
    case_file.reload()
    view = case_file.chronology
    everything = view.row_count()
    assert everything == 7  # six weekly lines and the stage change
    view.kind.setCurrentIndex(view.kind.findData("stage"))
    assert view.row_count() == 1
    view.export()
    assert saved[0].name == f"Evidence chronology - Zofia1 Nowak - {date.today()}.pdf"


def test_case_file_is_also_a_pupil_page_tab(qtbot, context: AppContext, pupil: int) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.ui.pupils.tabs import PUPIL_TABS, create_pupil_tab

    (spec,) = [spec for spec in PUPIL_TABS if spec.key == "casework"]
    tab = create_pupil_tab(spec, context, pupil)
    qtbot.addWidget(tab)
    assert isinstance(tab, CaseFileWidget) and tab.pupil_id == pupil


def test_leave_request_pack_is_offered_and_asks_for_the_facts_the_record_lacks(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, saved
) -> None:
    from pypdf import PdfReader

    from attendance_desk.domain.casework.referrals import REFERRAL_TITLES, ReferralKind
    from attendance_desk.ui.casework.dialogs_referral import LeaveRequestDialog

    seed_school(context.store)
    pupil_id, _ = seed_pupil(context.store)
    holiday = (date(2025, 9, 29), date(2025, 10, 3))
    add_marks(
        context.store,
        pupil_id,
        weekdays(date(2025, 9, 1), TODAY),
        lambda day, _s: "G" if holiday[0] <= day <= holiday[1] else "/",
    )
    widget = CaseFileWidget(context, pupil_id, TODAY)
    qtbot.addWidget(widget)
    kind = ReferralKind.LEAVE_IN_TERM_TIME
    index = widget.referral.findData(kind.value)
    assert index >= 0 and widget.referral.itemText(index) == REFERRAL_TITLES[kind]
    widget.referral.setCurrentIndex(index)

    dialogs = drive(widget, lambda d: None)  # OK with no reason typed: the dialog stays open, nothing is made
    widget.print_referral()
    assert isinstance(dialogs[0], LeaveRequestDialog) and "reason" in dialogs[0].error.text()
    assert saved == []

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, LeaveRequestDialog) and dialog.refusal is None
        dialog.requested_on.setDate(to_qdate(date(2025, 9, 10)))
        dialog.reason.setPlainText("Cheaper flights before half term")
        dialog.refusal_sent_on.setDate(to_qdate(date(2025, 9, 12)))

    drive(widget, fill)
    widget.print_referral()
    assert [p.name for p in saved] == [f"Referral leave in term time - Zofia1 Nowak - {date.today()}.pdf"]
    text = " ".join(page.extract_text() for page in PdfReader(saved[0]).pages)
    text = " ".join(text.split())
    for expected in (
        "Penalty notice request: leave in term time",
        "Mon 29/09/2025: AM, PM",
        "Fri 03/10/2025: AM, PM",
        "Cheaper flights before half term",
        "Sent 12/09/2025",
        "06/10/2025",
    ):
        assert expected in text, expected
