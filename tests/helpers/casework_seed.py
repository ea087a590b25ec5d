"""Synthetic pupils, parents and marks for the casework tests (imported by the casework test modules)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from sqlalchemy import insert

from attendance_desk.domain.upn import make_upn
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, Mark, Pupil, PupilContact, SchoolSettings, Staff
from tests.helpers.accounts import everyone


def seed_school(store: Store) -> int:
    """School settings and one attendance lead; returns the staff id."""
    with store.transaction() as session:
        settings = session.get(SchoolSettings, 1)
        assert settings is not None
        settings.name = "Elmfield Primary School"
        settings.address = "1 Example Road\nSampletown\nST1 1AA"
        settings.phone = "01234 567890"
        settings.head_teacher = "Dr R. Example"
        lead = Staff(name="Dana Whitfield", position="Attendance lead", role="attendance_lead")
        session.add(lead)
        session.flush()
        return lead.id


def seed_pupil(
    store: Store, serial: int = 1, *, born: date = date(2015, 5, 1), looked_after: bool = False, parents: int = 2
) -> tuple[int, list[int]]:
    """One pupil with ``parents`` contacts holding parental responsibility; returns (pupil id, contact ids)."""
    with store.transaction() as session:
        pupil = Pupil(
            upn=make_upn(0, 2001, 24, serial),
            legal_surname="Nowak",
            legal_forename=f"Zofia{serial}",
            date_of_birth=born,
            year_group="5",
            reg_group="5B",
            looked_after=looked_after,
            sen_support=True,
        )
        session.add(pupil)
        session.flush()
        contact_ids = []
        for n, (title, forename) in enumerate([("Mrs", "Anna"), ("Mr", "Piotr")][:parents], start=1):
            contact = Contact(
                mis_id=f"C{serial}-{n}",
                title=title,
                forename=forename,
                surname="Nowak",
                address_line1="12 Sample Street",
                town="Sampletown",
                postcode="ST1 2BB",
                phone_mobile="07700 900123",
            )
            session.add(contact)
            session.flush()
            session.add(
                PupilContact(
                    pupil_id=pupil.id,
                    contact_id=contact.id,
                    priority=n,
                    parental_responsibility=True,
                    relationship_to_pupil="Mother" if n == 1 else "Father",
                    lives_with_pupil=True,
                )
            )
            contact_ids.append(contact.id)
        return pupil.id, contact_ids


def weekdays(start: date, end: date, skip_weeks: Iterable[date] = ()) -> list[date]:
    skipped = set(skip_weeks)
    out, day = [], start
    while day <= end:
        if day.weekday() < 5 and day - timedelta(days=day.weekday()) not in skipped:
            out.append(day)
        day += timedelta(days=1)
    return out


def add_marks(
    store: Store, pupil_id: int, days: Iterable[date], code_for: Callable[[date, str], str] = lambda _d, _s: "/"
) -> None:
    rows = [{"pupil_id": pupil_id, "date": d, "session": s, "code": code_for(d, s)} for d in days for s in ("AM", "PM")]
    with store.transaction() as session:
        session.execute(insert(Mark), rows)


def poor_attendance(day: date, session: str) -> str:
    """Every Monday away without a reason, every Friday afternoon off ill: broken weeks throughout."""
    if day.weekday() == 0:
        return "O"
    if day.weekday() == 4 and session == "PM":
        return "I"
    return "/"


def build_case(store: Store) -> dict[str, int]:
    """A pupil with a full case: six weeks of marks, stage history, a medical plan and review, a contract and
    review, a meeting, a Notice to Improve and a penalty notice. Returns the ids."""
    from decimal import Decimal

    from attendance_desk.domain.casework import records as rec
    from attendance_desk.domain.casework.periods import ContractNextStep, ContractStatus, MedicalReviewOutcome
    from attendance_desk.services.casework import contracts as casework_contracts
    from attendance_desk.services.casework import notices as casework_notices
    from attendance_desk.services.casework import plans as casework_plans
    from attendance_desk.services.casework import stages as casework

    staff = seed_school(store)
    pupil, parents = seed_pupil(store)
    add_marks(store, pupil, weekdays(date(2025, 9, 1), date(2025, 10, 24)), poor_attendance)
    casework.change_stage(store, staff, pupil, "stage1", date(2025, 9, 15), "Broken weeks every week since September")
    draft = rec.MedicalPlanDraft(
        date(2025, 9, 19),
        date(2025, 10, 17),
        chair="Dana Whitfield",
        key_adult="Mr Lee",
        gp_consent=True,
        gp_consent_date=date(2025, 9, 19),
        consent_form_completed=True,
        authorise_absence=False,
        target_attendance=Decimal(95),
    )
    draft.invitees[1].name, draft.invitees[1].attended = "Mrs Anna Nowak", True
    draft.invitees[2].name, draft.invitees[2].attended = "Dana Whitfield", True
    draft.medical_issues.append(
        rec.MedicalIssue("Recurring headaches", "GP surgery", date(2025, 9, 12), "Appointment letter")
    )
    draft.difficulties.append(
        rec.Difficulty("Tired on Mondays", "Morning check-in with key adult", "Mr Lee", date(2025, 9, 22))
    )
    plan = casework_plans.create_medical_plan(store, staff, pupil, draft)
    casework_plans.review_medical_plan(
        store, staff, plan.id, date(2025, 10, 17), "Mondays still missed", MedicalReviewOutcome.NO_MEDICAL_REASON, None
    )
    casework.change_stage(store, staff, pupil, "stage2", date(2025, 10, 17), "Plan review: no medical reason")
    meeting = casework_plans.record_meeting(
        store,
        staff,
        pupil,
        rec.MeetingDraft(
            date(2025, 10, 20),
            attendees="Mrs Anna Nowak; Dana Whitfield (chair); Mr Lee",
            apologies="Mr Piotr Nowak",
            background="Mondays missed since September; Zofia says weekends are late nights.",
            notes="Agreed a bedtime routine and a Monday breakfast club place.",
            actions=[
                rec.MeetingAction("Breakfast club place on Mondays", "School", "From 3 November"),
                rec.MeetingAction("Bedtime by 8pm on Sundays", "Parents", "Every week"),
            ],
            next_meeting_date=date(2025, 11, 17),
            next_agenda="Review Monday attendance",
        ),
    )
    family = casework_contracts.parents_for(store, everyone(store), pupil)
    family[0].attended = True
    contract = casework_contracts.record_contract(
        store,
        staff,
        pupil,
        rec.ContractDraft(
            date(2025, 10, 21),
            ContractStatus.AGREED,
            family[:1],
            review_weeks=3,
            barriers="Late nights at weekends; Zofia finds Monday mornings hard.",
            parent_requirements="Make sure Zofia is in school every day, on time.",
            support_offered="Breakfast club on Mondays; weekly check-in with Mr Lee.",
            consent_to_share=True,
            signatories=[("Chair", "Dana Whitfield"), ("School representative", "Mr Lee")],
        ),
    )
    add_marks(store, pupil, weekdays(date(2025, 11, 3), date(2025, 11, 14)), poor_attendance)
    casework_contracts.review_contract(
        store,
        staff,
        contract.id,
        rec.ContractReviewDraft(
            date(2025, 11, 14),
            ContractNextStep.REFER,
            progress_evidence="Breakfast club used twice",
            barriers_reduced="Partly",
            new_barriers="None",
            actions_met=[False, True, False, True],
        ),
    )
    casework.change_stage(store, staff, pupil, "stage3", date(2025, 11, 14), "Contract review: little progress")
    notice = casework_notices.issue_notice_to_improve(
        store,
        staff,
        pupil,
        date(2025, 11, 14),
        4,
        support_given="Medical action plan, attendance meeting and an "
        "attendance contract with breakfast club and a key adult.",
        support_offered="Breakfast club stays open to Zofia; Mr Lee will meet her at the gate every Monday.",
    )
    penalty = add_earlier_penalty_notice(store, pupil, parents[0], date(2025, 3, 3), date(2025, 3, 5))
    return {
        "staff": staff,
        "pupil": pupil,
        "parent": parents[0],
        "plan": plan.id,
        "meeting": meeting.id,
        "contract": contract.id,
        "notice": notice.id,
        "penalty": penalty.id,
    }


def add_earlier_penalty_notice(store: Store, pupil_id: int, contact_id: int, issued_on: date, received_on: date):  # type: ignore[no-untyped-def]
    """A notice from before the marks this test holds (as after an import from another system): written
    directly, since the legal guard rightly refuses a notice without the threshold in the register."""
    from decimal import Decimal

    from attendance_desk.store.models import PenaltyNotice

    with store.transaction() as session:
        contact = session.get(Contact, contact_id)
        assert contact is not None
        row = PenaltyNotice(
            pupil_id=pupil_id,
            contact_id=contact_id,
            parent_name=contact.display_name,
            issued_on=issued_on,
            received_on=received_on,
            sequence=1,
            reduced_amount=Decimal(80),
            full_amount=Decimal(160),
        )
        session.add(row)
        session.flush()
        return row


def unauthorised_history(store: Store, pupil_id: int, first: date, last: date) -> None:
    """A year with the 10-in-10 threshold met throughout (Mondays and Tuesdays away without a reason), so the
    legal guard lets a penalty notice be recorded on any school day in it."""
    add_marks(store, pupil_id, weekdays(first, last), lambda d, _s: "O" if d.weekday() < 2 else "/")


def record_support(store: Store, staff_id: int, pupil_id: int, on: date) -> None:
    """Support offered and recorded (a move to stage 1), which the legal guard asks for before legal measures."""
    from attendance_desk.services.casework import stages as casework

    casework.change_stage(store, staff_id, pupil_id, "stage1", on, "Letters and a meeting offered")
