"""The staged, support-first process for a pupil's attendance, and when a pupil should be looked at again.

The default stages follow the seeds (Stockport's staged process, BCP's graduated response): universal support,
then school-led support, a school attendance meeting and plan, formal support, and legal intervention. Local
authorities name and split these differently, so a school may rename stages, change their steps or add its own;
the rules here only need each stage's key, its order and whether it is a legal stage.

Moving a pupil between stages is always a person's decision. :func:`review_reasons` only says why a pupil's
figures suggest that someone should look at the case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from attendance_desk.domain.metrics import PupilFigures
from attendance_desk.domain.thresholds import Band

_KEY_SHAPE = re.compile(r"^[a-z0-9_]{1,40}$")


@dataclass(frozen=True, slots=True)
class StageDefinition:
    key: str  # stable machine name kept in the stage history; never shown to families
    name: str
    steps: tuple[str, ...] = ()
    legal: bool = False  # legal measures (notices, penalty notices, prosecution) belong to this stage


UNIVERSAL = "universal"
STAGE_1 = "stage1"
STAGE_2 = "stage2"
STAGE_3 = "stage3"
STAGE_4 = "stage4"

DEFAULT_STAGES: tuple[StageDefinition, ...] = (
    StageDefinition(
        UNIVERSAL,
        "Universal support",
        (
            "First-day calling and a welfare conversation on each absence",
            "Regular checks of attendance, broken weeks and lateness",
            "Praise and acknowledge improvement",
        ),
    ),
    StageDefinition(
        STAGE_1,
        "Stage 1: school-led support",
        (
            "Contact the parents to talk about the absences and arrange a meeting",
            "Name a key adult for the pupil",
            "Check SEND support, in-school difficulties and medical needs",
            "Offer a medical action plan where illness is the usual reason",
            "Offer early help where needs go beyond school",
        ),
    ),
    StageDefinition(
        STAGE_2,
        "Stage 2: school attendance meeting and plan",
        (
            "Send the stage 2 letter to every parent with day-to-day care",
            "Hold a school attendance meeting and agree an improvement plan",
            "Review the plan every 4 to 6 weeks",
            "Make sickness or continuous-absence returns when due",
        ),
    ),
    StageDefinition(
        STAGE_3,
        "Stage 3: formal support",
        (
            "Offer an attendance contract at a meeting the parents attend",
            "Consider a Notice to Improve with a 3 to 6 school-week improvement period",
            "Refer to the local authority with the evidence pack",
        ),
    ),
    StageDefinition(
        STAGE_4,
        "Stage 4: legal intervention",
        (
            "Request a penalty notice",
            "Consider an education supervision order",
            "Prepare the prosecution file",
        ),
        legal=True,
    ),
)


class StageConfigError(ValueError):
    """A school's list of stages cannot be used."""


def validate_stages(stages: Sequence[StageDefinition]) -> None:
    """Refuse a list a user could not work with: empty, unnamed stages, repeated or malformed keys."""
    if not stages:
        raise StageConfigError("There must be at least one stage.")
    seen: set[str] = set()
    for position, stage in enumerate(stages, start=1):
        if not _KEY_SHAPE.match(stage.key):
            raise StageConfigError(
                f"Stage {position}: the key '{stage.key}' must be 1 to 40 lower-case letters, digits or underscores."
            )
        if stage.key in seen:
            raise StageConfigError(f"Stage {position}: the key '{stage.key}' is used twice.")
        if not stage.name.strip():
            raise StageConfigError(f"Stage {position} ('{stage.key}') has no name.")
        seen.add(stage.key)


def stage_by_key(stages: Sequence[StageDefinition], key: str) -> StageDefinition | None:
    return next((s for s in stages if s.key == key), None)


def next_stage(stages: Sequence[StageDefinition], key: str | None) -> StageDefinition | None:
    """The stage after ``key`` (the first stage when the pupil has none); None at the last stage."""
    if key is None:
        return stages[0] if stages else None
    keys = [s.key for s in stages]
    if key not in keys:
        return stages[0] if stages else None
    index = keys.index(key)
    return stages[index + 1] if index + 1 < len(stages) else None


@dataclass(frozen=True, slots=True)
class ReviewRules:
    """When a pupil's figures put them on the review list. Per school; these are the defaults."""

    bands: frozenset[Band] = field(default_factory=lambda: frozenset({Band.PERSISTENT, Band.SEVERE}))
    penalty_threshold: bool = True  # 10 unauthorised sessions in 10 school weeks
    broken_weeks_ratio: Decimal = Decimal("0.4")  # broken weeks out of school weeks
    min_broken_weeks: int = 2  # 1 broken week out of 2 is not yet a pattern

    def __post_init__(self) -> None:
        if not Decimal(0) < self.broken_weeks_ratio <= Decimal(1):
            raise ValueError("the broken-weeks ratio must be above 0 and at most 1")
        if self.min_broken_weeks < 1:
            raise ValueError("the smallest number of broken weeks must be at least 1")


DEFAULT_REVIEW_RULES = ReviewRules()

_BAND_WORDS = {
    Band.SEVERE: "severely absent",
    Band.PERSISTENT: "persistently absent",
    Band.AT_RISK: "at risk of persistent absence",
    Band.EXPECTED: "attending as expected",
}


def review_reasons(figures: PupilFigures, rules: ReviewRules = DEFAULT_REVIEW_RULES) -> list[str]:
    """Why these figures call for a look at the case (empty when they do not). Suggestions only."""
    reasons: list[str] = []
    if figures.band is not None and figures.band in rules.bands:
        reasons.append(f"{_BAND_WORDS[figures.band].capitalize()}: {figures.attendance_percent}% attendance")
    if rules.penalty_threshold and figures.pn_threshold_met_on is not None:
        reasons.append(
            f"10 unauthorised sessions within 10 school weeks (threshold met on {figures.pn_threshold_met_on:%d/%m/%Y})"
        )
    if (
        figures.school_weeks
        and figures.broken_weeks >= rules.min_broken_weeks
        and Decimal(figures.broken_weeks) >= rules.broken_weeks_ratio * figures.school_weeks
    ):
        reasons.append(f"{figures.broken_weeks} broken weeks out of {figures.school_weeks} school weeks")
    return reasons
