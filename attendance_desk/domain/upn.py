"""Unique Pupil Numbers: 13 characters, a check letter followed by the LA code, the establishment number,
the year of allocation and a serial number. The check letter makes typing errors visible."""

from __future__ import annotations

import re

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_WEIGHTS = range(2, 14)
_UPN_SHAPE = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")


def check_letter(body: str) -> str:
    """The check letter for the last 12 characters of a UPN (digits; a temporary UPN ends in a letter)."""
    total = 0
    for weight, char in zip(_WEIGHTS, body, strict=True):
        total += weight * (int(char) if char.isdigit() else CHECK_LETTERS.index(char))
    return CHECK_LETTERS[total % 23]


def is_well_formed(upn: str) -> bool:
    return bool(_UPN_SHAPE.match(upn))


def has_valid_check_letter(upn: str) -> bool:
    return is_well_formed(upn) and check_letter(upn[1:]) == upn[0]


def make_upn(la_code: int, establishment: int, year: int, serial: int) -> str:
    """A UPN with a valid check letter. ``serial`` is 0–999 (vary ``year`` for more pupils)."""
    if not (0 <= la_code <= 999 and 0 <= establishment <= 9999 and 0 <= serial <= 999):
        raise ValueError("LA code 0–999, establishment 0–9999 and serial 0–999 are needed for a UPN")
    body = f"{la_code:03d}{establishment:04d}{year % 100:02d}{serial:03d}"
    return check_letter(body) + body
