"""The calling desk's and letters' dialogs (built from forms/calling and forms/letters) work from the keyboard:
every caption's Alt+letter reaches its field, no letter is used twice, and Tab follows the order on screen."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QFormLayout, QLabel, QWidget

from attendance_desk.services.letters.delivery import LetterRow
from attendance_desk.ui.calling.dsl_dialog import DslDialog
from attendance_desk.ui.calling.report_dialog import ReportDialog
from attendance_desk.ui.calling.visit_dialog import VisitDialog
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.letters.letter_dialogs import DeliveryDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _build(name: str, context: AppContext) -> QDialog:
    if name == "report":
        return ReportDialog(context, date(2026, 9, 16))
    if name == "visit":
        return VisitDialog(context, 1, "Eli Evans")
    if name == "dsl":
        return DslDialog(context)
    letter = LetterRow(
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
    return DeliveryDialog(letter)


def _mnemonic(text: str) -> str | None:
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].lower() if at >= 0 else None


# The fields in the order they appear on screen (attribute names the rest of the app uses).
SCREEN_ORDER = {
    "report": (
        "pupil",
        "kind",
        "first_date",
        "first_session",
        "last_date",
        "last_session",
        "reason",
        "code",
        "expect_back",
        "return_date",
        "reported_by",
        "relationship",
        "method",
        "when",
        "evidence",
        "notes",
    ),
    "visit": ("when", "staff", "accompanied_by", "people_seen", "child_seen", "outcome", "notes", "concerns"),
    "dsl": ("table", "show_reviewed", "open_button", "review_button"),
    "delivery": ("method", "when", "handed_to", "place", "email", "note"),
}


@pytest.mark.parametrize("name", sorted(SCREEN_ORDER))
def test_alt_letters_reach_each_field_and_none_repeats(qtbot, context, name: str) -> None:  # type: ignore[no-untyped-def]
    dialog = _build(name, context)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    form_captions = [
        form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
        for form in dialog.findChildren(QFormLayout)
        for row in range(form.rowCount())
        if form.itemAt(row, QFormLayout.ItemRole.LabelRole) is not None
    ]
    unreachable = [c.text() for c in form_captions if isinstance(c, QLabel) and c.text() and not _mnemonic(c.text())]
    assert not unreachable, f"{name}: captions without an Alt letter: {unreachable}"
    captions = [label for label in dialog.findChildren(QLabel) if _mnemonic(label.text())]
    buttons = [b for b in dialog.findChildren(QAbstractButton) if _mnemonic(b.text())]
    letters = [_mnemonic(w.text()) for w in (*captions, *buttons)]
    assert len(letters) == len(set(letters)), f"{name}: an Alt letter is used twice: {sorted(letters)}"
    for label in captions:
        buddy = label.buddy()
        assert buddy is not None, f"{name}: {label.text()!r} has a mnemonic but no field"
        if not buddy.isEnabled():
            continue
        qtbot.keyClick(
            dialog.focusWidget() or dialog,
            Qt.Key(ord(_mnemonic(label.text()).upper())),
            Qt.KeyboardModifier.AltModifier,
        )
        focused = dialog.focusWidget()
        assert focused is buddy or buddy.isAncestorOf(focused), f"{name}: Alt for {label.text()!r}"


@pytest.mark.parametrize("name", sorted(SCREEN_ORDER))
def test_tab_follows_the_order_on_screen(qtbot, context, name: str) -> None:  # type: ignore[no-untyped-def]
    dialog = _build(name, context)
    qtbot.addWidget(dialog)
    fields: list[QWidget] = [getattr(dialog, attribute) for attribute in SCREEN_ORDER[name]]
    chain: list[QWidget] = []
    widget = fields[0]
    for _ in range(500):
        if widget in fields and widget not in chain:
            chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is fields[0]:
            break
    assert chain == fields
