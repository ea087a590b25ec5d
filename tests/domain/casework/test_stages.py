"""Default stages, per-school stage lists, and the review-list reasons (suggestions only)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from attendance_desk.domain.casework.stages import (
    DEFAULT_STAGES,
    ReviewRules,
    StageConfigError,
    StageDefinition,
    next_stage,
    review_reasons,
    validate_stages,
)
from attendance_desk.domain.metrics import PupilFigures
from attendance_desk.domain.thresholds import Band


def test_default_stages_follow_the_staged_process() -> None:
    validate_stages(DEFAULT_STAGES)
    assert [s.key for s in DEFAULT_STAGES] == ["universal", "stage1", "stage2", "stage3", "stage4"]
    assert [s.legal for s in DEFAULT_STAGES] == [False, False, False, False, True]
    assert "attendance contract" in " ".join(DEFAULT_STAGES[3].steps)


def test_next_stage() -> None:
    assert next_stage(DEFAULT_STAGES, None) == DEFAULT_STAGES[0]
    assert next_stage(DEFAULT_STAGES, "stage2") == DEFAULT_STAGES[3]
    assert next_stage(DEFAULT_STAGES, "stage4") is None


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        ((), "at least one stage"),
        ((StageDefinition("a", "A"), StageDefinition("a", "B")), "used twice"),
        ((StageDefinition("Bad Key", "A"),), "lower-case"),
        ((StageDefinition("a", "  "),), "has no name"),
    ],
)
def test_invalid_stage_lists_are_refused(stages: tuple[StageDefinition, ...], message: str) -> None:
    with pytest.raises(StageConfigError, match=message):
        validate_stages(stages)


def _figures(**kw: object) -> PupilFigures:
    return PupilFigures(**kw)  # type: ignore[arg-type]


def test_review_reasons_for_each_threshold() -> None:
    assert review_reasons(_figures(band=Band.EXPECTED, attendance_percent=Decimal(97))) == []
    persistent = review_reasons(_figures(band=Band.PERSISTENT, attendance_percent=Decimal("88.5")))
    assert persistent == ["Persistently absent: 88.5% attendance"]
    met = review_reasons(_figures(pn_threshold_met_on=date(2025, 10, 8)))
    assert met == ["10 unauthorised sessions within 10 school weeks (threshold met on 08/10/2025)"]
    broken = review_reasons(_figures(school_weeks=4, broken_weeks=2))
    assert broken == ["2 broken weeks out of 4 school weeks"]
    assert review_reasons(_figures(school_weeks=20, broken_weeks=2)) == []


def test_review_rules_are_per_school() -> None:
    rules = ReviewRules(bands=frozenset({Band.AT_RISK}), penalty_threshold=False, broken_weeks_ratio=Decimal(1))
    assert review_reasons(_figures(band=Band.AT_RISK, attendance_percent=Decimal(94)), rules) != []
    assert review_reasons(_figures(pn_threshold_met_on=date(2025, 10, 8)), rules) == []
    assert review_reasons(_figures(school_weeks=4, broken_weeks=2), rules) == []
