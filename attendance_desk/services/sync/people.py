"""Applying a pupils or contacts export as a difference.

Pupils: new UPNs are added, changed details updated (each change kept in the audit log), leavers noted. A pupil
missing from the file is *not* deleted (their casework is evidence); the report lists them as no longer in the
MIS file, and a later marks import warns about marks for them. Only the fields the file supplies are compared,
so an export without (say) the SEN column never clears it.

Contacts: contacts are matched on the MIS contact id, links on pupil and contact. A pupil in the file whose link
to a contact is no longer there loses that link; the contact person is kept, since calls and letters name them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from attendance_desk.services.sync.results import ImportContext
from attendance_desk.store.audit import record_change, snapshot
from attendance_desk.store.models import Contact, Pupil, PupilContact
from attendance_desk.sync.canonical import DateParser, read_records
from attendance_desk.sync.textfile import TableReader

CONTACT_FIELDS = (
    "title",
    "forename",
    "surname",
    "address_line1",
    "address_line2",
    "address_line3",
    "town",
    "county",
    "postcode",
    "phone_home",
    "phone_mobile",
    "phone_work",
    "email",
)
LINK_FIELDS = {
    "relationship": "relationship_to_pupil",
    "priority": "priority",
    "parental_responsibility": "parental_responsibility",
    "lives_with_pupil": "lives_with_pupil",
    "court_order_restriction": "court_order_restriction",
}
LISTED = 500  # names kept in a report list; the count is always complete
GONE_SHARE_NEEDING_AGREEMENT = 0.2  # a pupils file leaving out more than a fifth of the roll is suspicious


def _progress(context: ImportContext) -> Any:
    if context.progress is None:
        return None
    counter = {"rows": 0}

    def on_row(table: TableReader) -> None:
        counter["rows"] += 1
        if counter["rows"] % 256 == 0:
            context.progress(table.bytes_read, table.total_bytes)  # type: ignore[misc]

    return on_row


def _same_admission_number(stored: str, incoming: str) -> bool:
    return stored.lstrip("0") == incoming.lstrip("0")


def import_pupils(context: ImportContext) -> None:
    session, issues, result = context.session, context.issues, context.result
    existing = {p.upn: p for p in session.scalars(select(Pupil))}
    seen: dict[str, int] = {}
    records: list[tuple[int, dict[str, Any]]] = []
    rows = read_records(
        context.path, "pupils", issues, DateParser(), context.profile, _progress(context), context.encoding
    )
    for line, record in rows:
        _check_birth_date(context, line, record)
        upn = record["upn"]
        if upn in seen:
            issues.error(line, "upn", upn, f"appears twice in the file (also on line {seen[upn]})")
            continue
        seen[upn] = line
        if (
            record.get("leaving_date")
            and record.get("admission_date")
            and (record["leaving_date"] < record["admission_date"])
        ):
            issues.error(line, "leaving_date", str(record["leaving_date"]), "is before the admission date")
            continue
        records.append((line, record))
    if issues.error_count or not _gone_agreed(context, existing, seen):
        return
    new_pupils, leavers = [], []
    for _line, record in records:
        pupil = existing.get(record["upn"])
        if pupil is None:
            pupil = Pupil(**record)
            session.add(pupil)
            result.count("pupils", inserted=1)
            new_pupils.append([pupil.upn, pupil.display_name])
            continue
        differences = {k: v for k, v in record.items() if getattr(pupil, k) != v}
        if "admission_number" in differences and _same_admission_number(
            pupil.admission_number, record["admission_number"]
        ):
            del differences["admission_number"]  # Excel dropped the leading zeros; the stored number is right
        if not differences:
            result.count("pupils", unchanged=1)
            continue
        before = snapshot(pupil, tuple(differences))
        for key, value in differences.items():
            setattr(pupil, key, value)
        if "leaving_date" in differences and pupil.leaving_date is not None:
            leavers.append([pupil.upn, pupil.display_name, pupil.leaving_date.isoformat()])
        session.flush()
        record_change(
            session,
            actor_id=context.actor_id,
            action="update",
            entity="pupil",
            entity_id=pupil.id,
            before=before,
            after=snapshot(pupil, tuple(differences)),
            reason=f"MIS import {context.batch.id}",
        )
        result.count("pupils", updated=1)
    session.flush()
    gone = sorted((p for upn, p in existing.items() if upn not in seen), key=lambda p: p.upn)
    result.report.update(
        new_pupils=new_pupils[:LISTED],
        leavers=leavers[:LISTED],
        not_in_file=[[p.upn, p.display_name] for p in gone[:LISTED]],
        not_in_file_count=len(gone),
        not_in_file_ids=[p.id for p in gone],
    )


def _check_birth_date(context: ImportContext, line: int, record: dict[str, Any]) -> None:
    """A date of birth that makes the pupil younger than 2 or older than 25 today is a warning."""
    born: date | None = record.get("date_of_birth")
    if born is None:
        return
    today = context.today
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age < 2 or age > 25:
        context.issues.warning(
            line,
            "date_of_birth",
            f"{born:%d/%m/%Y}",
            f"makes the pupil {max(age, 0)} years old today; check it (pupils are 2 to 25)",
        )


def _gone_agreed(context: ImportContext, existing: dict[str, Pupil], seen: dict[str, int]) -> bool:
    """A file with no pupils, or leaving out more than a fifth of the pupils on roll, needs the user's agreement."""
    today = context.today
    on_roll = [p for p in existing.values() if p.leaving_date is None or p.leaving_date >= today]
    gone = [p for p in on_roll if p.upn not in seen]
    if not gone:
        return True
    if seen and len(gone) <= GONE_SHARE_NEEDING_AGREEMENT * len(on_roll):
        return True
    context.result.gone_pupil_ids = sorted(p.id for p in gone)
    if all(context.agreed(p.id) for p in gone):
        return True
    what = "holds no pupils" if not seen else f"leaves out {len(gone)} of the {len(on_roll)} pupils on roll"
    context.result.needs_agreement = f"the file {what}; they would be listed as no longer in the MIS"
    advice = (
        "check it is the whole-school export; if it is, agree when the app asks, or import again with "
        "--allow-removals on the command line"
        if isinstance(context.allow_removals, bool)
        else "the file or the database changed since you agreed; check again"
    )
    context.issues.error(0, "", "", f"{context.result.needs_agreement}: {advice}")
    context.result.report.update(not_in_file=[[p.upn, p.display_name] for p in gone[:LISTED]])
    return False


def import_contacts(context: ImportContext) -> None:
    session, issues, result = context.session, context.issues, context.result
    pupils = list(session.execute(select(Pupil.upn, Pupil.admission_number, Pupil.id)).all())
    by_upn = {upn: pupil_id for upn, _a, pupil_id in pupils}
    by_admission = {adno.lstrip("0") or "0": pupil_id for _u, adno, pupil_id in pupils if adno}
    contacts = {c.mis_id: c for c in session.scalars(select(Contact))}
    links = {(link.pupil_id, link.contact_id): link for link in session.scalars(select(PupilContact))}
    rows: list[tuple[int, int, dict[str, Any]]] = []
    details_seen: dict[str, tuple[int, dict[str, str]]] = {}
    for line, record in read_records(
        context.path, "contacts", issues, DateParser(), context.profile, _progress(context), context.encoding
    ):
        if record.get("upn"):
            pupil_id, column, value = by_upn.get(record["upn"]), "upn", record["upn"]
        else:
            value = record["admission_number"]
            pupil_id, column = by_admission.get(value.lstrip("0") or "0"), "admission_number"
        if pupil_id is None:
            issues.error(line, column, value, "is not a pupil known to Attendance Desk (import pupils first)")
            continue
        details = {k: record[k] for k in CONTACT_FIELDS if k in record}
        earlier = details_seen.get(record["contact_id"])
        if earlier is not None and earlier[1] != details:
            field = next(k for k in details if earlier[1].get(k) != details.get(k))
            issues.error(
                line,
                field,
                str(details.get(field, "")),
                f"differs from line {earlier[0]} for the same contact '{record['contact_id']}'",
            )
            continue
        details_seen.setdefault(record["contact_id"], (line, details))
        rows.append((line, pupil_id, record))
    if issues.error_count:
        return
    done_contacts: set[str] = set()
    kept_links: set[tuple[int, int]] = set()
    for _line, pupil_id, record in rows:
        contact = _apply_contact(context, contacts, record, done_contacts)
        wanted = {attr: record[name] for name, attr in LINK_FIELDS.items() if name in record}
        link = links.get((pupil_id, contact.id))
        kept_links.add((pupil_id, contact.id))
        if link is None:
            link = PupilContact(pupil_id=pupil_id, contact_id=contact.id, **wanted)
            session.add(link)
            links[(pupil_id, contact.id)] = link
            result.count("links", inserted=1)
            continue
        differences = {k: v for k, v in wanted.items() if getattr(link, k) != v}
        if not differences:
            result.count("links", unchanged=1)
            continue
        before = snapshot(link, tuple(differences))
        for key, value in differences.items():
            setattr(link, key, value)
        record_change(
            session,
            actor_id=context.actor_id,
            action="update",
            entity="pupil_contact",
            entity_id=link.id,
            before=before,
            after=snapshot(link, tuple(differences)),
            reason=f"MIS import {context.batch.id}",
        )
        result.count("links", updated=1)
    pupils_in_file = {pupil_id for _l, pupil_id, _r in rows}
    for link_key, link in links.items():
        if link_key[0] in pupils_in_file and link_key not in kept_links and link.id is not None:
            record_change(
                session,
                actor_id=context.actor_id,
                action="delete",
                entity="pupil_contact",
                entity_id=link.id,
                before=snapshot(link),
                reason=f"MIS import {context.batch.id}",
            )
            session.delete(link)
            result.count("links", removed=1)
    session.flush()


def _apply_contact(
    context: ImportContext, contacts: dict[str, Contact], record: dict[str, Any], done: set[str]
) -> Contact:
    mis_id = record["contact_id"]
    details = {k: record[k] for k in CONTACT_FIELDS if k in record}
    contact = contacts.get(mis_id)
    if contact is None:
        contact = Contact(mis_id=mis_id, **details)
        context.session.add(contact)
        context.session.flush()
        contacts[mis_id] = contact
        done.add(mis_id)
        context.result.count("contacts", inserted=1)
        return contact
    if mis_id in done:
        return contact
    done.add(mis_id)
    differences = {k: v for k, v in details.items() if getattr(contact, k) != v}
    if not differences:
        context.result.count("contacts", unchanged=1)
        return contact
    before = snapshot(contact, tuple(differences))
    for key, value in differences.items():
        setattr(contact, key, value)
    record_change(
        context.session,
        actor_id=context.actor_id,
        action="update",
        entity="contact",
        entity_id=contact.id,
        before=before,
        after=snapshot(contact, tuple(differences)),
        reason=f"MIS import {context.batch.id}",
    )
    context.result.count("contacts", updated=1)
    return contact
