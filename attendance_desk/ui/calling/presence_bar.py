"""The Today page's line about the other PCs: "Now: Jo Bloggs is calling Sam’s mother · …".

It also tells the other PCs what this one is doing: choosing a contact in the call panel announces "calling"
(a small write, off the UI thread); leaving the worklist clears it. Only on the school's server: one PC alone
has nobody to tell.
"""

from __future__ import annotations

import logging
from html import escape

from PySide6.QtWidgets import QLabel, QWidget

from attendance_desk.services.server import presence
from attendance_desk.services.server.presence import PresenceLine
from attendance_desk.ui.context import AppContext
from attendance_desk.ui.live_updates import PRESENCE
from attendance_desk.ui.tasks import Lane

log = logging.getLogger(__name__)


class PresenceBar(QLabel):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.context = context
        self.setObjectName("presence")
        self.setWordWrap(True)
        self.setVisible(False)
        self.lines: list[PresenceLine] = []
        self.current_pupil: int | None = None
        self.announced: tuple[int, int | None] | None = None
        context.events.data_changed.connect(self._on_data_changed)

    @property
    def active(self) -> bool:
        return self.context.store.on_server and self.context.staff_id is not None

    def _on_data_changed(self, area: str) -> None:
        if area == PRESENCE:
            self.reload()

    def reload(self) -> None:
        if not self.active:
            return
        store, me = self.context.store, self.context.staff_id
        self.context.tasks.run(
            lambda _control: presence.others_now(store, me),
            on_done=self._show,
            on_error=lambda exc: log.warning("Could not read who is calling: %s", type(exc).__name__),
            label="Who is calling",
        )

    def _show(self, lines: list[PresenceLine]) -> None:
        self.lines = lines
        self._render()

    def _render(self) -> None:
        if not self.lines:
            self.setVisible(False)
            return
        parts = [
            f"<b>{escape(line.text)}</b> (this pupil)" if line.pupil_id == self.current_pupil else escape(line.text)
            for line in self.lines
        ]
        self.setText("On other PCs now: " + " · ".join(parts))
        self.setVisible(True)

    def calling(self, pupil_id: int | None, contact_id: int | None) -> None:
        """This PC is now on ``pupil_id`` (None: on nobody); tell the others if that changed."""
        self.current_pupil = pupil_id
        self._render()
        state = (pupil_id, contact_id) if pupil_id is not None else None
        if not self.active or state == self.announced:
            return
        self.announced = state
        store, me = self.context.store, self.context.staff_id
        assert me is not None

        def tell(_control: object) -> None:
            if state is None:
                presence.clear(store, me)
            else:
                presence.set_calling(store, me, state[0], state[1])

        self.context.tasks.run(
            tell,
            lane=Lane.WRITE,
            on_error=lambda exc: log.warning("Could not tell the other PCs who is calling: %s", type(exc).__name__),
            label="Telling the other PCs",
        )
