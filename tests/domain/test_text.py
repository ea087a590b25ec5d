"""Counts on screen and paper read as English: "1 family", "3 families", "1.5 days"; never "1 days" or "(s)"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attendance_desk.domain.text import plural, plural_amount


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [
        (1, "task", "1 task"),
        (0, "task", "0 tasks"),
        (3, "family", "3 families"),
        (2, "day", "2 days"),
        (1, "broken week", "1 broken week"),
        (2, "broken week", "2 broken weeks"),
        (2, "child", "2 children"),
    ],
)
def test_plural(count: int, noun: str, expected: str) -> None:
    assert plural(count, noun) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1"), "1 day"),
        (Decimal("1.0"), "1 day"),
        (Decimal("1.5"), "1.5 days"),
        (Decimal("0.5"), "0.5 days"),
        (Decimal("0"), "0 days"),
        (Decimal("10"), "10 days"),
        (Decimal("20.50"), "20.5 days"),
    ],
)
def test_plural_amount(amount: Decimal, expected: str) -> None:
    assert plural_amount(amount, "day") == expected


@given(st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False, allow_infinity=False))
def test_plural_amount_never_shows_an_exponent_or_a_wrong_number(amount: Decimal) -> None:
    text = plural_amount(amount, "day")
    number, noun = text.split(" ")
    assert Decimal(number) == amount
    assert "E" not in number
    assert noun == ("day" if amount == 1 else "days")
