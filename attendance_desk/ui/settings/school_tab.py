"""Settings → School: the school's details and the letterhead images (logo and signature), with previews."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from attendance_desk.services import school as school_service
from attendance_desk.services.school import MAX_IMAGE_BYTES, SchoolDetails, SettingsError
from attendance_desk.store.versioning import EditConflictError
from attendance_desk.ui.context import AppContext, DataArea
from attendance_desk.ui.generated.ui_school_tab import Ui_SchoolTab
from attendance_desk.ui.widgets.dialogs import ask_open_path

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg)"


class SchoolTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = Ui_SchoolTab()
        self.ui.setupUi(self)
        self.ui.errorLabel.setObjectName("errorText")
        self.ui.saveButton.setObjectName("primary")
        self.logo: bytes | None = None
        self.signature: bytes | None = None
        self.text_fields = {
            "name": self.ui.nameEdit,
            "urn": self.ui.urnEdit,
            "la_name": self.ui.laEdit,
            "phone": self.ui.phoneEdit,
            "email": self.ui.emailEdit,
            "website": self.ui.websiteEdit,
            "head_teacher": self.ui.headEdit,
            "attendance_lead": self.ui.leadEdit,
        }
        self.ui.saveButton.clicked.connect(self.save)
        self.ui.revertButton.clicked.connect(self.load)
        self.ui.chooseLogoButton.clicked.connect(lambda: self._choose_image("logo"))
        self.ui.chooseSignatureButton.clicked.connect(lambda: self._choose_image("signature"))
        self.ui.clearLogoButton.clicked.connect(lambda: self._set_image("logo", None))
        self.ui.clearSignatureButton.clicked.connect(lambda: self._set_image("signature", None))
        self.version = 0
        self.shown: object = None
        self.load()
        context.events.data_changed.connect(self._on_data_changed)

    def load(self) -> None:
        details, self.version = school_service.load_school_for_editing(self.context.store)
        for name, edit in self.text_fields.items():
            edit.setText(getattr(details, name))
        self.ui.addressEdit.setPlainText(details.address)
        self._set_image("logo", details.logo_image)
        self._set_image("signature", details.signature_image)
        self.ui.errorLabel.setText("")
        self.shown = self.form_values()

    def _on_data_changed(self, area: str) -> None:
        # Saved elsewhere (another tab, another PC): show it, unless the form holds edits not yet saved. Those
        # keep the old version, so their save is refused with who changed the settings, instead of overwriting.
        if area in (DataArea.SETTINGS, DataArea.ALL) and self.form_values() == self.shown:
            self.load()

    def form_details(self) -> SchoolDetails:
        current = school_service.load_school(self.context.store)  # keep the fields other tabs own
        texts: dict[str, Any] = {name: edit.text() for name, edit in self.text_fields.items()}
        return replace(
            current,
            **texts,
            address=self.ui.addressEdit.toPlainText(),
            logo_image=self.logo,
            signature_image=self.signature,
        )

    def form_values(self) -> tuple[object, ...]:
        texts = tuple(edit.text() for edit in self.text_fields.values())
        return (*texts, self.ui.addressEdit.toPlainText(), self.logo, self.signature)

    def save(self) -> bool:
        try:
            school_service.save_school(
                self.context.store, self.context.staff_id, self.form_details(), expected_version=self.version
            )
        except EditConflictError as exc:
            self.ui.errorLabel.setText(str(exc))
            return False
        except SettingsError as exc:
            self.ui.errorLabel.setText(str(exc))
            widget = self.text_fields.get(exc.field)
            if widget is not None:
                widget.setFocus()
            return False
        self.load()
        self.context.notify(DataArea.SETTINGS)
        self.context.events.status_message.emit("School details saved")
        return True

    # -- images -----------------------------------------------------------------------------------------------
    def pick_image_file(self, title: str) -> str:
        """Ask for an image file ("" if cancelled). Tests replace this."""
        return ask_open_path(self, title, IMAGE_FILTER, "images")  # starts where the last logo came from

    def _choose_image(self, which: str) -> None:
        path = self.pick_image_file(f"Choose the school's {which}")
        if not path:
            return
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self.ui.errorLabel.setText(f"Could not read {path}: {exc.strerror or exc}")
            return
        if len(data) > MAX_IMAGE_BYTES:
            self.ui.errorLabel.setText(f"{Path(path).name} is larger than 2 MB; please choose a smaller copy.")
            return
        if school_service.image_kind(data) is None or QPixmap().loadFromData(data) is False:
            self.ui.errorLabel.setText(f"{Path(path).name} is not a PNG or JPEG image.")
            return
        self.ui.errorLabel.setText("")
        self._set_image(which, data)

    def _set_image(self, which: str, data: bytes | None) -> None:
        preview: QLabel = self.ui.logoPreview if which == "logo" else self.ui.signaturePreview
        clear = self.ui.clearLogoButton if which == "logo" else self.ui.clearSignatureButton
        setattr(self, which, data)
        clear.setEnabled(data is not None)
        if data is None:
            preview.setPixmap(QPixmap())
            preview.setText("No logo" if which == "logo" else "No signature")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        preview.setPixmap(
            pixmap.scaled(
                preview.minimumSize(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )


def create_tab(context: AppContext) -> QWidget:
    return SchoolTab(context)
