"""Settings › Calling desk: the call-back script, the escalation steps and the term dates, one sub-tab each."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from attendance_desk.ui.context import AppContext


def create_tab(context: AppContext) -> QWidget:
    from attendance_desk.ui.calling.settings_script import ScriptEditor
    from attendance_desk.ui.calling.settings_steps import StepsEditor
    from attendance_desk.ui.calling.settings_terms import TermsEditor

    tabs = QTabWidget()
    tabs.addTab(ScriptEditor(context), "Call-back script")
    tabs.addTab(StepsEditor(context), "Escalation steps")
    tabs.addTab(TermsEditor(context), "Term dates")
    return tabs
