"""The record of a school attendance meeting and the improvement plan agreed at it."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from attendance_desk.documents import page
from attendance_desk.documents.casework.common import blank_or, d, grid, section
from attendance_desk.documents.letterhead import Letterhead
from attendance_desk.domain.casework.records import CasePupil, MeetingView


def meeting_story(meeting: MeetingView, pupil: CasePupil) -> list[Flowable]:
    s = page.styles()
    m = meeting.draft
    actions = [[a.action, a.responsibility, a.when, a.outcome] for a in m.actions] or [["None agreed", "", "", ""]]
    return [
        page.para("Attendance improvement plan", s.title),
        page.para("Record of a school attendance meeting", s.subject),
        grid(
            [
                ("School", pupil.school_name),
                ("Date", d(m.meeting_date)),
                ("Pupil", pupil.name),
                ("Meeting number", str(meeting.meeting_number)),
            ]
        ),
        Spacer(1, 2 * mm),
        page.table(
            [
                ["Attendees", blank_or(m.attendees)],
                ["Apologies", blank_or(m.apologies, "None")],
                ["Reason for the meeting", blank_or(m.reason)],
            ],
            [45, 125],
            header_rows=0,
            zebra=False,
            extra=[("BACKGROUND", (0, 0), (0, -1), page.HEADER_FILL)],
        ),
        *section("Background and what is affecting attendance"),
        page.para(blank_or(m.background), s.body),
        *section("Notes of the meeting"),
        page.para(blank_or(m.notes), s.body),
        *section("Actions"),
        page.table([["Action", "Responsibility", "When", "Outcome"], *actions], [66, 38, 26, 40]),
        *section("Next meeting"),
        grid([("Date of next meeting", d(m.next_meeting_date) or "Not set"), ("Agenda", m.next_agenda)], columns=1),
    ]


def render_meeting(meeting: MeetingView, pupil: CasePupil, letterhead: Letterhead) -> bytes:
    return page.render_document(
        meeting_story(meeting, pupil),
        letterhead=letterhead,
        title=f"Attendance improvement plan: {pupil.name}",
        continuation=f"Attendance meeting {meeting.meeting_number}: {pupil.name}, {d(meeting.draft.meeting_date)}",
        author=letterhead.school_name,
    )
