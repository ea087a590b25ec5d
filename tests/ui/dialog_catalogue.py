"""Every dialog of attendance_desk/ui, built with real data, for the accessibility walk, the screen-size shots
and the quit soak. ``test_accessibility`` checks this list against every QDialog subclass in the package, so a
new dialog cannot be left out of the walk.

Qt's own dialogs (QMessageBox, QInputDialog, QFileDialog, QProgressDialog, QPrintDialog) are not listed: Qt names
their controls itself.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

import attendance_desk.ui
from attendance_desk.store.engine import Store
from attendance_desk.ui.context import AppContext


@dataclass(frozen=True, slots=True)
class Sample:
    """The records the dialogs are opened on (ids in the context's store)."""

    pupil_id: int
    plan_id: int | None  # a medical action plan, for its review dialog
    contract_id: int | None  # an attendance contract, for its review dialog
    folder: Path  # somewhere to write a small import file and a data folder for the server dialog
    today: date = date(2025, 10, 10)


Builder = Callable[[AppContext, Sample, QWidget | None], QDialog]


def _letter() -> object:
    from attendance_desk.services.letters.delivery import LetterRow

    return LetterRow(
        id=1,
        pupil_id=1,
        pupil_name="Eli Evans",
        template_key="first_absence",
        template_version=1,
        recipient_name="Dot Dunn",
        created_at=datetime(2026, 9, 16, 9, tzinfo=UTC),
        document_id=1,
        deliveries=(),
    )


def _pdf() -> bytes:
    """A one-page letter to read on screen."""
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    out = BytesIO()
    page = Canvas(out)
    page.drawString(72, 720, "Dear Ms Dunn, Eli missed school on Monday.")
    page.save()
    return out.getvalue()


def _marks_file(sample: Sample) -> str:
    path = sample.folder / "odd-marks.csv"
    path.write_text("Pupil Ref,Day,Half,What\nA000300117001,02/09/2024,AM,/\n", encoding="utf-8")
    return str(path)


def _new_school(sample: Sample) -> Store:
    """An empty database (nobody can sign in yet), where signing in asks for the first account instead."""
    from attendance_desk.store.open import open_store

    folder = sample.folder / "new-school"
    if folder not in _NEW_SCHOOLS:
        _NEW_SCHOOLS[folder] = open_store(folder)
    return _NEW_SCHOOLS[folder]


_NEW_SCHOOLS: dict[Path, Store] = {}  # one per folder, kept open for the process (the dialog holds no session)


def _removals() -> object:
    from attendance_desk.services.sync.results import ImportResult, Removal

    removal = Removal(1, "A000300117001", "Eli Evans", date(2025, 9, 2), "AM", "/")
    return ImportResult("marks", "marks.csv", "rejected", removals=[removal], needs_agreement="removals")


def build(name: str) -> Builder:
    """The builder of one dialog class (imports stay inside, so listing the catalogue imports nothing)."""
    from attendance_desk.services import staff as staff_service
    from attendance_desk.services.casework import contracts
    from attendance_desk.ui.calling.dsl_dialog import DslDialog
    from attendance_desk.ui.calling.report_dialog import ReportDialog
    from attendance_desk.ui.calling.visit_dialog import VisitDialog
    from attendance_desk.ui.casework import dialogs_formal, dialogs_plans, dialogs_referral
    from attendance_desk.ui.find_dialog import FindDialog
    from attendance_desk.ui.first_run import FirstRunDialog
    from attendance_desk.ui.letters.letter_dialogs import DeliveryDialog, LetterReader
    from attendance_desk.ui.pupils.withdraw_dialog import WithdrawDialog
    from attendance_desk.ui.reports.returns_tab import SentDialog
    from attendance_desk.ui.settings.server_dialog import ServerDialog
    from attendance_desk.ui.settings.staff_tab import RolesDialog, StaffDialog
    from attendance_desk.ui.staff_chooser import StaffChooserDialog
    from attendance_desk.ui.sync.mapping_dialog import MappingDialog
    from attendance_desk.ui.sync.removals_dialog import RemovalsDialog

    def member(c: AppContext) -> staff_service.StaffMember:
        return next(m for m in staff_service.list_staff(c.store) if m.id == c.staff_id)

    builders: dict[str, Builder] = {
        "FirstRunDialog": lambda c, s, p: FirstRunDialog(c, p),
        "DeliveryDialog": lambda c, s, p: DeliveryDialog(_letter(), p),  # type: ignore[arg-type]
        "DeliveryDialog (many letters)": lambda c, s, p: DeliveryDialog(_letter(), p, count=3),  # type: ignore[arg-type]
        "LetterReader": lambda c, s, p: LetterReader(_letter(), "First day absence", _pdf(), p),  # type: ignore[arg-type]
        "StageDialog": lambda c, s, p: dialogs_plans.StageDialog(c, s.pupil_id, s.today, p),
        "MedicalPlanDialog": lambda c, s, p: dialogs_plans.MedicalPlanDialog(c, s.pupil_id, s.today, p),
        "MedicalReviewDialog": lambda c, s, p: dialogs_plans.MedicalReviewDialog(c, s.plan_id or 0, s.today, p),
        "MeetingDialog": lambda c, s, p: dialogs_plans.MeetingDialog(c, s.pupil_id, s.today, p),
        "ContractDialog": lambda c, s, p: dialogs_formal.ContractDialog(c, s.pupil_id, s.today, p),
        "ContractReviewDialog": lambda c, s, p: dialogs_formal.ContractReviewDialog(
            c, contracts.get_contract(c.store, c.staff_id, s.contract_id or 0), s.today, p
        ),
        "NoticeToImproveDialog": lambda c, s, p: dialogs_formal.NoticeToImproveDialog(c, s.pupil_id, s.today, p),
        "PenaltyNoticeDialog": lambda c, s, p: dialogs_formal.PenaltyNoticeDialog(c, s.pupil_id, s.today, p),
        "LeaveRequestDialog": lambda c, s, p: dialogs_referral.LeaveRequestDialog(c, s.pupil_id, s.today, p),
        "VisitDialog": lambda c, s, p: VisitDialog(c, s.pupil_id, "Zofia Nowak", p),
        "ReportDialog": lambda c, s, p: ReportDialog(c, s.today, s.pupil_id, p),
        "DslDialog": lambda c, s, p: DslDialog(c, p),
        "StaffDialog": lambda c, s, p: StaffDialog(c, None, p),
        "StaffDialog (edit)": lambda c, s, p: StaffDialog(c, member(c), p),
        "RolesDialog": lambda c, s, p: RolesDialog(member(c), set(), p),
        "ServerDialog": lambda c, s, p: ServerDialog(s.folder, p),
        "RemovalsDialog": lambda c, s, p: RemovalsDialog(_removals(), p),  # type: ignore[arg-type]
        "MappingDialog": lambda c, s, p: MappingDialog(c, _marks_file(s), "marks", p),
        "WithdrawDialog": lambda c, s, p: WithdrawDialog(c, s.pupil_id, p),
        "SentDialog": lambda c, s, p: SentDialog(date(2025, 10, 1), p),
        "StaffChooserDialog": lambda c, s, p: StaffChooserDialog(c.store, p),
        "StaffChooserDialog (locked)": lambda c, s, p: StaffChooserDialog(c.store, p, c.staff_id, locked=True),
        "StaffChooserDialog (first account)": lambda c, s, p: StaffChooserDialog(_new_school(s), p),
        "FindDialog": lambda c, s, p: FindDialog(c, p),
    }
    return builders[name]


NAMES = (
    "FirstRunDialog",
    "DeliveryDialog",
    "DeliveryDialog (many letters)",
    "LetterReader",
    "StageDialog",
    "MedicalPlanDialog",
    "MedicalReviewDialog",
    "MeetingDialog",
    "ContractDialog",
    "ContractReviewDialog",
    "NoticeToImproveDialog",
    "PenaltyNoticeDialog",
    "LeaveRequestDialog",
    "VisitDialog",
    "ReportDialog",
    "DslDialog",
    "StaffDialog",
    "StaffDialog (edit)",
    "RolesDialog",
    "ServerDialog",
    "RemovalsDialog",
    "MappingDialog",
    "WithdrawDialog",
    "SentDialog",
    "StaffChooserDialog",
    "StaffChooserDialog (locked)",
    "StaffChooserDialog (first account)",
    "FindDialog",
)
ABSTRACT = frozenset({"CaseDialog", "BackgroundSaveDialog"})  # shared bases, never shown themselves


def dialogs(context: AppContext, sample: Sample, parent: QWidget | None = None) -> Iterator[tuple[str, QDialog]]:
    """Each dialog in turn, freshly built (the caller shows, checks and closes it)."""
    for name in NAMES:
        if name.startswith("MedicalReview") and sample.plan_id is None:
            continue
        if name.startswith("ContractReview") and sample.contract_id is None:
            continue
        yield name, build(name)(context, sample, parent)


def dialog_classes_in_the_app() -> set[str]:
    """The names of every QDialog subclass defined under attendance_desk/ui (every module imported)."""
    for module in pkgutil.walk_packages(attendance_desk.ui.__path__, "attendance_desk.ui."):
        importlib.import_module(module.name)
    found: set[str] = set()
    pending = list(QDialog.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.__module__.startswith("attendance_desk.ui"):
            found.add(cls.__name__)
    return found - ABSTRACT
