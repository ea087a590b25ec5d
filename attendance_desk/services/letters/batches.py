"""Making letters: one per recipient, merged, rendered, archived and logged as communications.

:func:`prepare_letters` works out every letter of a request (who, what it says) without writing anything;
:func:`produce_letters` renders them once, archives that PDF (exactly what goes to the printer, every letter
in envelope-stuffing order) in one transaction, and returns it. It reports progress and can be cancelled; a
cancelled batch writes nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.documents.letter import LetterContent, render_letters
from attendance_desk.documents.letterhead import Letterhead
from attendance_desk.domain.access import Permission
from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.legal_guard import Measure, check, first_refusal
from attendance_desk.domain.letter_approval import approved_when_made
from attendance_desk.domain.letter_premises import PremiseFigures, recent_days
from attendance_desk.domain.letter_premises import failures as premise_failures
from attendance_desk.domain.letter_premises import parse as parse_premise
from attendance_desk.domain.merge import FIELDS, LIST_FIELDS, MergeError, merge_all
from attendance_desk.domain.metrics import FiguresCalculator, PupilFigures
from attendance_desk.domain.text import plural
from attendance_desk.domain.vocabulary import CommunicationMethod, DocumentKind
from attendance_desk.services.access import require, roles_in
from attendance_desk.services.archive import ArchiveWriter, archive_transaction
from attendance_desk.services.evidence import log_communication
from attendance_desk.services.figures import calculator_for, figures_for_pupil
from attendance_desk.services.legal import guard_facts_in, parent_facts
from attendance_desk.services.letters.approval import approve_when_made
from attendance_desk.services.letters.certificate import certificate_data
from attendance_desk.services.letters.data import (
    LetterError,
    default_period,
    figure_values,
    letterhead_from,
    pupil_values,
    recipient_values,
    school_values,
    settings_of,
    signatory_for,
    signatory_values,
    year_label,
)
from attendance_desk.services.letters.recipients import Recipient, recipients_for
from attendance_desk.services.letters.templates import ENCLOSURE_LABELS, LetterTemplate, get_template_in
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Pupil, PupilContact, Staff
from attendance_desk.store.models.letters import Letter

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class LetterRequest:
    template_key: str
    pupil_ids: Sequence[int]
    period: DateRange | None = None  # None: the school year so far
    supplied: Mapping[str, str] = field(default_factory=dict)  # typed-in fields, e.g. {"meeting.date": "…"}
    carer_contact_ids: Collection[int] = ()
    letter_date: date | None = None
    # Pupils ticked back in despite a failed premise or an overridable legal refusal: pupil id -> the reason,
    # which goes into the audit log when the letters are made.
    ticked_back: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PlannedLetter:
    pupil_id: int
    pupil_name: str
    recipient: Recipient
    content: LetterContent
    values: dict[str, str]


@dataclass(frozen=True)
class BlockedPupil:
    pupil_id: int
    pupil_name: str
    reason: str
    fields: tuple[str, ...] = ()
    may_tick_back: bool = False  # a failed premise or an overridable refusal: the user may include the pupil


@dataclass(frozen=True)
class LetterPlan:
    template: LetterTemplate
    period: DateRange
    letters: tuple[PlannedLetter, ...]
    blocked: tuple[BlockedPupil, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ProducedLetter:
    letter_id: int
    document_id: int
    communication_id: int
    pupil_id: int
    recipient_name: str
    sha256: str
    first_page: int = 1
    page_count: int = 1


@dataclass(frozen=True)
class BatchResult:
    letters: tuple[ProducedLetter, ...]
    blocked: tuple[BlockedPupil, ...]
    warnings: tuple[str, ...]
    pdf: bytes  # every letter, in envelope-stuffing order (empty when nothing was made or it awaits approval)
    cancelled: bool = False
    batch_id: str = ""
    # Approved as made (the maker may approve letters); otherwise the letters await approval and ``pdf`` is empty:
    # nobody prints a letter before the attendance lead or head teacher has approved it.
    approved: bool = False

    @property
    def awaiting_approval(self) -> bool:
        return bool(self.letters) and not self.approved


def _supplied_values(supplied: Mapping[str, str]) -> dict[str, str]:
    out = {}
    for name, value in supplied.items():
        text = str(value).strip()
        if name in LIST_FIELDS and text:
            text = "\n".join(f"- {line.strip().lstrip('-• ').strip()}" for line in text.splitlines() if line.strip())
        out[name] = text
    return out


def _plan_in(
    session: Session,
    actor_id: int | None,
    request: LetterRequest,
    today: date,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> LetterPlan | None:
    template = get_template_in(session, request.template_key)
    unknown = [name for name in template.field_names() if name not in FIELDS]
    if unknown:
        raise MergeError(unknown=unknown)  # the whole template is unusable: no pupil can have this letter
    settings = settings_of(session)
    actor = session.get(Staff, actor_id) if actor_id is not None else None
    if template.signatory == "head_teacher" and settings.signature_image:
        require(session, actor_id, Permission.SIGN_AS_HEAD)  # the stored signature is the head's (or a delegate's)
    signatory = signatory_for(template.signatory, settings, actor)
    period = request.period or default_period(session, today)
    letter_date = request.letter_date or today
    calculator = calculator_for(session)
    base = {**school_values(settings), **signatory_values(signatory), **_supplied_values(request.supplied)}
    base["letter.date"] = f"{letter_date.day} {letter_date:%B %Y}"
    enclosures = tuple(ENCLOSURE_LABELS.get(e, e) for e in template.enclosures)
    letters: list[PlannedLetter] = []
    blocked: list[BlockedPupil] = []
    warnings: list[str] = []
    total = len(request.pupil_ids)
    for done, pupil_id in enumerate(request.pupil_ids, start=1):
        if cancelled is not None and cancelled():
            return None
        pupil = session.get(Pupil, pupil_id)
        if pupil is None:
            raise LetterError(f"there is no pupil with id {pupil_id}")
        choice = recipients_for(session, pupil_id, request.carer_contact_ids)
        warnings.extend(f"{pupil.display_name}: {w}" for w in choice.warnings)
        if not choice.recipients:
            blocked.append(
                BlockedPupil(pupil_id, pupil.display_name, "no one with parental responsibility can be written to")
            )
            continue
        figures = figures_for_pupil(session, pupil_id, period, calculator)
        recipients = list(choice.recipients)
        if template.measure:  # a parent the measure may not name (court order, limit) gets no letter
            facts = guard_facts_in(session, pupil_id, letter_date)
            kept, refused = [], []
            for r in recipients:
                link = session.scalar(
                    select(PupilContact).where(
                        PupilContact.pupil_id == pupil_id, PupilContact.contact_id == r.contact_id
                    )
                )
                verdict = check(Measure(template.measure), facts, parent_facts(session, link)) if link else None
                if verdict is not None and not verdict.allowed and not verdict.overridable:
                    refused.append(verdict.reason or "")
                    warnings.append(f"{pupil.display_name}: no letter to {r.name}: {verdict.reason}")
                else:
                    kept.append(r)
            recipients = kept
            if not recipients:
                blocked.append(BlockedPupil(pupil_id, pupil.display_name, refused[0] if refused else "no parent"))
                continue
        certificate = None
        if template.encloses_certificate:
            certificate, _ = certificate_data(session, pupil_id, period, letter_date, include_addresses=False)
        values = {**base, **pupil_values(pupil), **figure_values(figures, period)}
        pupil_letters: list[PlannedLetter] = []
        try:
            for n, recipient in enumerate(recipients, start=1):
                # One reference per letter: the template's number keeps two letters to one parent on one day apart.
                reference = f"ATT/{pupil.admission_number or pupil.id}/{letter_date:%d%m%y}/{template.order}-{n}"
                merged_values = {**values, **recipient_values(recipient), "letter.reference": reference}
                text = merge_all(template.parts(), merged_values)
                content = LetterContent(
                    recipient_name=recipient.name,
                    address_lines=recipient.address_lines,
                    date_text=merged_values["letter.date"],
                    reference=reference,
                    pupil_line=f"{pupil.display_name}, {year_label(pupil.year_group)}",
                    subject=text["subject"],
                    greeting=text["greeting"]
                    + ("," if text["greeting"] and not text["greeting"].endswith(",") else ""),
                    body=text["body"],
                    closing=text["closing"] + ("," if text["closing"] and not text["closing"].endswith(",") else ""),
                    signatory_name=signatory.name,
                    signatory_position=signatory.position,
                    signature=signatory.signature,
                    enclosures=enclosures,
                    continuation=f"{recipient.name}: {pupil.display_name}, {merged_values['letter.date']}",
                    certificate=certificate,
                )
                pupil_letters.append(PlannedLetter(pupil_id, pupil.display_name, recipient, content, merged_values))
        except MergeError as exc:
            blocked.append(BlockedPupil(pupil_id, pupil.display_name, str(exc), tuple(exc.fields)))
            continue
        refusal = _why_not(session, template, request, pupil_id, period, letter_date, figures, calculator)
        if refusal is not None:
            blocked.append(BlockedPupil(pupil_id, pupil.display_name, refusal[0], may_tick_back=refusal[1]))
            continue
        letters.extend(pupil_letters)
        if progress is not None:
            progress(done, total)
    return LetterPlan(template, period, tuple(letters), tuple(blocked), tuple(warnings))


def _why_not(
    session: Session,
    template: LetterTemplate,
    request: LetterRequest,
    pupil_id: int,
    period: DateRange,
    letter_date: date,
    figures: PupilFigures,
    calculator: FiguresCalculator,
) -> tuple[str, bool] | None:
    """Why this pupil may not have this letter, and whether the user may tick them back in; None when they may.

    The legal guard first (for a template that is, or threatens, a legal measure), then the template's premises
    about the figures. A pupil ticked back in (``request.ticked_back``) passes what may be set aside."""
    ticked = bool(request.ticked_back.get(pupil_id, "").strip())
    if template.measure:
        verdict = first_refusal(Measure(template.measure), guard_facts_in(session, pupil_id, letter_date))
        if not verdict.allowed and not (verdict.overridable and ticked):
            return verdict.reason or "this letter may not be sent", verdict.overridable
    premises = [parse_premise(p) for p in template.premises]
    if not premises or ticked:
        return None
    days = recent_days(premises)
    recent = before = None
    if days:
        # The last ``days`` days the school met (from the register), up to the letter's date.
        register = calculator.calendar
        last = register.last_school_day_on_or_before(min(period.end, letter_date)) or period.end
        first = last
        for _ in range(days - 1):
            earlier = register.last_school_day_on_or_before(first - timedelta(days=1))
            if earlier is None:
                break
            first = earlier
        recent = figures_for_pupil(session, pupil_id, DateRange(first, last), calculator)
        if first > period.start:
            before = figures_for_pupil(
                session, pupil_id, DateRange(period.start, first - timedelta(days=1)), calculator
            )
    reasons = premise_failures(premises, PremiseFigures(figures, recent, before))
    if reasons:
        return "the letter's words would not be true: " + "; ".join(reasons), True
    return None


def prepare_letters(
    store: Store, actor_id: int | None, request: LetterRequest, today: date | None = None
) -> LetterPlan:
    """Who gets which letter and what it says, with the pupils that cannot have one and why. Writes nothing."""
    with store.session() as session:
        plan = _plan_in(session, actor_id, request, today or date.today())
    assert plan is not None  # only a cancelled plan is None
    return plan


def produce_letters(
    store: Store,
    actor_id: int | None,
    request: LetterRequest,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    today: date | None = None,
) -> BatchResult:
    """Make, archive and log every letter of ``request``; return them in one PDF in envelope-stuffing order.

    Office staff prepare letters: they are archived and wait for the attendance lead's or head teacher's approval
    (``services.letters.approval``), and no PDF is returned. A maker who may approve letters approves them as
    they are made (recorded as such) and gets the PDF to print.

    ``progress(done, total)`` is called as work proceeds; when ``cancelled()`` turns true the batch stops and
    nothing is written. Pupils whose letters cannot be made (a missing field, nobody to write to) are listed in
    ``blocked`` and the rest go ahead.
    """
    require(store, actor_id, Permission.PREPARE_LETTERS)
    batch_id = uuid.uuid4().hex if len(request.pupil_ids) > 1 else ""
    try:
        with archive_transaction(store) as (session, writer):
            result = _produce_in(
                session, writer, actor_id, request, progress, cancelled, today or date.today(), batch_id
            )
    except _Cancelled:
        return BatchResult((), (), (), b"", cancelled=True)
    log.info(
        "letters made: template %s, %d letters, %d pupils blocked",
        request.template_key,
        len(result.letters),
        len(result.blocked),
    )
    return result


class _Cancelled(Exception):
    """Raised inside the transaction so that it rolls back and the archive files are removed."""


def _produce_in(
    session: Session,
    writer: ArchiveWriter,
    actor_id: int | None,
    request: LetterRequest,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    today: date,
    batch_id: str,
) -> BatchResult:
    steps = max(1, len(request.pupil_ids))

    def plan_progress(done: int, _total: int) -> None:
        if progress is not None:
            progress(done, steps * 3)

    plan = _plan_in(session, actor_id, request, today, plan_progress, cancelled)
    if plan is None:
        raise _Cancelled
    if not plan.letters:
        return BatchResult((), plan.blocked, plan.warnings, b"")
    if cancelled is not None and cancelled():
        raise _Cancelled
    letterhead = letterhead_from(settings_of(session))
    approves = approved_when_made(roles_in(session, actor_id))
    produced, pdf = _archive_batch(session, writer, actor_id, plan, letterhead, batch_id, approves)
    approve_when_made(session, actor_id, [p.letter_id for p in produced])
    for pupil_id in sorted({p.pupil_id for p in produced}):
        reason = request.ticked_back.get(pupil_id, "").strip()
        if reason:  # the user included a pupil whom a premise or the legal guard left out: keep why
            record_change(
                session,
                actor_id=actor_id,
                action="letter_tick_back",
                entity="pupil",
                entity_id=pupil_id,
                after={"template": plan.template.key},
                reason=reason,
            )
    if progress is not None:
        progress(steps * 3, steps * 3)
    return BatchResult(
        tuple(produced), plan.blocked, plan.warnings, pdf if approves else b"", batch_id=batch_id, approved=approves
    )


def _archive_batch(
    session: Session,
    writer: ArchiveWriter,
    actor_id: int | None,
    plan: LetterPlan,
    letterhead: Letterhead,
    batch_id: str,
    approves: bool,
) -> tuple[list[ProducedLetter], bytes]:
    """Archive the PDF exactly as it goes to the printer (every letter, in envelope-stuffing order) and log each
    letter, with the pages it fills, as a communication.

    One rendering serves both the archive and the printer, which is what makes a 200-letter batch fast; the
    pages of each letter are recorded (``letters.first_page``/``page_count`` and the document's data) so one
    pupil's letters can be found in it.
    """
    template = plan.template
    group = list(plan.letters)
    pages: list[int] = []
    pupils = {p.pupil_id for p in group}
    title = f"{template.title}: {group[0].pupil_name}"
    if len(pupils) > 1:
        title = f"{template.title} ({plural(len(pupils), 'pupil')})"
    pdf = render_letters([p.content for p in group], letterhead, title=title, pages_per_letter=pages)
    firsts = [1 + sum(pages[:i]) for i in range(len(pages))]
    document = writer.add(
        session,
        kind=DocumentKind.LETTER,
        title=title if len(pupils) > 1 else f"{template.title}, to " + " and ".join(p.recipient.name for p in group),
        pdf=pdf,
        actor_id=actor_id,
        pupil_id=group[0].pupil_id if len(pupils) == 1 else None,
        page_count=sum(pages),
        template_key=template.key,
        template_version=template.version,
        data={
            "template": {
                "key": template.key,
                "version": template.version,
                **template.parts(),
                "signatory": template.signatory,
                "enclosures": list(template.enclosures),
            },
            "period": [plan.period.start, plan.period.end],
            "letters": [
                {
                    "pupil_id": p.pupil_id,
                    "contact_id": p.recipient.contact_id,
                    "name": p.recipient.name,
                    "address": list(p.recipient.address_lines),
                    "first_page": first,
                    "page_count": count,
                    "values": p.values,
                }
                for p, first, count in zip(group, firsts, pages, strict=True)
            ],
        },
    )
    session.flush()
    out: list[ProducedLetter] = []
    for planned, first, count in zip(group, firsts, pages, strict=True):
        communication = log_communication(
            session,
            pupil_id=planned.pupil_id,
            contact_id=planned.recipient.contact_id,
            method=CommunicationMethod.LETTER,
            direction="out",
            outcome="",
            summary=f"Letter: {template.title} (to {planned.recipient.name})",
            actor_id=actor_id,
        )
        letter = Letter(
            pupil_id=planned.pupil_id,
            contact_id=planned.recipient.contact_id,
            communication_id=communication.id,
            document_id=document.id,
            first_page=first,
            page_count=count,
            template_key=template.key,
            template_version=template.version,
            recipient_name=planned.recipient.name,
            recipient_address="\n".join(planned.recipient.address_lines),
            period_start=plan.period.start,
            period_end=plan.period.end,
            batch_id=batch_id,
            created_by=actor_id,
        )
        session.add(letter)
        session.flush()
        record_change(
            session,
            actor_id=actor_id,
            action="print" if approves else "prepare",  # a prepared letter waits for approval before printing
            entity="letter",
            entity_id=letter.id,
            after={
                "template": f"{template.key}@{template.version}",
                "document_id": document.id,
                "pages": [first, first + count - 1],
                "sha256": document.sha256,
            },
        )
        out.append(
            ProducedLetter(
                letter.id,
                document.id,
                communication.id,
                planned.pupil_id,
                planned.recipient.name,
                document.sha256,
                first,
                count,
            )
        )
    return out, pdf
