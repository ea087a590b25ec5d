"""The registration certificate for one pupil and any date range, archived when produced.

Totals and the attendance percentage are :func:`~attendance_desk.services.figures.figures_for_pupil` for the
range, the same function the pupil page and the reports use. The grid and the list of unauthorised sessions are
the register marks themselves, laid out, not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from attendance_desk.documents.certificate import CertificateData, CertificateWeek, render_certificate
from attendance_desk.domain.access import Permission
from attendance_desk.domain.calendar import DateRange, week_start
from attendance_desk.domain.codes import Category, UnknownCodeError, default_codebook
from attendance_desk.domain.metrics import PupilFigures
from attendance_desk.domain.school_age import (
    compulsory_school_age_end,
    compulsory_school_age_start,
    is_of_compulsory_school_age,
)
from attendance_desk.domain.vocabulary import DecisionStatus, DocumentKind
from attendance_desk.services.access import require
from attendance_desk.services.archive import archive_transaction
from attendance_desk.services.figures import calculator_for, figures_for_pupil, pupil_marks
from attendance_desk.services.letters.data import LetterError, letterhead_from, settings_of
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import CodeDecision, Contact, Mark, Pupil, PupilContact
from attendance_desk.store.models.letters import ArchivedDocument

CATEGORY_WORDS = {
    Category.PRESENT: "Present",
    Category.AEA: "Approved activity",
    Category.AUTHORISED: "Authorised absence",
    Category.UNAUTHORISED: "Unauthorised absence",
    Category.NOT_POSSIBLE: "Not counted",
}


@dataclass(frozen=True, slots=True)
class ProducedDocument:
    document_id: int
    title: str
    pdf: bytes
    sha256: str


def _d(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _status(pupil: Pupil, school: str, period: DateRange) -> str:
    name = " ".join(p for p in (pupil.legal_forename, pupil.middle_names, pupil.legal_surname) if p)
    registered = f"{name} is a registered pupil at {school}"
    if pupil.leaving_date is not None and pupil.leaving_date <= period.end:
        registered = f"{name} was a registered pupil at {school} until {_d(pupil.leaving_date)}"
    born = pupil.date_of_birth
    if is_of_compulsory_school_age(born, period.start) and is_of_compulsory_school_age(born, period.end):
        return f"{registered}, and was of compulsory school age throughout the period."
    return (
        f"{registered}. The pupil was not of compulsory school age for the whole period: compulsory school age runs "
        f"from {_d(compulsory_school_age_start(born))} to {_d(compulsory_school_age_end(born))}."
    )


def _totals(figures: PupilFigures) -> tuple[tuple[str, str], ...]:
    def pct(value: object) -> str:
        return "no possible sessions" if value is None else f"{value}%"

    return (
        ("Possible sessions", str(figures.possible_sessions)),
        ("Present (including late before the register closed)", str(figures.present_sessions)),
        ("Approved educational activity", str(figures.aea_sessions)),
        ("Authorised absence", str(figures.authorised_absence_sessions)),
        ("Unauthorised absence", str(figures.unauthorised_absence_sessions)),
        ("Not counted (not a possible session)", str(figures.not_possible_sessions)),
        ("Attendance", pct(figures.attendance_percent)),
        ("Absence", pct(figures.absence_percent)),
    )


def certificate_data(
    session: Session, pupil_id: int, period: DateRange, issued_on: date, *, include_addresses: bool = True
) -> tuple[CertificateData, PupilFigures]:
    """Everything the certificate prints, and the figures it was made from.

    ``include_addresses`` is False for copies enclosed with letters to parents: one parent's letter must not
    carry the other's address.
    """
    pupil = session.get(Pupil, pupil_id)
    if pupil is None:
        raise LetterError(f"there is no pupil with id {pupil_id}")
    settings = settings_of(session)
    if not settings.head_teacher.strip():
        raise LetterError(
            "the certificate is signed by the head teacher, but no head teacher is named in School settings"
        )
    calculator = calculator_for(session)
    figures = figures_for_pupil(session, pupil_id, period, calculator)
    codebook = default_codebook()
    weeks: dict[date, tuple[list[str], list[str]]] = {}
    unauthorised: list[tuple[date, str, str]] = []
    for day, session_name, code in pupil_marks(session, pupil_id, period.start, period.end):
        category = codebook.categories_for(day).get(code)
        if category is Category.UNAUTHORISED:
            unauthorised.append((day, session_name, code))
        if day.weekday() > 4:
            continue
        cells, categories = weeks.setdefault(week_start(day), ([""] * 10, [""] * 10))
        index = day.weekday() * 2 + (0 if session_name == "AM" else 1)
        cells[index] = code
        categories[index] = category.value if category is not None else ""
    key = []
    for code, count in figures.codes.items():
        try:
            entry = codebook.lookup(code, period.end)
        except UnknownCodeError:
            entry = codebook.lookup(code, period.start)
        key.append((code, entry.label, CATEGORY_WORDS[entry.category], str(count)))
    links = session.execute(
        select(PupilContact, Contact)
        .join(Contact, Contact.id == PupilContact.contact_id)
        .where(PupilContact.pupil_id == pupil_id, PupilContact.parental_responsibility.is_(True))
        .order_by(PupilContact.priority, Contact.surname)
    ).all()
    # A contact under a court-order restriction is counted but never named, nor their address printed.
    parents = tuple(
        (
            ("A parent under a court-order restriction", "", "not shown")
            if link.court_order_restriction
            else (
                contact.display_name,
                link.relationship_to_pupil,
                ", ".join(contact.address_lines) if include_addresses else "held by the school",
            )
        )
        for link, contact in links
    )
    data = CertificateData(
        school_name=settings.name,
        pupil_name=" ".join(p for p in (pupil.legal_forename, pupil.middle_names, pupil.legal_surname) if p),
        date_of_birth=pupil.date_of_birth,
        upn=pupil.upn,
        year_group=pupil.year_group,
        reg_group=pupil.reg_group,
        admission_date=pupil.admission_date,
        period_start=period.start,
        period_end=period.end,
        status_statement=_status(pupil, settings.name, period),
        weeks=tuple(CertificateWeek(m, tuple(c), tuple(k)) for m, (c, k) in sorted(weeks.items())),
        code_key=tuple(key),
        totals=_totals(figures),
        unauthorised=tuple(unauthorised),
        parents=parents,
        head_teacher=settings.head_teacher,
        signature=settings.signature_image,
        issued_on=issued_on,
    )
    return data, figures


def make_certificate(
    store: Store, actor_id: int | None, pupil_id: int, period: DateRange, *, issued_on: date | None = None
) -> ProducedDocument:
    """Render, archive and return the certificate (with addresses: this copy is for the court or the LA)."""
    require(store, actor_id, Permission.LEGAL)
    issued = issued_on or date.today()
    with archive_transaction(store) as (session, writer):
        data, figures = certificate_data(session, pupil_id, period, issued)
        pdf = render_certificate(data, letterhead_from(settings_of(session)))
        title = f"Registration certificate {_d(period.start)} to {_d(period.end)}"
        row: ArchivedDocument = writer.add(
            session,
            kind=DocumentKind.CERTIFICATE,
            title=title,
            pdf=pdf,
            actor_id=actor_id,
            pupil_id=pupil_id,
            data={"period": [period.start, period.end], "issued_on": issued, "figures": figures.as_json()},
        )
        session.flush()
        record_change(
            session,
            actor_id=actor_id,
            action="print",
            entity="archived_document",
            entity_id=row.id,
            after={"kind": DocumentKind.CERTIFICATE, "pupil_id": pupil_id, "sha256": row.sha256},
        )
        return ProducedDocument(row.id, title, pdf, row.sha256)


@dataclass(frozen=True, slots=True)
class CertificateCheck:
    """What to warn about before a certificate is issued for a range: it is evidence, so it should not carry
    N marks (reasons not yet known) or codes the office has decided but not yet keyed into the MIS."""

    n_marks: int
    pending_changes: int

    @property
    def warnings(self) -> list[str]:
        out = []
        if self.n_marks:
            out.append(
                f"{self.n_marks} {'session is' if self.n_marks == 1 else 'sessions are'} still marked N (no reason "
                "yet): settle them in the MIS and import the register first, or say so when you use the certificate."
            )
        if self.pending_changes:
            out.append(
                f"{self.pending_changes} {'code is' if self.pending_changes == 1 else 'codes are'} waiting in "
                '"changes to key in": once keyed into the MIS and imported, the certificate would read differently.'
            )
        return out


def check_certificate_range(store: Store, pupil_id: int, period: DateRange) -> CertificateCheck:
    with store.session() as session:
        n_marks = session.scalar(
            select(func.count())
            .select_from(Mark)
            .where(Mark.pupil_id == pupil_id, Mark.code == "N", Mark.date.between(period.start, period.end))
        )
        pending = session.scalar(
            select(func.count())
            .select_from(CodeDecision)
            .where(
                CodeDecision.pupil_id == pupil_id,
                CodeDecision.status == DecisionStatus.PENDING,
                CodeDecision.date.between(period.start, period.end),
            )
        )
    return CertificateCheck(int(n_marks or 0), int(pending or 0))


def preview_certificate(store: Store, pupil_id: int, period: DateRange, *, issued_on: date | None = None) -> bytes:
    """The certificate as it would be issued, for the screen: nothing is archived or logged."""
    with store.session() as session:
        data, _figures = certificate_data(session, pupil_id, period, issued_on or date.today())
        return render_certificate(data, letterhead_from(settings_of(session)))
