"""Letters wait for approval: office staff prepare them, the attendance lead or head teacher approves (or sends back
with a reason), and only an approved letter is printed, saved, listed for hand delivery or recorded as delivered."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from pypdf import PdfReader
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from attendance_desk.domain.access import Role
from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.letter_approval import LetterState
from attendance_desk.domain.vocabulary import DeliveryMethod
from attendance_desk.services.access import PermissionRefused
from attendance_desk.services.archive import read_document
from attendance_desk.services.chronology import pupil_chronology
from attendance_desk.services.letters.approval import approve_letters, letters_pdf, send_back_letters
from attendance_desk.services.letters.batches import BatchResult, LetterRequest, produce_letters
from attendance_desk.services.letters.data import LetterError
from attendance_desk.services.letters.delivery import (
    hand_delivery_sheet,
    list_letters,
    record_deliveries,
    record_delivery,
)
from attendance_desk.services.recent_contact import recent_contact
from attendance_desk.services.sync.exports import export_communications
from attendance_desk.services.verify import verify_evidence
from attendance_desk.store.append_only import guards_lifted
from attendance_desk.store.engine import Store
from attendance_desk.store.migrate import alembic_config
from attendance_desk.store.models import AuditEntry
from attendance_desk.store.models.letters import LetterApproval
from tests.helpers.accounts import staff_with
from tests.helpers.letters_school import END, STAFF_ID, START, build_school

PERIOD = DateRange(START, END)
TODAY = date(2025, 11, 24)


@pytest.fixture
def school(store: Store) -> dict[str, int]:
    """The letters school (its attendance lead is STAFF_ID) with an office member, a head and the sync account."""
    build_school(store)
    return {
        "lead": STAFF_ID,
        "office": staff_with(store, "Ola Office", Role.OFFICE),
        "head": staff_with(store, "Hana Head", Role.HEAD),
        "sync": staff_with(store, "Scheduled import", Role.MIS_SYNC),
    }


def prepare(store: Store, actor: int, pupils: list[int]) -> BatchResult:
    return produce_letters(store, actor, LetterRequest("attendance_concern", pupils, PERIOD), today=TODAY)


def states(store: Store, actor: int) -> dict[int, LetterState]:
    return {row.id: row.approval.state for row in list_letters(store, actor)}


def decisions(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(LetterApproval)) or 0


def test_office_prepares_lead_approves_then_office_prints_and_records_delivery(
    store: Store, school: dict[str, int]
) -> None:
    office, lead = school["office"], school["lead"]
    prepared = prepare(store, office, [3])
    assert prepared.letters and prepared.awaiting_approval and prepared.pdf == b"", "no PDF before approval"
    ids = [letter.letter_id for letter in prepared.letters]
    assert set(states(store, office).values()) == {LetterState.AWAITING}

    # Nothing leaves the school yet: no print or copy, no log sheet, no delivery, no line in the MIS export.
    with pytest.raises(LetterError, match="awaiting approval"):
        letters_pdf(store, office, ids)
    with pytest.raises(LetterError, match="awaiting approval"):
        hand_delivery_sheet(store, office, ids)
    with pytest.raises(LetterError, match="awaiting approval"):
        record_delivery(store, office, ids[0], DeliveryMethod.FIRST_CLASS, datetime.now(UTC))
    with pytest.raises(LetterError, match="awaiting approval"):
        record_deliveries(store, office, ids, DeliveryMethod.FIRST_CLASS, datetime.now(UTC))
    csv, rows = export_communications(store, office)
    assert rows == 0 and b"Letter:" not in csv
    assert {e.outcome for e in recent_contact(store, office, 3).events} == {"awaiting approval"}
    titles = [e.title for e in pupil_chronology(store, office, 3) if e.kind == "letter"]
    assert titles and all(t.startswith("Letter prepared for approval: ") for t in titles)

    # The wrong person at the keyboard: office staff cannot approve their own letters.
    with pytest.raises(PermissionRefused, match="attendance lead"):
        approve_letters(store, office, ids)
    assert decisions(store) == 0

    assert approve_letters(store, lead, ids) == len(ids)
    listed = {row.id: row for row in list_letters(store, office)}
    assert all(listed[i].approved and "Dana Whitfield" in listed[i].approval.summary for i in ids)
    pdf = letters_pdf(store, office, ids)
    assert pdf == read_document(store, prepared.letters[0].document_id), "the whole document: its archived bytes"
    delivered = record_delivery(store, office, ids[0], DeliveryMethod.FIRST_CLASS, datetime.now(UTC))
    assert delivered.method == DeliveryMethod.FIRST_CLASS
    _csv, rows = export_communications(store, office)
    assert rows == len(ids)
    with store.session() as session:
        actions = set(session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "letter")))
    assert {"prepare", "approve", "copy"} <= actions and "print" not in actions
    kinds = [entry.kind for entry in pupil_chronology(store, office, 3)]
    assert kinds.count("letter_approval") == len(ids)
    assert not [f for f in verify_evidence(store, lead).findings if f.table.startswith("letter")]
    with pytest.raises(DBAPIError, match="append-only"), store.transaction() as session:
        session.execute(text("UPDATE letter_approvals SET decision = 'sent_back'"))  # the database refuses
    with store.transaction() as session, guards_lifted(session):  # as a tool with the triggers dropped would
        session.execute(text("UPDATE letter_approvals SET reason = 'never approved' WHERE id = 1"))
    found = [str(f) for f in verify_evidence(store, lead).findings if f.table == "letter_approvals"]
    assert found and "row 1" in found[0], "each decision is sealed in the audit chain, so verify sees the change"


def test_a_letter_sent_back_says_why_and_can_never_be_printed(store: Store, school: dict[str, int]) -> None:
    office, head = school["office"], school["head"]
    ids = [letter.letter_id for letter in prepare(store, office, [3]).letters]
    with pytest.raises(LetterError, match="say why"):
        send_back_letters(store, head, ids, "   ")
    assert send_back_letters(store, head, ids, "Wrong period: use this term only") == len(ids)
    row = next(r for r in list_letters(store, office) if r.id == ids[0])
    assert row.approval.state is LetterState.SENT_BACK
    assert row.approval.summary == "Sent back by Hana Head: Wrong period: use this term only"
    with pytest.raises(LetterError, match="sent back"):
        letters_pdf(store, office, ids)
    with pytest.raises(LetterError, match="sent back"):
        approve_letters(store, head, ids)  # a decision is final: the office prepares a corrected letter
    assert [r.id for r in list_letters(store, office, state=LetterState.SENT_BACK)] == sorted(ids, reverse=True)
    assert list_letters(store, office, state=LetterState.AWAITING) == []


def test_approving_many_is_all_or_nothing(store: Store, school: dict[str, int]) -> None:
    office, lead = school["office"], school["lead"]
    first = [letter.letter_id for letter in prepare(store, office, [3]).letters]
    second = [letter.letter_id for letter in prepare(store, office, [1]).letters]
    approve_letters(store, lead, first[:1])
    before = decisions(store)
    with pytest.raises(LetterError, match=r"already been approved.*nothing was changed"):
        approve_letters(store, lead, [*second, first[0]])
    with pytest.raises(LetterError, match="no letter 999999"):
        send_back_letters(store, lead, [*second, 999_999], "check the figures")
    assert decisions(store) == before, "one letter that cannot be decided refuses the lot"
    assert approve_letters(store, lead, [*second, *first[1:]]) == len(second) + len(first) - 1
    assert set(states(store, lead).values()) == {LetterState.APPROVED}


def test_letters_made_by_the_lead_or_head_are_approved_as_made(store: Store, school: dict[str, int]) -> None:
    made = prepare(store, school["head"], [3])
    assert made.approved and made.pdf.startswith(b"%PDF")
    with store.session() as session:
        rows = session.scalars(select(LetterApproval)).all()
    assert {(r.staff_id, r.when_made, r.decision) for r in rows} == {(school["head"], True, "approved")}
    assert all("when made" in row.approval.summary for row in list_letters(store, school["office"]))
    with pytest.raises(LetterError, match="already been approved"):
        approve_letters(store, school["lead"], [made.letters[0].letter_id])


def test_some_letters_of_a_batch_are_cut_from_its_pdf(store: Store, school: dict[str, int]) -> None:
    office = school["office"]
    batch = prepare(store, office, [1, 2])
    ids = [letter.letter_id for letter in batch.letters]
    approve_letters(store, school["lead"], ids[:1])
    send_back_letters(store, school["lead"], ids[1:], "not this week")
    pdf = letters_pdf(store, office, ids[:1])
    assert len(PdfReader(BytesIO(pdf)).pages) == batch.letters[0].page_count
    with pytest.raises(LetterError, match="sent back"):
        letters_pdf(store, office, ids)


def test_the_sync_account_may_not_prepare_print_or_list_letters(store: Store, school: dict[str, int]) -> None:
    sync = school["sync"]
    with pytest.raises(PermissionRefused, match="prepare letters"):
        prepare(store, sync, [3])
    made = prepare(store, school["lead"], [3])
    with pytest.raises(PermissionRefused, match="print letters"):
        letters_pdf(store, sync, [made.letters[0].letter_id])
    with pytest.raises(PermissionRefused, match="see pupils' records"):
        list_letters(store, sync)


def test_the_upgrade_approves_letters_made_under_the_old_rule(store: Store, school: dict[str, int]) -> None:
    ids = [letter.letter_id for letter in prepare(store, school["office"], [3]).letters]
    config = alembic_config()
    before = ScriptDirectory.from_config(config).get_revision("0014_approval").down_revision
    assert isinstance(before, str)
    with store.engine.begin() as connection:  # back to the schema before approvals, letters kept, and up again
        config.attributes["connection"] = connection
        command.downgrade(config, before)
        command.upgrade(config, "head")
    rows = {row.id: row for row in list_letters(store, school["lead"])}
    assert all(rows[i].approval.state is LetterState.APPROVED and rows[i].approval.when_made for i in ids)
    assert all(rows[i].approval.staff == "Ola Office" for i in ids), "approved by their maker, at their making"
