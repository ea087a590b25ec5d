"""Every casework PDF: made from the record, on the letterhead, with the form's fields filled in."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from attendance_desk.domain.casework.referrals import ReferralKind
from attendance_desk.services.casework import contracts as casework_contracts
from attendance_desk.services.casework import printing as casework_print
from attendance_desk.services.casework import referrals
from attendance_desk.services.legal import LegalMeasureRefused
from attendance_desk.store.engine import Store
from tests.helpers.accounts import everyone
from tests.helpers.casework_seed import build_case


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split())


@pytest.fixture
def case(store: Store) -> tuple[Store, dict[str, int]]:
    return store, build_case(store)


def test_medical_action_plan_pdf(case) -> None:  # type: ignore[no-untyped-def]
    store, ids = case
    text = _text(casework_print.medical_plan_pdf(store, ids["staff"], ids["plan"]))
    for expected in (
        "Elmfield Primary School",
        "Medical action plan",
        "Zofia1 Nowak",
        "Recurring headaches",
        "GP surgery",
        "Morning check-in with key adult",
        "Target attendance",
        "95.00%",
        "Date of review",
        "17/10/2025",
        "Absence no longer explained by a medical need",
    ):
        assert expected in text, expected


def test_consent_form_pdf(case) -> None:  # type: ignore[no-untyped-def]
    store, ids = case
    text = _text(casework_print.consent_form_pdf(store, ids["staff"], ids["pupil"], ids["parent"], "Dr A. Example"))
    for expected in (
        "Consent to seek medical information",
        "Mrs Anna Nowak",
        "12 Sample Street",
        "Dr A. Example",
        "Parent's signature",
    ):
        assert expected in text, expected


def test_contract_and_review_pdfs(case) -> None:  # type: ignore[no-untyped-def]
    store, ids = case
    text = _text(casework_print.contract_pdf(store, ids["staff"], ids["contract"]))
    for expected in (
        "Attendance contract",
        "Sessions missed to date",
        "Unauthorised absence",
        "Mrs Anna Nowak",
        "Review period",
        "3 weeks",
        "Late nights at weekends",
        "Outcomes and actions: parents",
        "Outcomes and actions: school",
        "Consent given: Yes",
        "Parent (1)",
        "Pupil (if appropriate)",
    ):
        assert expected in text, expected
    review = casework_contracts.get_contract(store, everyone(store), ids["contract"]).reviews[0]
    text = _text(casework_print.contract_review_pdf(store, ids["staff"], ids["contract"], review.id))
    for expected in (
        "Attendance contract review",
        "Possible sessions since the contract",
        "20",
        "Breakfast club used twice",
        "refer (Fast Track)",
    ):
        assert expected in text, expected


def test_meeting_record_pdf(case) -> None:  # type: ignore[no-untyped-def]
    store, ids = case
    text = _text(casework_print.meeting_pdf(store, ids["staff"], ids["pupil"], ids["meeting"]))
    for expected in (
        "Attendance improvement plan",
        "Meeting number",
        "Mr Piotr Nowak",
        "Breakfast club place",
        "17/11/2025",
        "Review Monday attendance",
    ):
        assert expected in text, expected


def test_notice_to_improve_is_one_letter_per_parent_with_the_certificate(case) -> None:  # type: ignore[no-untyped-def]
    store, ids = case
    pdf = casework_print.notice_to_improve_pdf(store, ids["staff"], ids["pupil"], ids["notice"])
    text = _text(pdf)
    assert text.count("Notice to Improve: Zofia1 Nowak's attendance") == 2
    assert "Dear Mrs Anna Nowak" in text and "Dear Mr Piotr Nowak" in text
    assert "17/11/2025 to 12/12/2025" in text and "(4 school weeks)" in text
    assert text.count("Registration certificate") >= 2


@pytest.mark.parametrize(
    ("kind", "heading"),
    [
        (ReferralKind.PENALTY_NOTICE, "Request for a penalty notice"),
        (ReferralKind.FAST_TRACK, "Fast Track referral for legal intervention"),
        (ReferralKind.PUPIL_PLANNING_MEETING, "Request for a pupil planning meeting"),
    ],
)
def test_referral_packs_carry_the_record_the_index_and_the_certificate(case, kind, heading) -> None:  # type: ignore[no-untyped-def]
    store, ids = case
    as_of = date(2025, 11, 14)  # the day the Notice to Improve's improvement period begins
    if kind is ReferralKind.PENALTY_NOTICE:
        with pytest.raises(LegalMeasureRefused, match="improvement period"):
            referrals.referral_pdf(store, ids["staff"], ids["pupil"], kind, as_of)
    reason = "Absence continued every day of the first week" if kind is ReferralKind.PENALTY_NOTICE else ""
    text = _text(referrals.referral_pdf(store, ids["staff"], ids["pupil"], kind, as_of, override_reason=reason))
    assert "Penalty notice 1 issued to Mrs Anna Nowak" in text  # eight months back, still in the pack
    for expected in (
        heading,
        "Mrs Anna Nowak",
        "SEN support",
        "Index of evidence documents",
        "Registration certificate (attached)",
        "Attendance contract",
        "Meetings",
        "Declaration",
        "Registration certificate",
        "Session marks",
    ):
        assert expected in text, expected
    assert "Unauthorised sessions in the last 10 school weeks" in text


def test_referral_is_refused_for_a_looked_after_child(case) -> None:  # type: ignore[no-untyped-def]
    store, ids = case
    from attendance_desk.store.models import Pupil

    with store.transaction() as session:
        session.get(Pupil, ids["pupil"]).looked_after = True  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="looked after"):
        referrals.referral_pdf(store, ids["staff"], ids["pupil"], ReferralKind.FAST_TRACK, date(2025, 11, 14))


def test_chronology_pdf_and_json(case) -> None:  # type: ignore[no-untyped-def]
    import json

    store, ids = case
    chronology = casework_print.chronology_for(store, everyone(store), ids["pupil"])
    text = _text(casework_print.chronology_pdf(store, ids["staff"], chronology, pupil_id=ids["pupil"]))
    assert "Evidence chronology" in text and "Moved to Stage 3: formal support" in text
    payload = json.loads(casework_print.chronology_json(chronology))
    assert payload["pupil"]["upn"] == chronology.pupil.upn
    assert len(payload["entries"]) == len(chronology.entries)


def _leave_case(store: Store, ids: dict[str, int]) -> None:
    """A week's holiday taken after the refusal: Monday 17 to Friday 21 November marked G, back on the 24th."""
    from tests.helpers.casework_seed import add_marks, weekdays

    add_marks(store, ids["pupil"], weekdays(date(2025, 11, 17), date(2025, 11, 21)), lambda _d, _s: "G")
    add_marks(store, ids["pupil"], weekdays(date(2025, 11, 24), date(2025, 11, 28)))


LEAVE = ReferralKind.LEAVE_IN_TERM_TIME
AFTER_LEAVE = date(2025, 11, 28)


def test_leave_request_lists_the_g_sessions_parents_refusal_and_certificate(case) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from attendance_desk.domain.casework.referrals import LeaveFacts
    from attendance_desk.domain.vocabulary import DeliveryMethod
    from attendance_desk.services.letters.batches import LetterRequest, produce_letters
    from attendance_desk.services.letters.delivery import record_delivery
    from attendance_desk.store.models import SchoolSettings

    store, ids = case
    _leave_case(store, ids)
    with store.transaction() as session:
        session.get(SchoolSettings, 1).la_name = "Sampleshire Council"  # type: ignore[union-attr]
    made = produce_letters(
        store,
        ids["staff"],
        LetterRequest(
            "leave_refused",
            [ids["pupil"]],
            supplied={"leave.start": "17 November 2025", "leave.end": "21 November 2025"},
        ),
        today=date(2025, 11, 10),
    )
    assert made.letters, made.blocked
    from attendance_desk.store.append_only import guards_lifted
    from attendance_desk.store.models import Letter

    # Made "on" 10 November (the archive stamps the real clock): test set-up, past the letters' append-only guard.
    with store.transaction() as session, guards_lifted(session, ["letters"]):
        letter = session.get(Letter, made.letters[0].letter_id)
        assert letter is not None
        letter.created_at = datetime(2025, 11, 10, 9, 0, tzinfo=UTC)
        session.flush()
    record_delivery(
        store,
        ids["staff"],
        made.letters[0].letter_id,
        DeliveryMethod.FIRST_CLASS,
        datetime(2025, 11, 10, 15, 30, tzinfo=UTC),
    )
    facts = LeaveFacts(date(2025, 11, 3), "Family wedding abroad", policy_shared=True)
    text = _text(referrals.referral_pdf(store, ids["staff"], ids["pupil"], LEAVE, AFTER_LEAVE, facts))
    for expected in (
        "Penalty notice request: leave in term time",
        "Parents to be named on the notice",
        "Mrs Anna Nowak",
        "12 Sample Street",
        "Mon 17/11/2025: AM, PM",
        "Fri 21/11/2025: AM, PM",
        "17/11/2025 to 21/11/2025 (10 sessions)",
        "24/11/2025",
        "22/12/2025",
        "03/11/2025",
        "Family wedding abroad",
        "First-class post, 10/11/2025",
        "17 November 2025 to 21 November 2025",
        "Leave request from the parents (copy attached)",
        "Registration certificate (attached)",
        "Index of evidence documents",
        "Declaration",
        "Session marks",
    ):
        assert expected in text, expected
    assert "Sessions marked G this school year 10" in text


def test_leave_request_needs_g_sessions_and_a_refusal(case) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.domain.casework.referrals import LeaveFacts

    store, ids = case
    facts = LeaveFacts(date(2025, 11, 3), "Family wedding abroad")
    with pytest.raises(ValueError, match="No session is marked G"):
        referrals.referral_pdf(store, ids["staff"], ids["pupil"], LEAVE, AFTER_LEAVE, facts)
    _leave_case(store, ids)
    with pytest.raises(ValueError, match="No refusal letter"):
        referrals.referral_pdf(store, ids["staff"], ids["pupil"], LEAVE, AFTER_LEAVE, facts)
    typed = LeaveFacts(date(2025, 11, 3), "Family wedding abroad", refusal_sent_on=date(2025, 11, 5))
    text = _text(referrals.referral_pdf(store, ids["staff"], ids["pupil"], LEAVE, AFTER_LEAVE, typed))
    assert "Sent 05/11/2025 (not in the letters archive: attach a copy)" in text


@pytest.mark.parametrize("exclusion", ["looked_after", "over_school_age"])
def test_leave_request_is_refused_where_legal_measures_are_barred(case, exclusion) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.domain.casework.referrals import LeaveFacts
    from attendance_desk.store.models import Pupil

    store, ids = case
    _leave_case(store, ids)
    with store.transaction() as session:
        pupil = session.get(Pupil, ids["pupil"])
        assert pupil is not None
        if exclusion == "looked_after":
            pupil.looked_after = True
        else:
            pupil.date_of_birth = date(2007, 5, 1)
    facts = LeaveFacts(date(2025, 11, 3), "Family wedding abroad", refusal_sent_on=date(2025, 11, 5))
    with pytest.raises(ValueError, match="looked after" if exclusion == "looked_after" else "compulsory school age"):
        referrals.referral_pdf(store, ids["staff"], ids["pupil"], LEAVE, AFTER_LEAVE, facts)
