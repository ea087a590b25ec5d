"""Find anyone fast: pupils and their parents by name, UPN, phone number or email (Ctrl+F on every page).

A parent found leads to their children on roll: the result is always a pupil to open, with the reason it matched
(so "07700 900201" shows "Bea Birch (mother), mobile"). Phone numbers match on their digits, whatever the
spacing, and a number given with +44 matches one held with a leading 0.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select

from attendance_desk.domain.access import Permission
from attendance_desk.domain.names import pupil_display_name as display_name
from attendance_desk.services.access import require
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, Pupil, PupilContact

MAX_RESULTS = 50
MIN_DIGITS = 4  # fewer digits than this would match half the school's phone numbers


@dataclass(frozen=True, slots=True)
class SearchHit:
    pupil_id: int
    pupil_name: str
    upn: str
    year_group: str
    reg_group: str
    matched: str
    """Why this pupil is listed, in words: "name", "UPN", or the parent and what of theirs matched."""
    on_roll: bool


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return "0" + digits[2:] if digits.startswith("44") and len(digits) > 10 else digits


def _phone_digits(column: Any) -> Any:
    """The digits of a phone column (spaces, dashes, brackets and a leading + removed) in SQL."""
    expression = column
    for character in (" ", "-", "(", ")", "+", "."):
        expression = func.replace(expression, character, "")
    return expression


def search_people(store: Store, actor_id: int | None, text: str, limit: int = MAX_RESULTS) -> list[SearchHit]:
    """Pupils whose name or UPN match ``text``, and the children of parents whose name, phone or email match.

    Pupils on roll come first, then by surname. Every word of a name query must match (in any name field).
    """
    query = text.strip()
    if not query:
        return []
    hits: dict[int, SearchHit] = {}
    with store.session() as session:
        require(session, actor_id, Permission.READ_PUPILS)
        pupil_columns = (
            Pupil.id,
            Pupil.preferred_forename,
            Pupil.legal_forename,
            Pupil.preferred_surname,
            Pupil.legal_surname,
            Pupil.upn,
            Pupil.year_group,
            Pupil.reg_group,
            Pupil.leaving_date,
        )

        def add(row: Sequence[Any], matched: str) -> None:
            pid, pf, lf, ps, ls, upn, year, group, left = row
            if pid not in hits:
                hits[pid] = SearchHit(pid, display_name(pf, lf, ps, ls), upn, year, group, matched, left is None)

        words = [w.casefold() for w in query.split()]
        name_fields = (Pupil.legal_forename, Pupil.preferred_forename, Pupil.legal_surname, Pupil.preferred_surname)
        pupil_name = [or_(*(func.lower(f).contains(w) for f in name_fields)) for w in words]
        for row in session.execute(select(*pupil_columns).where(*pupil_name).limit(limit)):
            add(row, "name")
        for row in session.execute(select(*pupil_columns).where(func.upper(Pupil.upn).contains(query.upper()))):
            add(row, "UPN")

        contact_conditions = []
        contact_name = [
            or_(func.lower(Contact.forename).contains(w), func.lower(Contact.surname).contains(w)) for w in words
        ]
        contact_conditions.append(("name", contact_name))
        if "@" in query:
            contact_conditions.append(("email", [func.lower(Contact.email).contains(query.casefold())]))
        digits = _digits(query)
        if len(digits) >= MIN_DIGITS and len(digits) >= len(re.sub(r"[\s()+.-]", "", query)) - 1:
            phones = (Contact.phone_mobile, Contact.phone_home, Contact.phone_work)
            contact_conditions.append(("phone", [or_(*(_phone_digits(p).contains(digits) for p in phones))]))
        for what, conditions in contact_conditions:
            rows = session.execute(
                select(*pupil_columns, Contact.forename, Contact.surname, PupilContact.relationship_to_pupil)
                .join(PupilContact, PupilContact.pupil_id == Pupil.id)
                .join(Contact, Contact.id == PupilContact.contact_id)
                .where(*conditions)
                .limit(limit)
            )
            for found in rows:
                forename, surname, relationship = str(found[-3]), str(found[-2]), str(found[-1] or "")
                who = f"{forename} {surname}".strip()
                add(tuple(found)[:-3], f"{who} ({relationship.lower()}), {what}" if relationship else f"{who}, {what}")
    ordered = sorted(hits.values(), key=lambda h: (not h.on_roll, h.pupil_name.split(" ")[-1].casefold(), h.pupil_name))
    return ordered[:limit]
