"""The attendance contract and each of its reviews.

The contract carries the statutory content: what the parents agree to do, the support the school or local
authority offers, the parents' agreement for the period, and a plan of action saying who does what and by when.
A contract recorded as offered and not agreed, or not used, prints as a one-page record with the reason.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from attendance_desk.documents import page
from attendance_desk.documents.casework.common import blank_or, d, grid, pct, pupil_grid, section, signing_table
from attendance_desk.documents.letterhead import Letterhead
from attendance_desk.domain.casework.periods import ACTION_PARTIES, ContractStatus
from attendance_desk.domain.casework.records import (
    SIGNATORY_ROLES,
    CasePupil,
    ContractReviewView,
    ContractView,
)
from attendance_desk.domain.metrics import percent

CONSENT_TEXT = (
    "We agree that the school and the local authority may keep the information in this contract and share it with "
    "the services they work with to support our family, so that we get the help that fits. It will be kept "
    "securely, used to check how the plan is going, and corrected if anything changes."
)
LEGAL_NOTE = (
    "The law requires every parent to see that a child of compulsory school age gets a suitable full-time "
    "education. If attendance does not reach the target, the school may refer the case to the local "
    "authority, which can take legal action (Education Act 1996, section 444). If the actions are met and "
    "attendance improves, the school will keep monitoring; a referral can still be considered if attendance falls "
    "again in the following months."
)


def _met(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def contract_story(contract: ContractView, pupil: CasePupil) -> list[Flowable]:
    s = page.styles()
    draft, f = contract.draft, contract.figures
    story: list[Flowable] = [
        page.para("Attendance contract", s.title),
        pupil_grid(pupil, [("School", pupil.school_name), ("Date of meeting", d(draft.meeting_date))]),
        Spacer(1, 2 * mm),
        grid(
            [
                ("Sessions missed to date", str(f.sessions_missed)),
                ("Minutes late to date", str(f.minutes_late)),
                ("Attendance", pct(f.attendance_percent)),
                ("Authorised absence", pct(f.authorised_percent)),
                ("Unauthorised absence", pct(f.unauthorised_percent)),
                ("Status", contract.status_label),
            ]
        ),
        page.para(f"Figures for the school year up to {d(draft.meeting_date)}, from the attendance register.", s.small),
        *section("Parents"),
        # Names only: each parent gets a copy, and one parent's address or phone must never reach the other.
        page.table(
            [
                ["Name", "Date of birth", "At the meeting"],
                *[[p.name, d(p.date_of_birth), "Yes" if p.attended else "No"] for p in draft.parents],
            ],
            [90, 40, 40],
        ),
        page.para("Addresses and phone numbers are held by the school and are not printed here.", s.small),
    ]
    if draft.status is not ContractStatus.AGREED:
        story += section(
            "Why no contract was agreed"
            if draft.status is ContractStatus.OFFERED_NOT_AGREED
            else "Why a contract was not used"
        )
        story.append(page.para(draft.status_reason, s.body))
        return story
    review_at = draft.review_at
    story += [
        Spacer(1, 2 * mm),
        grid(
            [
                ("Review period", f"{draft.review_weeks} weeks"),
                ("Review date and time", review_at.strftime("%d/%m/%Y %H:%M") if review_at else ""),
            ]
        ),
        *section("Challenges and barriers to attending school"),
        page.para(blank_or(draft.barriers), s.body),
    ]
    if draft.parent_requirements.strip():
        story += [*section("What the parents agree to do"), page.para(draft.parent_requirements, s.body)]
    if draft.support_offered.strip():
        story += [
            *section("Support the school and local authority will give"),
            page.para(draft.support_offered, s.body),
        ]
    story += section("Plan of action")
    for party in ACTION_PARTIES:
        rows = [a for a in draft.actions if a.party == party]
        if not rows:
            continue
        story.append(
            page.table(
                [
                    [f"Outcomes and actions: {party.lower()}", "How it will be done", "By when", "Met at review"],
                    *[[a.outcome, a.how, a.by_when, _met(a.met)] for a in rows],
                ],
                [62, 62, 26, 20],
            )
        )
        story.append(Spacer(1, 2 * mm))
    story += [
        page.para(LEGAL_NOTE, s.small),
        *section("Consent to share information"),
        page.para(CONSENT_TEXT, s.body),
        page.para(f"Consent given: {'Yes' if draft.consent_to_share else 'No'}", s.body),
        page.para(
            "By signing, the parents agree to keep to this contract for the review period, and the school agrees to "
            "give the support set out above.",
            s.body,
        ),
    ]
    names = dict(draft.signatories)
    parents = [p.name for p in draft.parents]
    defaults = {"Parent (1)": parents[0] if parents else "", "Parent (2)": parents[1] if len(parents) > 1 else ""}
    story.append(KeepTogether(signing_table([(r, names.get(r, defaults.get(r, ""))) for r in SIGNATORY_ROLES])))
    return story


def render_contract(contract: ContractView, pupil: CasePupil, letterhead: Letterhead) -> bytes:
    return page.render_document(
        contract_story(contract, pupil),
        letterhead=letterhead,
        title=f"Attendance contract: {pupil.name}",
        continuation=f"Attendance contract: {pupil.name}, {d(contract.draft.meeting_date)}",
        author=letterhead.school_name,
    )


def contract_review_story(contract: ContractView, review: ContractReviewView, pupil: CasePupil) -> list[Flowable]:
    s = page.styles()
    attended = (
        f"{review.sessions_attended} ({pct(percent(review.sessions_attended, review.sessions_possible))})"
        if review.sessions_possible
        else str(review.sessions_attended)
    )
    story: list[Flowable] = [
        page.para("Attendance contract review", s.title),
        pupil_grid(
            pupil, [("Contract agreed", d(contract.draft.meeting_date)), ("Date of review", d(review.review_date))]
        ),
        Spacer(1, 2 * mm),
        grid(
            [
                ("Possible sessions since the contract", str(review.sessions_possible)),
                ("Sessions attended", attended),
                ("Number of lates", str(review.lates)),
                ("", ""),
            ]
        ),
        *section("Progress"),
        page.table(
            [
                ["Question", "Answer"],
                [
                    "Is there evidence of progress against the agreed actions for everyone?",
                    blank_or(review.progress_evidence, ""),
                ],
                [
                    "Are the barriers to coming to school smaller now than when the contract began?",
                    blank_or(review.barriers_reduced, ""),
                ],
                ["Are there any new challenges or barriers?", blank_or(review.new_barriers, "")],
            ],
            [80, 90],
        ),
        *section("Actions agreed in the contract"),
        page.table(
            [["Party", "Action", "Met"], *[[a.party, a.outcome, _met(a.met)] for a in contract.draft.actions]],
            [30, 120, 20],
        ),
    ]
    if review.new_actions:
        story += section("New or outstanding actions")
        story.append(
            page.table(
                [
                    ["Action", "How it will be done", "By when"],
                    *[[a.get("action", ""), a.get("how", ""), a.get("by_when", "")] for a in review.new_actions],
                ],
                [70, 70, 30],
            )
        )
    story += [
        *section("Next step"),
        page.para(
            review.next_step_label
            + (f" (next review {d(review.next_review_date)})" if review.next_review_date else ""),
            s.body,
        ),
        page.para(LEGAL_NOTE, s.small),
        KeepTogether(signing_table([(r, "") for r in SIGNATORY_ROLES[:5]])),
    ]
    return story


def render_contract_review(
    contract: ContractView, review: ContractReviewView, pupil: CasePupil, letterhead: Letterhead
) -> bytes:
    return page.render_document(
        contract_review_story(contract, review, pupil),
        letterhead=letterhead,
        title=f"Attendance contract review: {pupil.name}",
        continuation=f"Attendance contract review: {pupil.name}, {d(review.review_date)}",
        author=letterhead.school_name,
    )
