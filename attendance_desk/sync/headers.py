"""Column names as SIMS, Arbor, Bromcom and ScholarPack report writers produce them, mapped onto our fields.

Headers are compared in a normalised form (lower case, punctuation as spaces, single spaces), so
``Legal Surname``, ``legal_surname`` and ``LEGAL-SURNAME`` are the same. For each field the synonyms are tried in
order and each header is used at most once, so ``Contact Forename`` wins over a bare ``Forename`` in a contacts
file when both are present.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from attendance_desk.sync.dates import DateCache, DateProblem

_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise(header: str) -> str:
    return _NON_WORD.sub(" ", header.casefold()).strip()


def _names(*names: str) -> tuple[str, ...]:
    return tuple(normalise(n) for n in names)


_PUPIL_ID = {
    "upn": _names("upn", "unique pupil number", "pupil upn", "student upn", "learner upn"),
    "admission_number": _names(
        "admission number",
        "admission no",
        "adno",
        "adm no",
        "admission num",
        "admno",
        "student admission number",
        "pupil admission number",
    ),
}

SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "pupils": {
        **_PUPIL_ID,
        "legal_surname": _names(
            "legal surname",
            "surname",
            "last name",
            "family name",
            "legal last name",
            "student surname",
            "pupil surname",
        ),
        "legal_forename": _names(
            "legal forename",
            "forename",
            "first name",
            "given name",
            "legal first name",
            "student forename",
            "pupil forename",
        ),
        "middle_names": _names("middle names", "middle name", "middle names legal"),
        "preferred_surname": _names("preferred surname", "preferred last name"),
        "preferred_forename": _names("preferred forename", "preferred name", "preferred first name", "known as"),
        "date_of_birth": _names("date of birth", "dob", "birth date", "birthdate"),
        "sex": _names("sex", "gender"),
        "year_group": _names(
            "year group", "year", "nc year", "ncyear", "nc year actual", "ncyearactual", "curriculum year", "yr"
        ),
        "reg_group": _names(
            "reg group",
            "registration group",
            "registration form",
            "reg form",
            "form",
            "tutor group",
            "form group",
            "class",
            "registration class",
        ),
        "admission_date": _names("admission date", "date of admission", "entry date", "start date", "doa"),
        "leaving_date": _names("leaving date", "date of leaving", "leave date", "end date", "dol"),
        "sen_support": _names("sen support", "sen", "sen status", "send support"),
        "ehcp": _names("ehcp", "ehc plan", "education health and care plan"),
        "fsm": _names("fsm", "free school meals", "fsm eligible", "fsm eligibility"),
        "pupil_premium": _names("pupil premium", "pp", "pupil premium eligible"),
        "eal": _names("eal", "english as an additional language"),
        "looked_after": _names("looked after", "looked after child", "lac", "cla", "in care"),
        "child_in_need": _names("child in need", "cin"),
        "child_protection_plan": _names("child protection plan", "cp plan", "cpp", "child protection"),
        "young_carer": _names("young carer"),
        "social_worker_name": _names("social worker name", "social worker"),
        "social_worker_phone": _names("social worker phone", "social worker telephone"),
        "social_worker_email": _names("social worker email"),
        "medical_note": _names("medical note", "medical notes", "medical conditions", "medical condition", "medical"),
    },
    "contacts": {
        **_PUPIL_ID,
        "contact_id": _names(
            "contact id",
            "person id",
            "contact person id",
            "parent id",
            "contact ref",
            "contact reference",
            "contact number",
            "guardian id",
        ),
        "title": _names("title", "contact title"),
        "forename": _names("forename", "contact forename", "contact first name", "first name", "parent forename"),
        "surname": _names("surname", "contact surname", "contact last name", "last name", "parent surname"),
        "relationship": _names(
            "relationship",
            "relationship to student",
            "relationship to pupil",
            "relation",
            "contact relationship",
        ),
        "priority": _names("priority", "contact priority", "contact order", "order", "priority order"),
        "parental_responsibility": _names(
            "parental responsibility",
            "responsibility",
            "has parental responsibility",
            "pr",
        ),
        "lives_with_pupil": _names("lives with pupil", "lives with student", "lives with", "resides with pupil"),
        "court_order_restriction": _names(
            "court order restricted access",
            "court order restriction",
            "court order",
            "restricted access",
        ),
        "address_line1": _names("address line1", "address line 1", "address 1", "address1", "street", "address"),
        "address_line2": _names("address line2", "address line 2", "address 2", "address2", "locality"),
        "address_line3": _names("address line3", "address line 3", "address 3", "address3"),
        "town": _names("town", "city", "town city", "post town"),
        "county": _names("county"),
        "postcode": _names("postcode", "post code", "postal code", "zip"),
        "phone_home": _names(
            "phone home", "home telephone", "home phone", "telephone home", "main telephone", "telephone"
        ),
        "phone_mobile": _names("phone mobile", "mobile", "mobile phone", "mobile number", "mobile telephone"),
        "phone_work": _names("phone work", "work telephone", "work phone", "telephone work"),
        "email": _names(
            "email",
            "email address",
            "primary email",
            "main email",
            "home email",
            "personal email",
            "contact home email",
        ),
    },
    "marks": {
        **_PUPIL_ID,
        "date": _names("date", "session date", "attendance date", "register date"),
        "session": _names("session", "session name", "am pm", "ampm", "period"),
        "code": _names("code", "mark", "attendance mark", "attendance code", "session mark"),
        "minutes_late": _names("minutes late", "mins late", "late minutes", "minutes", "late mins"),
    },
}

# The pupil may be named by UPN or admission number in contacts and marks files; the pupils file needs a UPN.
REQUIRED: dict[str, tuple[str, ...]] = {
    "pupils": ("upn", "legal_surname", "legal_forename", "date_of_birth", "year_group"),
    "contacts": ("contact_id", "forename", "surname"),
    "marks": ("date", "session", "code"),
}
PUPIL_KEYS = ("upn", "admission_number")

_GRID_HEADER = re.compile(
    r"^(?:[A-Za-z]{3,9}[,.]?\s+)?(?P<date>\d[\w/.\- ]*?\w)[\s:_\-(\[]*(?P<session>AM|PM|A|P)[)\]]?$",
    re.IGNORECASE | re.ASCII,
)


def auto_map(kind: str, header: Sequence[str]) -> dict[str, int]:
    """field → column position, from the synonyms. Fields with no matching header are left out."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for index, name in enumerate(header):
        first.setdefault(normalise(name), index)
        last[normalise(name)] = index

    def position(field: str, name: str) -> int | None:
        # A contacts export often repeats "Forename"/"Surname": the pupil's come first, the contact's after.
        table = last if kind == "contacts" and field not in PUPIL_KEYS else first
        return table.get(name)

    used: set[int] = set()
    mapping: dict[str, int] = {}
    # Exact field names first, so a canonical file never loses a column to a looser synonym.
    for field in SYNONYMS[kind]:
        found = position(field, normalise(field))
        if found is not None and found not in used:
            mapping[field] = found
            used.add(found)
    for field, names in SYNONYMS[kind].items():
        if field in mapping:
            continue
        for name in names:
            found = position(field, name)
            if found is not None and found not in used:
                mapping[field] = found
                used.add(found)
                break
    return mapping


def grid_columns(header: Sequence[str], dates: DateCache) -> list[tuple[int, str, str]]:
    """``(position, ISO date, AM|PM)`` for each header naming a session, e.g. ``Mon 02/09/2024 AM``."""
    found = []
    for index, name in enumerate(header):
        match = _GRID_HEADER.match(name.strip())
        if not match:
            continue
        try:
            iso = dates.iso(match["date"])
        except DateProblem:
            continue
        found.append((index, iso, "AM" if match["session"].upper().startswith("A") else "PM"))
    return found


# A header that mentions a date or a session: if it is not a session column we can read, it is a mistake rather
# than an extra column (dropping it would silently lose that session's marks).
_LOOKS_LIKE_DATE = re.compile(
    r"\d{1,4}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,4}|\b\d{1,2}(?:st|nd|rd|th)?[\s\-]+[A-Za-z]{3,9}[\s\-,]+\d{2,4}\b",
    re.ASCII,
)
_LOOKS_LIKE_SESSION = re.compile(r"\b(?:am|pm|morning|afternoon)\b", re.IGNORECASE | re.ASCII)


def unreadable_session_headers(header: Sequence[str], used: set[int]) -> list[tuple[int, str]]:
    """``(position, header)`` of columns outside ``used`` whose header names a date, or a session next to a
    number, but could not be read as one session (``Mon 16/11/2026 Afternoon``, ``31/02/2026 PM``)."""
    found = []
    for index, name in enumerate(header):
        if index in used or not name.strip():
            continue
        named_date = _LOOKS_LIKE_DATE.search(name)
        named_session = _LOOKS_LIKE_SESSION.search(name) and any(char.isdigit() for char in name)
        if named_date or named_session:
            found.append((index, name))
    return found


def missing_required(kind: str, mapping: dict[str, int], *, grid: bool = False) -> list[str]:
    """The required fields the mapping does not supply (grid marks need only a pupil key)."""
    missing = [] if grid else [f for f in REQUIRED[kind] if f not in mapping]
    if kind != "pupils" and not any(key in mapping for key in PUPIL_KEYS):
        missing.insert(0, "upn")
    return missing
