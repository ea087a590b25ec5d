"""Choosing when a return is due in words ("5 school days after it became due", "the next Friday") instead of
typing the stored rule ("school_days:5", "next_weekday:fri"): a choice of rule and its number or weekday."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QWidget

from attendance_desk.domain.reports.returns import WEEKDAYS, DueRule, DueRuleError

RULES = (
    ("school_days", "After this many school days"),
    ("last_friday_of_month", "On the last Friday of the month"),
    ("next_weekday", "On the next"),
    ("day_of_month", "On this day of the month"),
)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


class DueRuleEdit(QWidget):
    """Reads and writes the stored rule text (``text()``/``setText()``), shows it in words."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rule = QComboBox()
        for key, label in RULES:
            self.rule.addItem(label, key)
        self.number = QSpinBox()
        self.weekday = QComboBox()
        for key, label in zip(WEEKDAYS, WEEKDAY_NAMES, strict=True):
            self.weekday.addItem(label, key)
        self.rule.setAccessibleName(accessible_name)
        self.number.setAccessibleName(f"{accessible_name}: number")
        self.weekday.setAccessibleName(f"{accessible_name}: weekday")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.rule, 1)
        layout.addWidget(self.number)
        layout.addWidget(self.weekday)
        self.rule.currentIndexChanged.connect(lambda _i: self._show_parts())
        self.setText("school_days:5")

    def _show_parts(self) -> None:
        key = self.rule.currentData()
        self.number.setVisible(key in ("school_days", "day_of_month"))
        self.weekday.setVisible(key == "next_weekday")
        if key == "school_days":
            self.number.setRange(0, 60)
        elif key == "day_of_month":
            self.number.setRange(1, 28)

    def setText(self, text: str) -> None:
        """Show a stored rule; one that cannot be read shows the default (five school days)."""
        try:
            key, number = DueRule(text or "school_days:5").parse()
        except DueRuleError:
            key, number = "school_days", 5
        self.rule.setCurrentIndex(max(self.rule.findData(key), 0))
        self._show_parts()
        if key == "next_weekday":
            self.weekday.setCurrentIndex(number)
        elif key != "last_friday_of_month":
            self.number.setValue(number)

    def text(self) -> str:
        key = self.rule.currentData()
        if key == "last_friday_of_month":
            return key
        if key == "next_weekday":
            return f"{key}:{self.weekday.currentData()}"
        return f"{key}:{self.number.value()}"

    def describe(self) -> str:
        return DueRule(self.text()).describe()
