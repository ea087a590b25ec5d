"""Rules of the first-day calling desk: call outcomes, who to call first, and what a report covers.

Pure functions over plain values; the services feed them from the store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from attendance_desk.domain.codes import Category, default_codebook


class CallOutcome(StrEnum):
    """What happened on one attempt to reach a contact. Each has its own key on the call panel."""

    ANSWERED = "answered"
    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"
    WRONG_NUMBER = "wrong_number"
    NOT_RECOGNISED = "not_recognised"
    TEXT_SENT = "text_sent"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]

    @property
    def key(self) -> str:
        return OUTCOME_KEYS[self]

    @property
    def method(self) -> str:
        """The communications method the attempt is logged under."""
        return "text" if self is CallOutcome.TEXT_SENT else "call"


OUTCOME_LABELS: dict[CallOutcome, str] = {
    CallOutcome.ANSWERED: "Answered",
    CallOutcome.NO_ANSWER: "No answer",
    CallOutcome.VOICEMAIL: "Voicemail left",
    CallOutcome.WRONG_NUMBER: "Wrong number",
    CallOutcome.NOT_RECOGNISED: "Number not recognised",
    CallOutcome.TEXT_SENT: "Text sent",
}
OUTCOME_KEYS: dict[CallOutcome, str] = {
    CallOutcome.ANSWERED: "A",
    CallOutcome.NO_ANSWER: "N",
    CallOutcome.VOICEMAIL: "V",
    CallOutcome.WRONG_NUMBER: "W",
    CallOutcome.NOT_RECOGNISED: "R",
    CallOutcome.TEXT_SENT: "T",
}

# Codes the office is most often choosing between after a call; any valid code can still be typed.
COMMON_OUTCOME_CODES: tuple[tuple[str, str], ...] = (
    ("I", "Illness"),
    ("M", "Medical or dental appointment"),
    ("C", "Other authorised circumstances"),
    ("E", "Suspended or excluded"),
    ("R", "Religious observance"),
    ("G", "Holiday not agreed"),
    ("O", "Other unauthorised absence"),
    ("U", "Arrived after the register closed"),
)

# Every code (2024 set) a family's own account can lead the office to propose, in the order a reason is usually
# given. Leave codes (J1, S, C1, C2, C) need the school's agreement: the office proposes them when leave was
# granted. Y1, Y2, Y5, Y6 and Y7 are the "unable to attend" causes a family can tell us about; Y3 and Y4
# (premises closed) are the school's own doing and never come from a family.
FAMILY_REPORTABLE_CODES: tuple[str, ...] = (
    "I",
    "M",
    "J1",
    "S",
    "C1",
    "C2",
    "C",
    "T",
    "R",
    "E",
    "Y1",
    "Y2",
    "Y5",
    "Y6",
    "Y7",
    "G",
    "O",
    "U",
)


def reportable_codes(on: date) -> tuple[tuple[str, str], ...]:
    """(code, label) a family's report or call can be coded as on ``on``: the 2024 list from 1 September 2024,
    the short list of common codes before it (the codes the register then allowed)."""
    book = default_codebook()
    if not book.is_valid("J1", on):
        return COMMON_OUTCOME_CODES
    return tuple((code, book.lookup(code, on).label) for code in FAMILY_REPORTABLE_CODES)


REPORT_METHODS: tuple[tuple[str, str], ...] = (
    ("phone", "Phone call"),
    ("text", "Text message"),
    ("email", "Email"),
    ("in_person", "In person"),
    ("letter", "Letter or note"),
    ("app", "School app or portal"),
)


SESSION_ORDER = {"AM": 0, "PM": 1}


def covers(first: tuple[date, str], last: tuple[date, str], day: date, session: str) -> bool:
    """True when (day, session) lies in the span [first, last] of a report, sessions ordered AM before PM."""
    point = (day, SESSION_ORDER[session])
    return (first[0], SESSION_ORDER[first[1]]) <= point <= (last[0], SESSION_ORDER[last[1]])


def day_is_absent(codes: Sequence[str], categories: Mapping[str, Category]) -> bool:
    """A day counts as absent when it has marks and every one is an authorised or unauthorised absence."""
    return bool(codes) and all(categories.get(code) in (Category.AUTHORISED, Category.UNAUTHORISED) for code in codes)


def trailing_run(school_days_newest_first: Sequence[date], is_in_run: Mapping[date, bool]) -> tuple[int, date | None]:
    """The run of school days ending at the first element, and its first day.

    ``school_days_newest_first`` starts with the day in question and goes back; the run stops at the first day
    for which ``is_in_run`` is false or missing (no marks that day ends a run, as for the continuous-absence
    return in ``docs/metrics.md``).
    """
    count, start = 0, None
    for day in school_days_newest_first:
        if not is_in_run.get(day, False):
            break
        count, start = count + 1, day
    return count, start


@dataclass(frozen=True, slots=True)
class PriorityFacts:
    """Why one absent pupil might need ringing first."""

    social_worker: bool = False
    child_protection_plan: bool = False
    child_in_need: bool = False
    looked_after: bool = False
    ehcp: bool = False
    sen_support: bool = False
    days_absent_consecutive: int = 1
    formal_stage: str = ""  # the name of the stage the pupil is in, or "" when none
    contacted_today: bool = False
    attempts_today: int = 0


# Weights: safeguarding first (a social worker or a plan), then needs, then length of absence, then casework.
WEIGHTS: dict[str, int] = {
    "social_worker": 1000,
    "child_protection_plan": 1000,
    "looked_after": 800,
    "child_in_need": 700,
    "ehcp": 300,
    "sen_support": 150,
    "per_day_absent": 60,  # from the second day; capped so a long absence never outranks a safeguarding flag
    "max_days_counted": 10,
    "formal_stage": 200,
    "no_contact": 100,
}


def priority(facts: PriorityFacts) -> tuple[int, list[str]]:
    """(score, reasons): higher scores are rung first; reasons are short phrases shown beside the pupil."""
    score = 0
    reasons: list[str] = []
    flags = (
        ("social_worker", facts.social_worker, "social worker"),
        ("child_protection_plan", facts.child_protection_plan, "child protection plan"),
        ("looked_after", facts.looked_after, "looked after"),
        ("child_in_need", facts.child_in_need, "child in need plan"),
        ("ehcp", facts.ehcp, "EHCP"),
        ("sen_support", facts.sen_support and not facts.ehcp, "SEN support"),
    )
    for weight, present, phrase in flags:
        if present:
            score += WEIGHTS[weight]
            reasons.append(phrase)
    days = facts.days_absent_consecutive
    if days >= 2:
        score += WEIGHTS["per_day_absent"] * (min(days, WEIGHTS["max_days_counted"]) - 1)
        reasons.append(f"{days} consecutive days absent")
    if facts.formal_stage:
        score += WEIGHTS["formal_stage"]
        reasons.append(f"formal stage: {facts.formal_stage}")
    if not facts.contacted_today:
        score += WEIGHTS["no_contact"]
        if facts.attempts_today:
            plural = "s" if facts.attempts_today != 1 else ""
            reasons.append(f"not reached ({facts.attempts_today} attempt{plural} today)")
        else:
            reasons.append("no contact yet today")
    return score, reasons
