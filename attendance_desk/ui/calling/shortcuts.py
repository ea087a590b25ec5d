"""The calling desk's keyboard shortcuts, in one table: the Today page binds them, shows them in its legend and
on its buttons, and ``docs/calling-desk.md`` lists the same keys."""

from __future__ import annotations

from attendance_desk.domain.calling.rules import CallOutcome

NEXT_PUPIL = "Down"
PREVIOUS_PUPIL = "Up"
REFRESH = "F5"
REPORT_ABSENCE = "Ctrl+R"
HOME_VISIT = "Ctrl+H"
ESCALATE = "Ctrl+E"
DSL_LIST = "Ctrl+D"
SAVE_OUTCOME = "Ctrl+Return"
SAVE_ANSWERS = "Ctrl+S"
CONCERN = "Ctrl+K"
BACK_TO_LIST = "Esc"
NEXT_PHONE = "P"
SHOW_EXPLAINED = "Ctrl+Shift+X"
COMPLETE_TASK = "Ctrl+Return"
OPEN_PUPIL = "Return"
MAKE_LETTER = "Ctrl+L"

TODAY_SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("↑ / ↓", "pupil"),
    ("1–9", "contact"),
    (NEXT_PHONE, "next number"),
    *((o.key, o.label.lower()) for o in CallOutcome),
    ("Ctrl+Enter", "save outcome, next pupil"),
    (SAVE_ANSWERS, "save answers"),
    (CONCERN, "concern for the DSL"),
    (BACK_TO_LIST, "back to the list"),
    (REPORT_ABSENCE, "absence reported"),
    (HOME_VISIT, "home visit"),
    (ESCALATE, "escalate"),
    (DSL_LIST, "DSL list"),
    (SHOW_EXPLAINED, "explained absences"),
    (REFRESH, "refresh"),
)

# The same keys with a fuller description, for the documentation and the README.
TODAY_SHORTCUTS_DOC: tuple[tuple[str, str], ...] = (
    ("↑ / ↓", "previous / next pupil on the worklist"),
    ("1 – 9", "choose the contact to ring (do-not-contact contacts have no number and cannot be chosen)"),
    (NEXT_PHONE, "next phone number of the chosen contact"),
    *((o.key, f"log the attempt: {o.label.lower()}") for o in CallOutcome),
    ("Ctrl+Enter", "save the answers, any concern and the outcome; go to the next pupil"),
    (SAVE_ANSWERS, "save the answers (and any concern) without an outcome"),
    (CONCERN, "note a concern for the safeguarding lead"),
    (BACK_TO_LIST, "back to the worklist from a text box"),
    (REPORT_ABSENCE, "record an absence a family reported, or a planned absence"),
    (HOME_VISIT, "record a home visit for the chosen pupil"),
    (ESCALATE, "create the day's follow-up tasks from the escalation steps"),
    (DSL_LIST, "open the safeguarding lead's list of concerns"),
    (SHOW_EXPLAINED, "show or hide the absences already explained"),
    (REFRESH, "reload the worklist"),
)

FOLLOWUP_SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("↑ / ↓", "move between tasks"),
    ("Shift+↑ / ↓", "choose several tasks"),
    ("Ctrl+Enter", "mark the chosen tasks done (with a note); the next task is chosen"),
    ("Enter", "open the pupil"),
    (MAKE_LETTER, "make the task's letter"),
    (ESCALATE, "create today's escalation tasks"),
    (REFRESH, "reload"),
)


def legend(pairs: tuple[tuple[str, str], ...]) -> str:
    """A compact one-paragraph legend for the bottom of a page."""
    return "   ·   ".join(f"<b>{keys}</b> {what}" for keys, what in pairs)
