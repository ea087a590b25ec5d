"""How a pupil is named on screen and on paper: the preferred name where the MIS holds one, else the legal name."""

from __future__ import annotations


def pupil_display_name(preferred_forename: str, legal_forename: str, preferred_surname: str, legal_surname: str) -> str:
    return f"{preferred_forename or legal_forename} {preferred_surname or legal_surname}"
