"""Small rules for words on screen and paper: counts read "1 family", "2 families", never "family(s)"."""

from __future__ import annotations

from decimal import Decimal

_IRREGULAR = {"family": "families", "child": "children", "person": "people", "is": "are", "was": "were"}


def plural(count: int, one: str, many: str | None = None) -> str:
    """``count`` with the noun in the right number: ``plural(1, "task")`` is "1 task", ``plural(3, "family")``
    "3 families"."""
    if count == 1:
        return f"{count} {one}"
    if many is None:
        head, _, last = one.rpartition(" ")
        many_last = _IRREGULAR.get(
            last, last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou" else last + "s"
        )
        many = f"{head} {many_last}".strip()
    return f"{count} {many}"


def plural_amount(amount: Decimal | float, one: str, many: str | None = None) -> str:
    """An amount that may be a fraction, with its noun: "1 day", "1.5 days", "0 days" (never "1.0 day")."""
    value = Decimal(str(amount)).normalize()
    if value == 1:
        return f"1 {one}"
    words = plural(2, one, many).split(" ", 1)[1]
    return f"{format(value, 'f')} {words}"
