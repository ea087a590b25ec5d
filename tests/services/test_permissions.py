"""Each permission, allowed and refused, at the service level (the UI only hides; the services decide).

Every restricted service calls ``services.access.require``; these tests call real services as the right person and
as the wrong one, and check that a refusal names who can do it and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from attendance_desk.domain.access import MATRIX, Permission, Role, who_can
from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.calling.escalation import DEFAULT_STEPS
from attendance_desk.domain.vocabulary import DeliveryMethod
from attendance_desk.services import accounts, chronology, figures, pupils, recent_contact, retention, school, search
from attendance_desk.services import staff as staff_service
from attendance_desk.services.access import PermissionRefused
from attendance_desk.services.calling import concerns, followups, worklist
from attendance_desk.services.calling import settings as calling_settings
from attendance_desk.services.casework import plans, printing
from attendance_desk.services.casework import stages as casework
from attendance_desk.services.demo.school import demo_image
from attendance_desk.services.letters import approval, delivery
from attendance_desk.services.letters.batches import LetterRequest, prepare_letters, produce_letters
from attendance_desk.services.reports import analysis, lists, return_records, returns
from attendance_desk.services.sync import exports
from attendance_desk.services.sync.exports import export_communications
from attendance_desk.services.verify import verify_evidence
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AuditEntry
from tests.helpers.accounts import staff_with
from tests.helpers.casework_seed import seed_pupil
from tests.helpers.letters_school import END, STAFF_ID, START, build_school

Call = Callable[[Store, int], object]


def _with_pupil(store: Store) -> None:
    seed_pupil(store, 90)


def _legal_stage(store: Store, actor: int) -> object:
    legal = next(stage for stage in casework.load_stages(store) if stage.legal)
    return casework.change_stage(store, actor, 1, legal.key, date(2025, 10, 1), "Notice period ended")


def _with_signature(store: Store) -> None:
    build_school(store, signature=demo_image("signature.png"))


def _head_signature(store: Store, actor: int) -> object:
    supplied = {"leave.start": "9 March 2026", "leave.end": "13 March 2026", "leave.return_due": "16 March 2026"}
    return prepare_letters(store, actor, LetterRequest("leave_authorised", [1], DateRange(START, END), supplied))


def _letters_school(store: Store) -> None:
    build_school(store)


def _awaiting_letter(store: Store) -> None:
    """Letter 1, prepared by office staff: awaiting approval."""
    build_school(store)
    office = staff_with(store, "Ola Office", Role.OFFICE)
    produce_letters(store, office, LetterRequest("attendance_concern", [3], DateRange(START, END)))


def _approved_letter(store: Store) -> None:
    """Letter 1, made (and so approved) by the attendance lead."""
    build_school(store)
    produce_letters(store, STAFF_ID, LetterRequest("attendance_concern", [3], DateRange(START, END)))


def _prepare(store: Store, actor: int) -> object:
    return produce_letters(store, actor, LetterRequest("attendance_concern", [3], DateRange(START, END)))


def _deliver(store: Store, actor: int) -> object:
    return delivery.record_delivery(store, actor, 1, DeliveryMethod.FIRST_CLASS, datetime.now(UTC))


AUTUMN = DateRange(date(2025, 9, 1), date(2025, 12, 19))

CASES: list[tuple[str, Call, Role, Role]] = [
    ("school settings", lambda s, a: school.save_school(s, a, replace(school.load_school(s), name="Oak Primary")),
     Role.ADMIN, Role.HEAD),
    ("add staff", lambda s, a: staff_service.add_staff(s, a, name="New Person"), Role.ADMIN, Role.OFFICE),
    ("escalation steps", lambda s, a: calling_settings.save_steps(s, a, list(DEFAULT_STEPS)), Role.ATTENDANCE_LEAD,
     Role.OFFICE),
    ("follow-up task", lambda s, a: followups.add_task(s, a, title="Ring again", due_on=date(2026, 9, 1)),
     Role.OFFICE, Role.MIS_SYNC),
    ("close tasks in bulk", lambda s, a: followups.complete_tasks(s, a, [1, 2]), Role.OFFICE, Role.MIS_SYNC),
    ("read concerns", lambda s, a: concerns.dsl_list(s, a), Role.DSL, Role.ATTENDANCE_LEAD),
    ("read concerns (head)", lambda s, a: concerns.dsl_list(s, a), Role.HEAD, Role.OFFICE),
    ("export", lambda s, a: export_communications(s, a, date(2026, 9, 1), date(2026, 9, 30)), Role.MIS_SYNC,
     Role.SIGNATURE_DELEGATE),
    ("retention report", lambda s, a: retention.records_due(s, a), Role.ADMIN, Role.HEAD),
    ("verify", lambda s, a: verify_evidence(s, a), Role.OFFICE, Role.MIS_SYNC),
    ("legal stage", _legal_stage, Role.ATTENDANCE_LEAD, Role.DSL),
    ("legal stage (head)", _legal_stage, Role.HEAD, Role.OFFICE),
    ("head's signature", _head_signature, Role.HEAD, Role.ATTENDANCE_LEAD),
    ("head's signature (delegate)", _head_signature, Role.SIGNATURE_DELEGATE, Role.OFFICE),
    # Reading pupils' records: everyone but the scheduled-sync account (and a signing delegate with no other role).
    ("pupil list", lambda s, a: pupils.list_pupils(s, a), Role.OFFICE, Role.MIS_SYNC),
    ("pupil list (administrator)", lambda s, a: pupils.list_pupils(s, a), Role.ADMIN, Role.SIGNATURE_DELEGATE),
    ("pupil detail", lambda s, a: pupils.pupil_detail(s, a, 1), Role.ATTENDANCE_LEAD, Role.MIS_SYNC),
    ("pupil register", lambda s, a: pupils.register_weeks(s, a, 1, AUTUMN), Role.DSL, Role.MIS_SYNC),
    ("pupil figures", lambda s, a: pupils.pupil_figures_pair(s, a, 1, AUTUMN), Role.HEAD, Role.MIS_SYNC),
    ("school figures", lambda s, a: figures.school_figures(s, a, AUTUMN), Role.OFFICE, Role.MIS_SYNC),
    ("search", lambda s, a: search.search_people(s, a, "Test"), Role.OFFICE, Role.MIS_SYNC),
    ("recent contact", lambda s, a: recent_contact.recent_contact(s, a, 1), Role.OFFICE, Role.MIS_SYNC),
    ("chronology", lambda s, a: chronology.pupil_chronology(s, a, 1), Role.DSL, Role.MIS_SYNC),
    ("casework chronology", lambda s, a: printing.chronology_for(s, a, 1), Role.ATTENDANCE_LEAD, Role.MIS_SYNC),
    ("bands report", lambda s, a: lists.bands_list(s, a, AUTUMN.end), Role.HEAD, Role.MIS_SYNC),
    ("threshold report", lambda s, a: lists.threshold_list(s, a, AUTUMN), Role.OFFICE, Role.MIS_SYNC),
    ("patterns report", lambda s, a: lists.patterns_list(s, a, AUTUMN), Role.OFFICE, Role.MIS_SYNC),
    ("returns report", lambda s, a: returns.returns_list(s, a, AUTUMN), Role.OFFICE, Role.MIS_SYNC),
    ("return records", lambda s, a: return_records.return_records(s, a), Role.OFFICE, Role.MIS_SYNC),
    ("trend report", lambda s, a: analysis.trend_list(s, a, AUTUMN.end), Role.OFFICE, Role.MIS_SYNC),
    ("letters made", lambda s, a: delivery.list_letters(s, a), Role.OFFICE, Role.MIS_SYNC),
    ("worklist", lambda s, a: worklist.build_worklist(s, a, AUTUMN.start), Role.OFFICE, Role.MIS_SYNC),
    ("follow-up tasks", lambda s, a: followups.follow_ups(s, a, AUTUMN.start), Role.OFFICE, Role.MIS_SYNC),
    ("medical plans", lambda s, a: plans.medical_plans(s, a, 1), Role.DSL, Role.MIS_SYNC),
    ("stage history", lambda s, a: casework.stage_history(s, a, 1), Role.OFFICE, Role.MIS_SYNC),
    ("review list", lambda s, a: casework.review_list(s, a, AUTUMN.end), Role.ATTENDANCE_LEAD, Role.MIS_SYNC),
    ("changes to key in", lambda s, a: exports.changes_to_key_in(s, a), Role.MIS_SYNC, Role.SIGNATURE_DELEGATE),
    # Letters: office staff prepare, the attendance lead or head approves, anyone but the sync account prints the
    # approved ones and records their delivery.
    ("prepare letters", _prepare, Role.OFFICE, Role.MIS_SYNC),
    ("approve letters", lambda s, a: approval.approve_letters(s, a, [1]), Role.ATTENDANCE_LEAD, Role.OFFICE),
    ("approve letters (head)", lambda s, a: approval.approve_letters(s, a, [1]), Role.HEAD, Role.DSL),
    ("send back letters", lambda s, a: approval.send_back_letters(s, a, [1], "wrong dates"), Role.HEAD,
     Role.OFFICE),
    ("read a letter on screen", lambda s, a: approval.letter_to_read(s, a, 1), Role.OFFICE, Role.MIS_SYNC),
    ("print approved letters", lambda s, a: approval.letters_pdf(s, a, [1]), Role.OFFICE, Role.MIS_SYNC),
    ("record delivery", _deliver, Role.OFFICE, Role.MIS_SYNC),
    ("hand-delivery log", lambda s, a: delivery.hand_delivery_sheet(s, a, [1]), Role.OFFICE, Role.ADMIN),
]  # fmt: skip


def _audit_count(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry).where(~AuditEntry.entity.like("row:%"))) or 0


SETUP: dict[str, Callable[[Store], None]] = {
    "legal stage": _with_pupil,
    "legal stage (head)": _with_pupil,
    "head's signature": _with_signature,
    "head's signature (delegate)": _with_signature,
    "pupil detail": _with_pupil,
    "medical plans": _with_pupil,
    "stage history": _with_pupil,
    "pupil register": _with_pupil,
    "pupil figures": _with_pupil,
    "recent contact": _with_pupil,
    "chronology": _with_pupil,
    "casework chronology": _letters_school,
    "prepare letters": _letters_school,
    "approve letters": _awaiting_letter,
    "approve letters (head)": _awaiting_letter,
    "send back letters": _awaiting_letter,
    "read a letter on screen": _awaiting_letter,
    "print approved letters": _approved_letter,
    "record delivery": _approved_letter,
    "hand-delivery log": _approved_letter,
}


@pytest.mark.parametrize(("name", "call", "allowed", "refused"), CASES, ids=[c[0] for c in CASES])
def test_allowed_and_refused(store: Store, name: str, call: Call, allowed: Role, refused: Role) -> None:
    if name in SETUP:
        SETUP[name](store)
    wrong = staff_with(store, "Wrong Person", refused)
    before = _audit_count(store)
    with pytest.raises(PermissionRefused) as refusal:
        call(store, wrong)
    assert str(refusal.value).startswith("Only ") and ROLE_WORDS[allowed] in str(refusal.value)
    assert _audit_count(store) == before, "a refused action changes nothing"
    right = staff_with(store, "Right Person", allowed)
    call(store, right)  # no refusal


ROLE_WORDS = {
    Role.OFFICE: "office staff",
    Role.ATTENDANCE_LEAD: "attendance lead",
    Role.DSL: "safeguarding lead",
    Role.HEAD: "head teacher",
    Role.ADMIN: "administrator",
    Role.SIGNATURE_DELEGATE: "asked to sign",
    Role.MIS_SYNC: "office staff",  # the sync account is not named; the roles it shares with people are
}


def test_nobody_signed_in_is_refused_and_told_to_sign_in(store: Store) -> None:
    with pytest.raises(PermissionRefused, match="Please sign in first"):
        followups.add_task(store, None, title="Ring", due_on=date(2026, 9, 1))


def test_an_inactive_member_holds_no_roles(store: Store) -> None:
    admin = staff_with(store, "Ada Admin", Role.ADMIN)
    gone = staff_with(store, "Gone Head", Role.HEAD)
    staff_service.set_active(store, admin, gone, False)
    with pytest.raises(PermissionRefused):
        concerns.dsl_list(store, gone)


def test_only_the_head_delegates_signing_and_it_is_recorded(store: Store) -> None:
    head = staff_with(store, "Hana Head", Role.HEAD)
    lead = staff_with(store, "Lee Lead", Role.ATTENDANCE_LEAD)
    with pytest.raises(PermissionRefused, match="let someone else sign"):
        accounts.delegate_signing(store, lead, lead, allowed=True)
    accounts.delegate_signing(store, head, lead, allowed=True, reason="while the head is away")
    assert Role.SIGNATURE_DELEGATE in accounts.further_roles(store, lead)
    with store.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "roles")).one()
    assert entry.staff_id == head and entry.after == {"roles": ["signature_delegate"]}


def test_an_administrator_cannot_grant_signing_by_changing_roles(store: Store) -> None:
    admin = staff_with(store, "Ada Admin", Role.ADMIN)
    lead = staff_with(store, "Lee Lead", Role.ATTENDANCE_LEAD)
    accounts.set_roles(store, admin, lead, [Role.DSL, Role.SIGNATURE_DELEGATE])
    assert accounts.further_roles(store, lead) == {Role.DSL}


def test_active_names_are_unique_whatever_the_case(store: Store) -> None:
    admin = staff_with(store, "Ada Admin", Role.ADMIN)
    staff_service.add_staff(store, admin, name="Pat Office")
    with pytest.raises(staff_service.StaffError, match="already an active staff member"):
        staff_service.add_staff(store, admin, name="pat  office")


def test_every_permission_has_someone_who_can_and_a_sentence() -> None:
    for permission in Permission:
        assert any(permission in granted for granted in MATRIX.values()), permission
        assert who_can(permission).startswith("Only ") and who_can(permission).endswith(".")


@pytest.mark.parametrize(
    ("make", "needs"),
    [
        (lambda s, a: printing.medical_plan_pdf(s, a, 1), "record casework"),
        (lambda s, a: printing.contract_pdf(s, a, 1), "record casework"),
        (lambda s, a: printing.meeting_pdf(s, a, 1, 1), "record casework"),
        (lambda s, a: printing.notice_to_improve_pdf(s, a, 1, 1), "issue notices"),
    ],
    ids=["medical plan", "contract", "meeting", "notice to improve"],
)
def test_office_staff_cannot_make_casework_documents(store: Store, make: Call, needs: str) -> None:
    office = staff_with(store, "Ola Office", Role.OFFICE)
    with pytest.raises(PermissionRefused, match=needs):
        make(store, office)
