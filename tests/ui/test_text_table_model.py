"""The shared read-only text table model behaves as Qt's model contract requires."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from attendance_desk.ui.widgets.text_table_model import TextTableModel

ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class PupilsModel(TextTableModel):
    def __init__(self) -> None:
        super().__init__(("Name", "Group"))
        self.ids: list[int] = []

    def load(self, rows: list[tuple[int, str, str]]) -> None:
        self.beginResetModel()
        self.ids = [r[0] for r in rows]
        self.set_text([(name, group) for _id, name, group in rows])
        self.endResetModel()

    def role_data(self, row: int, column: int, role: int) -> Any:
        return self.ids[row] if role == ID_ROLE else None


def test_text_table_model_contract_and_roles(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = PupilsModel()
    model.load([(7, "Siân Evans", "4A"), (9, "Zoë Nowak", "4B")])
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.index(1, 0).data() == "Zoë Nowak"
    assert model.index(1, 1).data(ID_ROLE) == 9
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Group"
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    model.load([])
    assert model.rowCount() == 0
