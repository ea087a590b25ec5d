"""Every document, for every family shape, with the school's full settings (logo and signature) and without:
every letter template, the registration certificate, every casework document and every referral pack.

Asserted from the text of the PDF: who is addressed, whose details appear (never a restricted parent's; never one
parent's address or phone on the other's letter; the child's address only for a parent who lives with the
child), the key figures, and that legal documents are refused, with the guard's sentence, for a looked-after
child and a child not of compulsory school age."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.casework import records as rec
from attendance_desk.domain.casework.periods import ContractNextStep, ContractStatus
from attendance_desk.domain.casework.referrals import LeaveFacts, ReferralKind
from attendance_desk.domain.merge import FIELDS, format_percent
from attendance_desk.services.casework import contracts as casework_contracts
from attendance_desk.services.casework import notices as casework_notices
from attendance_desk.services.casework import plans as casework_plans
from attendance_desk.services.casework import printing as casework_print
from attendance_desk.services.casework import referrals
from attendance_desk.services.casework import stages as casework
from attendance_desk.services.figures import figures_for_pupil
from attendance_desk.services.legal import LegalMeasureRefused
from attendance_desk.services.letters.batches import LetterRequest, produce_letters
from attendance_desk.services.letters.certificate import make_certificate
from attendance_desk.services.letters.templates import default_templates
from attendance_desk.store.engine import Store
from attendance_desk.store.open import open_store
from tests.helpers.accounts import everyone
from tests.helpers.family_shapes import FIRST_DAY, LAST_DAY, TODAY, Family, build_families

PERIOD = DateRange(FIRST_DAY, LAST_DAY)
REASON = "Checked by the attendance lead for the render matrix"
TEMPLATES = sorted(default_templates())


@dataclass
class School:
    store: Store
    staff: int
    families: list[Family]
    records: dict[str, dict[str, int]]


def text_of(pdf: bytes, first: int = 1, count: int | None = None) -> str:
    pages = PdfReader(BytesIO(pdf)).pages
    chosen = pages[first - 1 : (first - 1 + count) if count else None]
    return " ".join(" ".join((p.extract_text() or "") for p in chosen).split())


def add_case(store: Store, staff: int, family: Family) -> dict[str, int]:
    pupil = family.pupil_id
    casework.change_stage(store, staff, pupil, "stage1", date(2025, 9, 15), "Mondays missed since September")
    draft = rec.MedicalPlanDraft(date(2025, 9, 19), date(2025, 10, 17), chair="Dana Whitfield")
    draft.invitees[1].name, draft.invitees[1].attended = family.people[0].name, True
    plan = casework_plans.create_medical_plan(store, staff, pupil, draft)
    meeting = casework_plans.record_meeting(
        store,
        staff,
        pupil,
        rec.MeetingDraft(
            date(2025, 10, 6), attendees=f"{family.people[0].name}; Dana Whitfield", reason="Mondays missed"
        ),
    )
    parents = casework_contracts.parents_for(store, everyone(store), pupil)
    for entry in parents:
        entry.attended = True
    contract = casework_contracts.record_contract(
        store,
        staff,
        pupil,
        rec.ContractDraft(
            date(2025, 10, 8),
            ContractStatus.AGREED,
            parents,
            review_weeks=3,
            barriers="Late nights",
            parent_requirements="In school every day",
            support_offered="Breakfast club",
        ),
    )
    reviewed = casework_contracts.review_contract(
        store,
        staff,
        contract.id,
        rec.ContractReviewDraft(date(2025, 11, 7), ContractNextStep.REFER, progress_evidence="Little change"),
    )
    ids = {
        "plan": plan.id,
        "meeting": meeting.id,
        "contract": contract.id,
        "review": reviewed.reviews[-1].id,
    }
    if family.legal:
        notice = casework_notices.issue_notice_to_improve(
            store,
            staff,
            pupil,
            date(2025, 11, 10),
            3,
            support_given="Medical action plan, a meeting and a contract",
            support_offered="Breakfast club and a key adult",
        )
        ids["notice"] = notice.id
    return ids


@pytest.fixture(scope="module", params=[True, False], ids=["logo-and-signature", "no-images"])
def school(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[School]:
    store = open_store(tmp_path_factory.mktemp("matrix"))
    staff, families = build_families(store, with_images=request.param)
    records = {f.shape: add_case(store, staff, f) for f in families}
    yield School(store, staff, families, records)
    store.dispose()


def allowed(family: Family) -> set[str]:
    """Who may be written to: parental responsibility and no court-order restriction."""
    return {p.name for p in family.people if p.responsibility and not p.restricted}


def check_privacy(family: Family, text: str, addressed_to: str | None) -> None:
    """No restricted parent's name or details; on a document to one parent, no other parent's address or phone,
    and the child's home address only when the addressee lives with the child."""
    for person in family.people:
        if person.restricted:
            assert person.forename not in text and person.address[0] not in text and person.phone not in text
    if addressed_to is None:
        return
    me = next(p for p in family.people if p.name == addressed_to)
    for other in family.people:
        if other is me:
            continue
        assert other.phone not in text, f"{other.name}'s phone on {me.name}'s document"
        if other.address != me.address:
            assert other.address[0] not in text, f"{other.name}'s address on {me.name}'s document"


def percent(store: Store, pupil_id: int, period: DateRange = PERIOD) -> str:
    with store.session() as session:
        return format_percent(figures_for_pupil(session, pupil_id, period).attendance_percent)


@pytest.mark.parametrize("key", TEMPLATES)
def test_every_template_for_every_family(school: School, key: str) -> None:
    template = default_templates()[key]
    supplied = {name: FIELDS[name].example for name in template.supplied_fields()}
    pupils = [f.pupil_id for f in school.families]
    request = LetterRequest(key, pupils, PERIOD, supplied=supplied, ticked_back=dict.fromkeys(pupils, REASON))
    result = produce_letters(school.store, school.staff, request, today=TODAY)
    by_pupil = {f.pupil_id: f for f in school.families}
    blocked = {b.pupil_id: b.reason for b in result.blocked}
    for family in school.families:
        if template.measure and not family.legal:
            reason = blocked[family.pupil_id]
            assert "looked after" in reason or "compulsory school age" in reason
    for letter in result.letters:
        family = by_pupil[letter.pupil_id]
        assert letter.recipient_name in allowed(family)
        text = text_of(result.pdf, letter.first_page, letter.page_count)
        person = next(p for p in family.people if p.name == letter.recipient_name)
        assert letter.recipient_name in text and f"Dear {person.title} {person.surname}" in text
        check_privacy(family, text, letter.recipient_name)
        if "{attendance.percent}" in template.body:
            assert percent(school.store, family.pupil_id) in text
    made = {(letter.pupil_id, letter.recipient_name) for letter in result.letters}
    for family in school.families:
        if family.pupil_id not in blocked:
            assert {name for pid, name in made if pid == family.pupil_id} == allowed(family)


@pytest.mark.parametrize("shape", ["together", "separated", "step_parent", "court_order", "looked_after", "not_csa"])
def test_certificate(school: School, shape: str) -> None:
    family = next(f for f in school.families if f.shape == shape)
    produced = make_certificate(school.store, school.staff, family.pupil_id, PERIOD, issued_on=TODAY)
    text = text_of(produced.pdf)
    assert f"{family.forename} {family.surname}" in text and "Registration certificate" in text
    for person in family.people:
        if person.responsibility and not person.restricted:
            assert person.name in text
    check_privacy(family, text, None)
    if shape == "court_order":
        assert "court-order restriction" in text
    with school.store.session() as session:
        f = figures_for_pupil(session, family.pupil_id, PERIOD)
    assert f"{f.possible_sessions}" in text and f"{f.unauthorised_absence_sessions}" in text


@pytest.mark.parametrize("shape", ["together", "separated", "step_parent", "court_order", "looked_after", "not_csa"])
def test_casework_documents(school: School, shape: str) -> None:
    family = next(f for f in school.families if f.shape == shape)
    ids, store, staff = school.records[shape], school.store, school.staff
    plan = text_of(casework_print.medical_plan_pdf(store, staff, ids["plan"]))
    assert "Medical action plan" in plan
    check_privacy(family, plan, None)
    for entry in casework_contracts.parents_for(store, everyone(store), family.pupil_id):
        consent = text_of(casework_print.consent_form_pdf(store, staff, family.pupil_id, entry.contact_id or 0))
        person = next(p for p in family.people if p.name == entry.name)
        assert person.name in consent and not person.restricted
        check_privacy(family, consent, person.name)
        assert (family.people[0].address[0] in consent) == (
            person.lives_with or person.address == family.people[0].address
        )
    contract = text_of(casework_print.contract_pdf(store, staff, ids["contract"]))
    for person in family.people:  # names of the parents named in it, but nobody's address or phone
        assert person.phone not in contract and person.address[0] not in contract
    check_privacy(family, contract, None)
    review = text_of(casework_print.contract_review_pdf(store, staff, ids["contract"], ids["review"]))
    assert "sessions" in review
    meeting = text_of(casework_print.meeting_pdf(store, staff, family.pupil_id, ids["meeting"]))
    assert "Mondays missed" in meeting
    chronology = casework_print.chronology_for(store, everyone(store), family.pupil_id)
    chron = text_of(casework_print.chronology_pdf(store, staff, chronology, None, None, family.pupil_id))
    assert "Attendance contract" in chron
    check_privacy(family, chron, None)
    if family.legal:
        pdf = casework_print.notice_to_improve_pdf(store, staff, family.pupil_id, ids["notice"])
        notice = text_of(pdf)
        for name in allowed(family):
            assert f"Dear {name}" in notice
        check_privacy(family, notice, None)
        assert "without further warning" not in notice
    else:
        with pytest.raises(ValueError):
            casework_notices.issue_notice_to_improve(
                store, staff, family.pupil_id, TODAY, 3, support_given="x", support_offered="y"
            )


@pytest.mark.parametrize("shape", ["together", "separated", "step_parent", "court_order", "looked_after", "not_csa"])
@pytest.mark.parametrize("kind", list(ReferralKind))
def test_referral_packs(school: School, shape: str, kind: ReferralKind) -> None:
    family = next(f for f in school.families if f.shape == shape)
    leave = LeaveFacts(date(2025, 9, 1), "A family wedding abroad", date(2025, 9, 3), True)
    leave_facts = leave if kind is ReferralKind.LEAVE_IN_TERM_TIME else None
    if not family.legal:
        with pytest.raises(LegalMeasureRefused) as refused:
            referrals.referral_pdf(school.store, school.staff, family.pupil_id, kind, TODAY, leave_facts)
        assert "looked after" in str(refused.value) or "compulsory school age" in str(refused.value)
        return
    pdf = referrals.referral_pdf(
        school.store, school.staff, family.pupil_id, kind, TODAY, leave_facts, override_reason=REASON
    )
    text = text_of(pdf)
    for name in allowed(family):
        assert name in text and f"{name} is not named" not in text
    step = [p for p in family.people if not p.responsibility]
    for person in step:  # day-to-day care without responsibility: mentioned for the LA, not in the parents table
        assert f"{person.name} (Step-father) lives with the child without parental responsibility" in text
        assert person.phone not in text
    check_privacy(family, text, None)
    with school.store.session() as session:
        f = figures_for_pupil(session, family.pupil_id, DateRange(date(2025, 9, 1), TODAY))
    assert f"{f.attendance_percent}%" in text
    assert "Registration certificate" in text and "hand_delivered" not in text and "leave_authorised" not in text


def test_the_matrix_covers_every_template() -> None:
    shipped = {p.stem for p in Path(__file__).resolve().parents[2].joinpath("resources/templates/letters").glob("*")}
    assert set(TEMPLATES) == shipped and Decimal(len(TEMPLATES)) > 0
