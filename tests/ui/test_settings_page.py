"""Settings: school details and images, attendance rules, staff, each save audited with who did it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTime
from PySide6.QtGui import QColor, QImage
from sqlalchemy import select

from attendance_desk.services import school as school_service
from attendance_desk.services import staff as staff_service
from attendance_desk.store.models import AuditEntry
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.settings.page import SettingsPage
from attendance_desk.ui.settings.staff_tab import StaffDialog


def png_bytes(width: int = 40, height: int = 20) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#2f5d8a"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def audit_rows(context: AppContext, entity: str) -> list[AuditEntry]:
    with context.store.session() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)))


def make_page(qtbot, context: AppContext) -> SettingsPage:
    page = SettingsPage(context)
    qtbot.addWidget(page)
    return page


def test_school_details_and_logo_save_reload_and_are_audited(qtbot, context: AppContext, tmp_path: Path) -> None:
    page = make_page(qtbot, context)
    tab = page.show_tab("school")
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes())
    tab.pick_image_file = lambda title: str(logo)
    tab.ui.nameEdit.setText("Oakfield Primary School")
    tab.ui.headEdit.setText("Dr A Head")
    tab.ui.addressEdit.setPlainText("1 School Lane\nTestborough")
    tab.ui.chooseLogoButton.click()
    assert not tab.ui.logoPreview.pixmap().isNull()
    assert tab.save()
    saved = school_service.load_school(context.store)
    assert (saved.name, saved.head_teacher, saved.logo_image) == (
        "Oakfield Primary School",
        "Dr A Head",
        logo.read_bytes(),
    )
    reopened = make_page(qtbot, context).show_tab("school")
    assert reopened.ui.nameEdit.text() == "Oakfield Primary School"
    assert reopened.ui.addressEdit.toPlainText() == "1 School Lane\nTestborough"
    rows = audit_rows(context, "school_settings")
    assert len(rows) == 1 and rows[0].staff_id == context.staff_id
    assert rows[0].after["name"] == "Oakfield Primary School"
    assert rows[0].after["logo_image"].endswith("bytes>")


def test_school_tab_refuses_a_missing_name_and_a_non_image(qtbot, context: AppContext, tmp_path: Path) -> None:
    tab = make_page(qtbot, context).show_tab("school")
    assert not tab.save()
    assert "name" in tab.ui.errorLabel.text()
    bogus = tmp_path / "not-an-image.png"
    bogus.write_text("hello")
    tab.pick_image_file = lambda title: str(bogus)
    tab.ui.chooseSignatureButton.click()
    assert "not a PNG or JPEG" in tab.ui.errorLabel.text()
    assert tab.signature is None
    assert audit_rows(context, "school_settings") == []


def test_attendance_rules_save_and_reject_falling_thresholds(qtbot, context: AppContext) -> None:
    from dataclasses import replace

    school_service.save_school(
        context.store, context.staff_id, replace(school_service.load_school(context.store), name="Oak")
    )
    tab = make_page(qtbot, context).show_tab("attendance")
    tab.ui.persistentSpin.setValue(12.5)
    tab.ui.lessonsSpin.setValue(6)
    tab.ui.closeTimeEdit.setTime(QTime(9, 15))
    assert tab.save()
    saved = school_service.load_school(context.store)
    assert saved.persistent_from_percent == Decimal("12.50") and saved.lessons_per_day == 6
    assert (saved.register_close_time.hour, saved.register_close_time.minute) == (9, 15)
    tab.ui.severeSpin.setValue(8)
    assert not tab.save()
    assert "must rise" in tab.ui.errorLabel.text()
    assert school_service.load_school(context.store).severe_from_percent == Decimal(50)
    last = audit_rows(context, "school_settings")[-1]
    assert last.after == {"lessons_per_day": 6, "persistent_from_percent": "12.50", "register_close_time": "09:15:00"}


def test_staff_add_edit_deactivate(qtbot, context: AppContext, monkeypatch) -> None:
    tab = make_page(qtbot, context).show_tab("staff")
    assert tab.table.rowCount() == 1

    def fake_ask(cls, ctx, member, parent=None):
        dialog = StaffDialog(ctx, member)
        qtbot.addWidget(dialog)
        dialog.ui.nameEdit.setText("Jo Lead" if member is None else "Jo Lead-Smith")
        dialog.save()
        return dialog.saved

    monkeypatch.setattr(StaffDialog, "ask", classmethod(fake_ask))
    tab.add_button.click()
    assert tab.table.rowCount() == 2
    tab.edit_button.click()
    jo = next(m for m in staff_service.list_staff(context.store) if m.name.startswith("Jo"))
    assert jo.name == "Jo Lead-Smith"
    tab.active_button.click()
    assert not staff_service.get_staff(context.store, jo.id).active
    assert tab.active_button.text() == "Reactivate"
    rows = audit_rows(context, "staff")
    assert [r.action for r in rows][-3:] == ["create", "update", "update"]
    assert all(r.staff_id == context.staff_id for r in rows[-3:])


def test_you_cannot_deactivate_yourself(qtbot, context: AppContext) -> None:
    tab = make_page(qtbot, context).show_tab("staff")
    tab.table.selectRow(0)
    tab.active_button.click()
    assert "yourself" in tab.message.text()
    assert staff_service.get_staff(context.store, context.staff_id).active


def test_staff_dialog_shows_errors_beside_the_form(qtbot, context: AppContext) -> None:
    dialog = StaffDialog(context)
    qtbot.addWidget(dialog)
    dialog.ui.nameEdit.setText("Al")
    dialog.ui.emailEdit.setText("not an email")
    dialog.save()
    assert dialog.saved is None and "email" in dialog.ui.errorLabel.text()
