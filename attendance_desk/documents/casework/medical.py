"""The medical action plan (with its reviews) and the parent's consent to ask health professionals for medical
information, both on the school letterhead so a GP can see which school is asking."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from attendance_desk.documents import page
from attendance_desk.documents.casework.common import blank_or, d, grid, pct, pupil_grid, section, yes_no
from attendance_desk.documents.letterhead import Letterhead
from attendance_desk.domain.casework.records import CasePupil, MedicalPlanView


def medical_plan_story(plan: MedicalPlanView, pupil: CasePupil) -> list[Flowable]:
    s = page.styles()
    draft, figures = plan.draft, plan.figures
    story: list[Flowable] = [
        page.para("Medical action plan", s.title),
        pupil_grid(pupil, [("Teacher / key adult", draft.key_adult), ("SEND", draft.send)]),
        Spacer(1, 2 * mm),
        grid(
            [
                ("Plan agreed on", d(draft.plan_date)),
                ("Chair / coordinator", draft.chair),
                ("Attendance this year", pct(figures.attendance_percent)),
                ("Broken weeks", f"{figures.broken_weeks} of {figures.school_weeks} school weeks"),
                ("Days off school", f"{figures.days_off.normalize():f}"),
                ("Target attendance", pct(draft.target_attendance) if draft.target_attendance is not None else ""),
            ]
        ),
        page.para(f"Figures for the school year up to {d(draft.plan_date)}, from the attendance register.", s.small),
        *section("Consent and decisions"),
        grid(
            [
                (
                    "GP consent gained",
                    yes_no(draft.gp_consent) + (f" ({d(draft.gp_consent_date)})" if draft.gp_consent_date else ""),
                ),
                ("Consent form completed", yes_no(draft.consent_form_completed)),
                (
                    "Decision to authorise absence",
                    yes_no(draft.authorise_absence) + (f" ({d(draft.authorise_date)})" if draft.authorise_date else ""),
                ),
                ("Decided by", draft.authorised_by),
                ("Date of review", d(draft.review_date)),
                ("", ""),
            ]
        ),
        *section("Medical issues and the evidence for them"),
        page.table(
            [
                ["Medical issue", "Evidence provided by", "Date and type of evidence"],
                *[
                    [m.issue, m.evidence_by, " ".join(p for p in (d(m.evidence_date), m.evidence_type) if p)]
                    for m in draft.medical_issues
                ],
                *([["None recorded", "", ""]] if not draft.medical_issues else []),
            ],
            [70, 50, 50],
        ),
        *section("Difficulties and the support put in place"),
        page.table(
            [
                ["Identified difficulty", "Intervention", "Provided by / date"],
                *[
                    [x.difficulty, x.intervention, " ".join(p for p in (x.provided_by, d(x.on)) if p)]
                    for x in draft.difficulties
                ],
                *([["None recorded", "", ""]] if not draft.difficulties else []),
            ],
            [55, 70, 45],
        ),
        *section("People invited"),
        page.table(
            [
                ["Role", "Name", "Attended", "Signature"],
                *[[i.role, i.name, "Yes" if i.attended else "No", Spacer(1, 8 * mm)] for i in draft.invitees],
            ],
            [38, 55, 20, 57],
            zebra=False,
        ),
    ]
    if plan.reviews:
        story += section("Reviews")
        story.append(
            page.table(
                [
                    ["Review date", "Attendance", "Progress", "Outcome", "Next review"],
                    *[
                        [
                            d(r.review_date),
                            pct(r.attendance_percent),
                            blank_or(r.progress, ""),
                            r.outcome_label,
                            d(r.next_review_date),
                        ]
                        for r in plan.reviews
                    ],
                ],
                [22, 22, 58, 46, 22],
            )
        )
    return story


def render_medical_plan(plan: MedicalPlanView, pupil: CasePupil, letterhead: Letterhead) -> bytes:
    return page.render_document(
        medical_plan_story(plan, pupil),
        letterhead=letterhead,
        title=f"Medical action plan: {pupil.name}",
        continuation=f"Medical action plan: {pupil.name}, {d(plan.draft.plan_date)}",
        author=letterhead.school_name,
    )


def consent_form_story(
    pupil: CasePupil,
    parent_name: str,
    parent_address: Sequence[str],
    professional: str = "",
    professional_address: str = "",
) -> list[Flowable]:
    s = page.styles()
    blank = Spacer(1, 14 * mm)
    rows: list[list[object]] = [
        ["Parent's name", parent_name],
        ["Parent's address", ", ".join(parent_address)],
        ["Child's name", pupil.name],
        ["Child's date of birth", d(pupil.date_of_birth)],
        [
            "Child's address (if different)",
            pupil.address if pupil.address and pupil.address != ", ".join(parent_address) else "",
        ],
        ["Medical professional's name", professional or blank],
        ["Medical professional's address", professional_address or blank],
    ]
    return [
        page.para("Consent to seek medical information", s.title),
        page.table(
            rows, [58, 112], header_rows=0, zebra=False, extra=[("BACKGROUND", (0, 0), (0, -1), page.HEADER_FILL)]
        ),
        Spacer(1, 6 * mm),
        page.para(
            "By signing below I agree that a member of staff from the school named above may contact the medical "
            "professional named on this form to ask for medical information about my child, so that the school "
            "can understand how my child's health affects their attendance and can plan the right support.",
            s.body,
        ),
        page.para("I can withdraw this consent at any time by telling the school in writing.", s.body),
        Spacer(1, 8 * mm),
        KeepTogether(
            [
                page.table(
                    [["Parent's signature", Spacer(1, 12 * mm)], ["Date of signature", ""]],
                    [58, 112],
                    header_rows=0,
                    zebra=False,
                    extra=[("BACKGROUND", (0, 0), (0, -1), page.HEADER_FILL)],
                ),
            ]
        ),
    ]


def render_consent_form(
    pupil: CasePupil,
    parent_name: str,
    parent_address: Sequence[str],
    letterhead: Letterhead,
    professional: str = "",
    professional_address: str = "",
) -> bytes:
    return page.render_document(
        consent_form_story(pupil, parent_name, parent_address, professional, professional_address),
        letterhead=letterhead,
        title=f"Medical consent form: {pupil.name}",
        continuation=f"Medical consent form: {pupil.name}",
        author=letterhead.school_name,
    )
