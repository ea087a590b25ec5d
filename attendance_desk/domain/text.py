"""Small rules for words on screen and paper: counts read "1 family", "2 families", never "family(s)"."""

from __future__ import annotations

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
