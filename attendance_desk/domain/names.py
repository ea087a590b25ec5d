"""How a pupil is named on screen and on paper: the preferred name where the MIS holds one, else the legal name."""

from __future__ import annotations


def pupil_display_name(preferred_forename: str, legal_forename: str, preferred_surname: str, legal_surname: str) -> str:
    return f"{preferred_forename or legal_forename} {preferred_surname or legal_surname}"


def pupil_surname(preferred_surname: str, legal_surname: str) -> str:
    """The surname shown beside the forename in :func:`pupil_display_name`."""
    return preferred_surname or legal_surname


def surname_sort_key(surname: str, full_name: str = "") -> tuple[str, str]:
    """Order pupils by the recorded surname taken whole, then by the full name.

    Never the last word of a display name: "Rosa Van Dyke" files under V and "Ffion ap Gwilym" under A, as the
    surname field records them, not under "Dyke" and "Gwilym"."""
    return surname.strip().casefold(), full_name.strip().casefold()
