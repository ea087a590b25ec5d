"""A referral pack: the request form filled from the record (for leave in term time, with the G-coded sessions,
the leave request and the refusal), an index of the evidence documents, and the
registration certificate as its own numbered part at the end."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from attendance_desk.documents import page
from attendance_desk.documents.casework.common import blank_or, d, grid, section
from attendance_desk.documents.certificate import CertificateData, certificate_story
from attendance_desk.documents.letterhead import Letterhead
from attendance_desk.domain.casework.referrals import (
    REFERRAL_REQUESTS,
    LeaveOfAbsence,
    ReferralKind,
    ReferralPack,
)
from attendance_desk.domain.text import plural

METHOD_WORDS = {
    "letter": "Letter",
    "home_visit": "Home visit",
    "call": "Call",
    "meeting": "Meeting",
    "text": "Text",
    "email": "Email",
}


LEAVE_DAYS_PER_ROW = 4

# What the head teacher confirms before the request goes; leave needs no account of support offered.
DECLARATION_OPENINGS = {
    ReferralKind.LEAVE_IN_TERM_TIME: (
        "I confirm that, as far as I know, the information above is accurate, that the parents asked for this leave "
        "and were told in writing that it was not agreed, and that the absence is recorded as unauthorised. "
    ),
}
DEFAULT_DECLARATION_OPENING = (
    "I confirm that, as far as I know, the information above is accurate, that the school has offered the family "
    "support to improve attendance, and that no circumstances known to the school explain the unauthorised absence. "
)


def _leave_sessions_table(leave: LeaveOfAbsence) -> Flowable:
    """The G-coded sessions, one cell per school day (\"Mon 09/03/2026: AM, PM\"), four days to a row."""
    days: dict[str, list[str]] = {}
    for day, session in leave.sessions:
        days.setdefault(f"{day.strftime('%a')} {d(day)}", []).append(session)
    cells = [f"{label}: {', '.join(sessions)}" for label, sessions in days.items()]
    rows = [cells[i : i + LEAVE_DAYS_PER_ROW] for i in range(0, len(cells), LEAVE_DAYS_PER_ROW)]
    rows[-1] += [""] * (LEAVE_DAYS_PER_ROW - len(rows[-1]))
    return page.table(rows, [42.5] * LEAVE_DAYS_PER_ROW, header_rows=0)


def leave_story(leave: LeaveOfAbsence) -> list[Flowable]:
    s = page.styles()
    facts, refusal = leave.facts, leave.refusal
    spells = "; ".join(
        f"{d(first)} to {d(last)} ({plural(n, 'session')})" if first != last else f"{d(first)} ({plural(n, 'session')})"
        for first, last, n in leave.spells
    )
    if refusal is not None:
        refused = f"Letter of {d(refusal.on)} to {refusal.recipient}" + (
            f"; delivered: {refusal.delivery}" if refusal.delivery else "; no delivery recorded"
        )
        if refusal.leave_dates:
            refused += f"; it refused leave from {refusal.leave_dates}"
    else:
        refused = f"Sent {d(facts.refusal_sent_on)} (not in the letters archive: attach a copy)"
    story: list[Flowable] = [
        *section("The leave"),
        grid(
            [
                ("Dates of leave", spells),
                ("Sessions marked G this school year", str(len(leave.sessions))),
                ("Date the child returned to school", d(leave.returned_on) or "Not back in school yet"),
                ("Request to reach the local authority by", d(leave.send_by) or "Four weeks after the return"),
            ],
            columns=1,
        ),
        page.para(
            "Sessions coded G in the register (leave in term time the school did not agree). Under the national "
            "framework a penalty notice needs 10 unauthorised sessions, G among them, within 10 school weeks.",
            s.small,
        ),
        _leave_sessions_table(leave),
        *section("The request and the school's answer"),
        grid(
            [
                ("Leave requested by the parents on", d(facts.requested_on)),
                ("Reason the parents gave", facts.reason_given),
                ("Refusal and warning from the head teacher", refused),
                (
                    "School policy follows the local code of conduct and has been shared with parents",
                    "Yes" if facts.policy_shared else "No",
                ),
            ],
            columns=1,
        ),
    ]
    return story


def referral_story(pack: ReferralPack) -> list[Flowable]:
    s = page.styles()
    p = pack.pupil
    parents = [[n, r, a, ph] for n, r, a, ph in pack.parents] or [["None recorded", "", "", ""]]
    story: list[Flowable] = [
        page.para(pack.title, s.title),
        page.para(
            f"Prepared by {pack.school_name} on {d(pack.as_of)}. Support and contacts are shown from {d(pack.since)}.",
            s.small,
        ),
        grid(
            [
                ("Name of child", p.name),
                ("Date of birth", d(p.date_of_birth)),
                ("UPN", p.upn),
                ("Year / class", " ".join(x for x in (p.year_group, p.reg_group) if x)),
                ("Special educational needs", pack.send),
                ("Other agencies", pack.other_agencies),
            ]
        ),
        *section(
            "Parents"
            + (
                " to be named on the notice"
                if pack.kind in (ReferralKind.PENALTY_NOTICE, ReferralKind.LEAVE_IN_TERM_TIME)
                else ""
            )
        ),
        page.table([["Name", "Relationship", "Address", "Phone"], *parents], [45, 25, 72, 28]),
        *[page.para(line, s.small) for line in pack.parents_left_out],
        *(leave_story(pack.leave) if pack.leave is not None else []),
        *section("Attendance"),
        grid(list(pack.figures)),
        page.para("Figures from the attendance register; the registration certificate is attached.", s.small),
        *section("Contacts with the family"),
        page.table(
            [["Contact", "Number", "Outcomes"], *[[w, str(n), o] for w, n, o in pack.counts]],
            [45, 18, 107],
            extra=[("ALIGN", (1, 0), (1, -1), "RIGHT")],
        ),
        page.para(f"Did the parents attend every meeting? {pack.parents_attended_all_meetings}", s.body),
        *section("Meetings, plans, contracts and notices"),
        page.table(
            [["Date", "What happened"], *[list(line) for line in pack.casework]]
            if pack.casework
            else [["Date", "What happened"], ["", "None recorded"]],
            [24, 146],
        ),
        *section("Barriers to attending school and the support given"),
    ]
    if pack.barriers_and_support:
        story += [Paragraph(page.esc(line), s.bullet, bulletText="•") for line in pack.barriers_and_support]
    else:
        story.append(page.para("None recorded. Record barriers and support in meetings and contracts.", s.body))
    story += section("Every contact, in date order")
    rows = [
        [d(i.on), METHOD_WORDS.get(i.method, i.method), blank_or(i.outcome, ""), i.summary, i.staff]
        for i in pack.interventions
    ]
    story.append(
        page.table(
            [["Date", "How", "Outcome", "Summary", "Staff"], *(rows or [["", "", "", "None", ""]])],
            [20, 20, 32, 70, 28],
        )
    )
    story += section("Index of evidence documents")
    story.append(
        page.table(
            [
                ["No.", "Date", "Document", "Reference"],
                *[[str(n), d(doc.on), doc.title, doc.reference] for n, doc in enumerate(pack.documents, start=1)],
            ],
            [10, 22, 108, 30],
        )
    )
    story += [
        Spacer(1, 4 * mm),
        KeepTogether(
            [
                page.para("Declaration", s.heading),
                page.para(
                    DECLARATION_OPENINGS.get(pack.kind, DEFAULT_DECLARATION_OPENING) + REFERRAL_REQUESTS[pack.kind],
                    s.body,
                ),
                page.table(
                    [["Head teacher", pack.head_teacher], ["Signature", Spacer(1, 10 * mm)], ["Date", ""]],
                    [40, 130],
                    header_rows=0,
                    zebra=False,
                    extra=[("BACKGROUND", (0, 0), (0, -1), page.HEADER_FILL)],
                ),
            ]
        ),
    ]
    return story


def render_referral(pack: ReferralPack, letterhead: Letterhead, certificate: CertificateData | None) -> bytes:
    story = referral_story(pack)
    if certificate is not None:
        story += page.new_part(f"Registration certificate: {certificate.pupil_name}")
        story += certificate_story(certificate)
    return page.render_document(
        story,
        letterhead=letterhead,
        title=f"{pack.title}: {pack.pupil.name}",
        continuation=f"{pack.title}: {pack.pupil.name}",
        author=letterhead.school_name,
    )
