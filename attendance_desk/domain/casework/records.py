"""The plain records of casework: what a plan, contract, meeting or notice holds.

Services fill them from the store; documents print them; the UI edits them. Pure data, so every layer can share
them without importing the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from attendance_desk.domain.casework.periods import (
    CONTRACT_NEXT_STEP_LABELS,
    CONTRACT_STATUS_LABELS,
    INVITEE_ROLES,
    MEDICAL_REVIEW_OUTCOME_LABELS,
    ContractNextStep,
    ContractStatus,
    ImprovementPeriod,
    MedicalReviewOutcome,
    NoticeOutcome,
)


@dataclass(frozen=True, slots=True)
class PlanFigures:
    attendance_percent: Decimal | None
    broken_weeks: int
    school_weeks: int
    days_off: Decimal


@dataclass(slots=True)
class Invitee:
    role: str
    name: str = ""
    attended: bool = False


@dataclass(slots=True)
class MedicalIssue:
    issue: str
    evidence_by: str = ""
    evidence_date: date | None = None
    evidence_type: str = ""


@dataclass(slots=True)
class Difficulty:
    difficulty: str
    intervention: str = ""
    provided_by: str = ""
    on: date | None = None


@dataclass(slots=True)
class MedicalPlanDraft:
    plan_date: date
    review_date: date
    chair: str = ""
    key_adult: str = ""
    send: str = ""  # blank: taken from the pupil's SEND flags
    invitees: list[Invitee] = field(default_factory=lambda: [Invitee(role) for role in INVITEE_ROLES])
    gp_consent: bool | None = None
    gp_consent_date: date | None = None
    consent_form_completed: bool = False
    authorise_absence: bool | None = None
    authorise_date: date | None = None
    authorised_by: str = ""
    medical_issues: list[MedicalIssue] = field(default_factory=list)
    difficulties: list[Difficulty] = field(default_factory=list)
    target_attendance: Decimal | None = None


@dataclass(frozen=True, slots=True)
class MedicalReviewView:
    id: int
    review_date: date
    attendance_percent: Decimal | None
    progress: str
    outcome: MedicalReviewOutcome
    next_review_date: date | None
    reviewed_by: str

    @property
    def outcome_label(self) -> str:
        return MEDICAL_REVIEW_OUTCOME_LABELS[self.outcome]


@dataclass(frozen=True, slots=True)
class MedicalPlanView:
    id: int
    pupil_id: int
    draft: MedicalPlanDraft
    figures: PlanFigures
    closed_on: date | None
    created_by: str
    reviews: tuple[MedicalReviewView, ...]
    review_warning: str | None

    @property
    def next_review(self) -> date | None:
        if self.closed_on:
            return None
        return self.reviews[-1].next_review_date if self.reviews else self.draft.review_date


@dataclass(slots=True)
class MeetingAction:
    action: str
    responsibility: str = ""
    when: str = ""
    outcome: str = ""


@dataclass(slots=True)
class MeetingDraft:
    meeting_date: date
    attendees: str = ""
    apologies: str = ""
    reason: str = "Improving attendance plan"
    background: str = ""
    notes: str = ""
    actions: list[MeetingAction] = field(default_factory=list)
    next_meeting_date: date | None = None
    next_agenda: str = ""


@dataclass(frozen=True, slots=True)
class MeetingView:
    id: int
    pupil_id: int
    meeting_number: int
    draft: MeetingDraft
    created_by: str


SIGNATORY_ROLES = (
    "Chair",
    "Parent (1)",
    "Parent (2)",
    "School representative",
    "Other representative",
    "Pupil (if appropriate)",
)


# The two standing actions every contract in the seeds starts with, in our own words.
DEFAULT_ACTIONS = (
    ("Parents", "Your child attends school every day and arrives on time", "", "Every day"),
    (
        "Parents",
        "Ring or message the school by the start of every day your child is away",
        "Medical evidence (an appointment card, prescription or note) may be asked for before illness is authorised",
        "Each day of absence",
    ),
    ("Pupil", "Come to school every day, on time", "", "Every day"),
    (
        "School",
        "Call home on the first day of any absence",
        "Talk through any worries the family or the school has",
        "Throughout the review period",
    ),
)


@dataclass(slots=True)
class ParentEntry:
    name: str
    attended: bool
    contact_id: int | None = None
    date_of_birth: date | None = None
    address: str = ""
    phone: str = ""


@dataclass(slots=True)
class ContractAction:
    party: str  # one of ACTION_PARTIES
    outcome: str
    how: str = ""
    by_when: str = ""
    met: bool | None = None  # filled in at review


@dataclass(slots=True)
class ContractDraft:
    meeting_date: date
    status: ContractStatus
    parents: list[ParentEntry]
    status_reason: str = ""
    review_weeks: int | None = 4
    review_at: datetime | None = None  # blank: the review period on from the meeting, at 9:00
    barriers: str = ""
    parent_requirements: str = ""
    support_offered: str = ""
    actions: list[ContractAction] = field(
        default_factory=lambda: [ContractAction(p, o, h, w) for p, o, h, w in DEFAULT_ACTIONS]
    )
    consent_to_share: bool = False
    signatories: list[tuple[str, str]] = field(default_factory=list)  # (role, printed name)


@dataclass(frozen=True, slots=True)
class ContractFigures:
    sessions_missed: int
    minutes_late: int
    attendance_percent: Decimal | None
    authorised_percent: Decimal | None
    unauthorised_percent: Decimal | None


@dataclass(frozen=True, slots=True)
class ContractReviewView:
    id: int
    review_date: date
    sessions_possible: int
    sessions_attended: int
    lates: int
    progress_evidence: str
    barriers_reduced: str
    new_barriers: str
    new_actions: tuple[dict[str, str], ...]
    next_step: ContractNextStep
    next_review_date: date | None
    reviewed_by: str

    @property
    def next_step_label(self) -> str:
        return CONTRACT_NEXT_STEP_LABELS[self.next_step]


@dataclass(frozen=True, slots=True)
class ContractView:
    id: int
    pupil_id: int
    draft: ContractDraft
    figures: ContractFigures
    closed_on: date | None
    created_by: str
    reviews: tuple[ContractReviewView, ...]

    @property
    def status_label(self) -> str:
        return CONTRACT_STATUS_LABELS[self.draft.status]


@dataclass(slots=True)
class ContractReviewDraft:
    review_date: date
    next_step: ContractNextStep
    progress_evidence: str = ""
    barriers_reduced: str = ""
    new_barriers: str = ""
    new_actions: list[dict[str, str]] = field(default_factory=list)  # {action, how, by_when}
    actions_met: list[bool | None] = field(default_factory=list)  # per contract action, in order
    next_review_date: date | None = None


@dataclass(frozen=True, slots=True)
class NoticeToImproveView:
    id: int
    pupil_id: int
    issued_on: date
    period: ImprovementPeriod
    max_unauthorised_percent: Decimal
    criteria: str
    support_given: str
    support_offered: str
    outcome: NoticeOutcome | None
    reviewed_on: date | None
    period_unauthorised_percent: Decimal | None
    review_note: str


@dataclass(frozen=True, slots=True)
class PenaltyNoticeView:
    id: int
    pupil_id: int
    contact_id: int | None
    parent_name: str
    issued_on: date
    received_on: date
    sequence: int
    reduced_amount: Decimal | None
    full_amount: Decimal
    reduced_due: date | None
    full_due: date
    reference: str
    paid_on: date | None
    amount_paid: Decimal | None
    withdrawn_on: date | None
    withdrawn_reason: str
    prosecuted_on: date | None

    @property
    def status(self) -> str:
        if self.withdrawn_on:
            return f"Withdrawn {self.withdrawn_on:%d/%m/%Y}"
        if self.paid_on:
            return f"Paid £{self.amount_paid} on {self.paid_on:%d/%m/%Y}"
        if self.prosecuted_on:
            return f"Referred for prosecution {self.prosecuted_on:%d/%m/%Y}"
        return f"Unpaid (due by {self.full_due:%d/%m/%Y})"


@dataclass(frozen=True, slots=True)
class CasePupil:
    """The pupil details printed at the top of every casework form."""

    name: str
    date_of_birth: date
    upn: str
    year_group: str
    reg_group: str = ""
    address: str = ""
    school_name: str = ""
