"""The registration certificate in the app: Letters page and pupil page, any range, previewed page by page,
archived when issued, with a warning first when the range holds N marks or changes waiting to be keyed in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from attendance_desk.store.engine import Store
from attendance_desk.store.models import CodeDecision, Mark
from attendance_desk.store.models.letters import ArchivedDocument
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.letters.certificate_tab import CertificatePanel
from attendance_desk.ui.pupils.tabs import PUPIL_TABS
from attendance_desk.ui.tasks import TaskRunner
from tests.helpers.letters_school import END, START, build_school

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
TODAY = date(2025, 11, 24)


@pytest.fixture
def panel(store: Store, qtbot) -> CertificatePanel:  # type: ignore[no-untyped-def]
    build_school(store)
    context = AppContext(store, TaskRunner(synchronous=True), 1, "Dana Whitfield")
    widget = CertificatePanel(context, today=TODAY)
    qtbot.addWidget(widget)
    widget.on_shown()
    widget.pupil.setCurrentIndex(widget.pupil.findData(1))
    widget.start.setDate(widget.start.date().fromString(START.strftime("%d/%m/%Y"), "dd/MM/yyyy"))
    widget.end.setDate(widget.end.date().fromString(END.strftime("%d/%m/%Y"), "dd/MM/yyyy"))
    return widget


def _archived(store: Store) -> list[ArchivedDocument]:
    with store.session() as session:
        return list(session.scalars(select(ArchivedDocument).where(ArchivedDocument.kind == "certificate")))


def test_preview_shows_every_page_and_archives_nothing(panel: CertificatePanel, store: Store) -> None:
    panel.preview()
    assert panel.pages.count() >= 1 and "Not issued yet" in panel.status.text()
    assert (
        panel.last_pdf is not None
        and len(PdfReader(__import__("io").BytesIO(panel.last_pdf)).pages) == panel.pages.count()
    )
    assert _archived(store) == []


def test_issue_warns_about_n_marks_and_pending_changes_then_archives(
    panel: CertificatePanel, store: Store, tmp_path: Path
) -> None:
    with store.transaction() as session:
        mark = session.scalars(select(Mark).where(Mark.pupil_id == 1, Mark.date == date(2025, 11, 20))).first()
        assert mark is not None
        mark.code = "N"
        session.add(CodeDecision(pupil_id=1, date=date(2025, 11, 19), session="PM", mis_code="N", new_code="I"))
    asked: list[list[str]] = []
    panel.confirm = lambda warnings: asked.append(warnings) or False  # type: ignore[method-assign]
    panel.choose_file = lambda: tmp_path / "cert.pdf"  # type: ignore[method-assign]
    panel.issue()
    assert asked and "still marked N" in asked[0][0] and "changes to key in" in asked[0][1]
    assert _archived(store) == [] and not (tmp_path / "cert.pdf").exists()  # said no: nothing issued
    panel.confirm = lambda warnings: True  # type: ignore[method-assign]
    panel.issue()
    assert len(_archived(store)) == 1 and (tmp_path / "cert.pdf").read_bytes() == panel.last_pdf
    assert "Registration certificate" in PdfReader(tmp_path / "cert.pdf").pages[0].extract_text()


def test_a_range_that_ends_before_it_starts_is_refused(panel: CertificatePanel) -> None:
    panel.end.setDate(panel.start.date().addDays(-1))
    panel.preview()
    assert "before the start date" in panel.status.text() and panel.last_pdf is None


def test_the_pupil_page_has_a_certificate_tab(store: Store, qtbot) -> None:  # type: ignore[no-untyped-def]
    build_school(store)
    spec = next(s for s in PUPIL_TABS if s.key == "certificate")
    widget = spec.factory(AppContext(store, TaskRunner(synchronous=True), 1, "Dana"), 2)
    qtbot.addWidget(widget)
    assert isinstance(widget, CertificatePanel) and widget.pupil_id() == 2 and not widget.pupil.isVisibleTo(widget)
