"""Making letters: pupils a premise leaves out are listed with the reason; ticked back in with a reason, they get
their letters and the reason is audited; ticked back without one, nothing is made."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from attendance_desk.services.letters.delivery import list_letters
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AuditEntry
from tests.helpers.accounts import everyone
from tests.ui.letters.test_page import make_page


def test_left_out_pupils_can_be_ticked_back_with_a_reason(  # type: ignore[no-untyped-def]
    store: Store, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = make_page(store, qtbot)
    make = page.make
    make.tick_pupils([1])
    make.template.setCurrentIndex(make.template.findData("recognition"))  # "attendance has improved"
    make.show_preview()
    assert make.left_out.count() == 1 and "would not be true" in make.left_out.item(0).text()
    assert not make.left_out_box.isHidden()
    make.left_out.item(0).setCheckState(Qt.CheckState.Checked)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text: warned.append(text)))
    make.make_letters(tmp_path / "none.pdf")
    assert warned and "Say why" in warned[0] and not list_letters(store, everyone(store))
    make.tick_back_reason.setText("The head teacher asked to thank the family")
    make.make_letters(tmp_path / "letters.pdf")
    assert len(list_letters(store, everyone(store))) == 2 and (tmp_path / "letters.pdf").exists()
    with store.session() as session:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "letter_tick_back")).one()
        assert audit.reason == "The head teacher asked to thank the family"
