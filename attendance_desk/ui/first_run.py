"""The first-run choice: open the demo school, or go and import the school's own data from its MIS."""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum
from typing import Any

from PySide6.QtWidgets import QDialog, QPushButton, QWidget
from sqlalchemy import func, select

from attendance_desk.store.engine import Store
from attendance_desk.store.models import Pupil
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.generated.ui_first_run import Ui_FirstRunDialog
from attendance_desk.ui.tasks import Lane, TaskCancelled, TaskControl, run_with_progress

log = logging.getLogger(__name__)


class FirstRunChoice(Enum):
    DEMO = "demo"
    IMPORT = "import"
    LATER = "later"


def needs_first_run(store: Store) -> bool:
    """True when the database holds no pupils (a brand-new install)."""
    with store.session() as session:
        return not session.scalar(select(func.count()).select_from(Pupil))


def demo_loader() -> Callable[..., Any] | None:
    """The demo-school service's entry point, or None when this build has none."""
    try:
        from attendance_desk.services.demo import create_demo_school
    except ImportError:
        return None
    return create_demo_school


def load_demo(loader: Callable[..., Any], store: Store, actor_id: int | None, control: TaskControl) -> Any:
    """Build the demo school, reporting progress and honouring Cancel (it stores nothing if cancelled)."""
    return loader(store, actor_id=actor_id, progress=control.progress, cancelled=lambda: control.cancelled)


class FirstRunDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = Ui_FirstRunDialog()
        self.ui.setupUi(self)
        self.ui.heading.setObjectName("panelHeading")
        self.choice = FirstRunChoice.LATER
        self.loader = demo_loader()
        if self.loader is None:
            self.ui.demoButton.setEnabled(False)
            self.ui.demoNote.setText("The demo school is not included in this version of Attendance Desk.")
            self.ui.importButton.setDefault(True)
        self.ui.demoButton.clicked.connect(self._open_demo)
        self.ui.importButton.clicked.connect(lambda: self._finish(FirstRunChoice.IMPORT))
        self.ui.laterButton.clicked.connect(lambda: self._finish(FirstRunChoice.LATER))
        # Offices with several PCs keep the school on a server: a PC joining one starts here too.
        self.serverButton = QPushButton("This PC uses the school's server…")
        self.serverButton.setAutoDefault(False)
        self.ui.mainLayout.insertWidget(self.ui.mainLayout.indexOf(self.ui.statusLabel), self.serverButton)
        self.serverButton.clicked.connect(self._use_server)
        QWidget.setTabOrder(self.serverButton, self.ui.laterButton)  # Tab follows the buttons down the dialog
        # The form was laid out without this button: grow to fit it, so the wrapped texts above keep every line.
        self.setMinimumHeight(self.sizeHint().height() + self.serverButton.sizeHint().height())

    def _use_server(self) -> None:
        from attendance_desk.ui.settings.server_dialog import ServerDialog

        if ServerDialog.edit(self.context.store.data_dir, self):
            self.ui.statusLabel.setText(
                "Saved. Close Attendance Desk and open it again: it will then work on the school's server."
            )

    def _finish(self, choice: FirstRunChoice) -> None:
        self.choice = choice
        self.accept()

    def _open_demo(self) -> None:
        loader = self.loader
        if loader is None:
            return
        store, actor = self.context.store, self.context.staff_id
        self.ui.demoButton.setEnabled(False)
        self.ui.importButton.setEnabled(False)
        self.ui.statusLabel.setText("Building the demo school…")

        def build(control: TaskControl) -> Any:
            from attendance_desk.services.demo import DemoCancelled

            try:
                return load_demo(loader, store, actor, control)
            except DemoCancelled:
                raise TaskCancelled from None

        def cancelled() -> None:
            self.ui.statusLabel.setText("Cancelled: nothing was stored.")
            self.ui.demoButton.setEnabled(True)
            self.ui.importButton.setEnabled(True)

        def failed(error: BaseException) -> None:
            log.error("The demo school could not be built", exc_info=(type(error), error, error.__traceback__))
            self.ui.statusLabel.setText(f"The demo school could not be built: {error}")
            self.ui.demoButton.setEnabled(True)
            self.ui.importButton.setEnabled(True)

        run_with_progress(
            self,
            self.context.tasks,
            build,
            title="Building the demo school",
            on_done=lambda _result: self._finish(FirstRunChoice.DEMO),
            on_error=failed,
            lane=Lane.WRITE,
            on_cancelled=cancelled,
        )

    @classmethod
    def ask(cls, context: AppContext, parent: QWidget | None = None) -> FirstRunChoice:
        """Show the dialog and return the choice. Tests replace this."""
        dialog = cls(context, parent)
        dialog.exec()
        return dialog.choice
