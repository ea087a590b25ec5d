"""The letter template library: defaults shipped in ``resources/templates/letters/*.toml`` and the office's edits.

A template's current text is its newest version: an edited version stored in ``letter_templates`` if there is
one, otherwise the default file. Versions only ever go up: saving an edit adds version n+1, and "restore default"
also adds a version (holding the default text), so a letter's recorded version always names the exact words used.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from attendance_desk.domain.access import Permission
from attendance_desk.domain.legal_guard import Measure
from attendance_desk.domain.letter_premises import PremiseError
from attendance_desk.domain.letter_premises import parse as parse_premise
from attendance_desk.domain.merge import SUPPLIED_FIELDS, fields_in, unknown_fields
from attendance_desk.paths import resource_path
from attendance_desk.services.access import require
from attendance_desk.store.audit import record_change
from attendance_desk.store.engine import Store
from attendance_desk.store.models import LetterTemplateVersion

SIGNATORIES = ("staff", "attendance_lead", "head_teacher")
CERTIFICATE_ENCLOSURE = "registration_certificate"
ENCLOSURE_LABELS = {CERTIFICATE_ENCLOSURE: "Registration certificate"}
_TEXT_PARTS = ("subject", "greeting", "body", "closing")


class TemplateError(ValueError):
    """A template that cannot be saved or loaded; the message says where and why."""


@dataclass(frozen=True, slots=True)
class LetterTemplate:
    key: str
    version: int
    title: str
    purpose: str
    when_to_use: str
    stage: str
    subject: str
    greeting: str
    body: str
    closing: str
    signatory: str = "staff"
    enclosures: tuple[str, ...] = ()
    order: int = 999
    edited: bool = False
    default_version: int = 1
    extra: dict[str, str] = field(default_factory=dict)
    # What the letter's words assume: the legal measure it threatens or is (asked of the legal guard for the pupil
    # and each recipient), and premises about the figures (domain.letter_premises). From the shipped file; an
    # office's edit keeps them.
    measure: str = ""
    premises: tuple[str, ...] = ()

    def parts(self) -> dict[str, str]:
        """The text parts that may hold merge fields."""
        return {name: getattr(self, name) for name in _TEXT_PARTS}

    def field_names(self) -> list[str]:
        seen: dict[str, None] = {}
        for name, text in self.parts().items():
            for use in fields_in(text, name):
                seen.setdefault(use.name, None)
        return list(seen)

    def supplied_fields(self) -> list[str]:
        """Fields the user types in when making the letter (meeting date, plan dates …), in template order."""
        return [name for name in self.field_names() if name in SUPPLIED_FIELDS]

    @property
    def encloses_certificate(self) -> bool:
        return CERTIFICATE_ENCLOSURE in self.enclosures


def templates_dir() -> Path:
    return resource_path("templates", "letters")


def _from_toml(path: Path) -> LetterTemplate:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{path.name}: {exc}") from exc
    try:
        template = LetterTemplate(
            key=str(data["key"]),
            version=int(data["version"]),
            title=str(data["title"]),
            purpose=str(data["purpose"]),
            when_to_use=str(data["when_to_use"]),
            stage=str(data.get("stage", "")),
            subject=str(data["subject"]),
            greeting=str(data.get("greeting", "Dear {recipient.salutation}")),
            body=str(data["body"]).strip("\n"),
            closing=str(data.get("closing", "Yours sincerely")),
            signatory=str(data.get("signatory", "staff")),
            enclosures=tuple(str(e) for e in data.get("enclosures", ())),
            order=int(data.get("order", 999)),
            default_version=int(data["version"]),
            measure=str(data.get("measure", "")),
            premises=tuple(str(p) for p in data.get("premises", ())),
        )
    except KeyError as exc:
        raise TemplateError(f"{path.name}: the setting {exc.args[0]!r} is missing") from exc
    if template.key != path.stem:
        raise TemplateError(f"{path.name}: key {template.key!r} does not match the file name")
    check_template(template, path.name)
    return template


def check_template(template: LetterTemplate, where: str = "template") -> None:
    """Raise :class:`TemplateError` listing every unknown field or stray brace, with line and column."""
    problems = unknown_fields(template.parts())
    if template.signatory not in SIGNATORIES:
        problems.append(f"signatory must be one of {', '.join(SIGNATORIES)}, not {template.signatory!r}")
    if not template.body.strip():
        problems.append("body: the letter has no text")
    if template.measure and template.measure not in {m.value for m in Measure}:
        problems.append(f"measure must be one of {', '.join(m.value for m in Measure)}, not {template.measure!r}")
    for premise in template.premises:
        try:
            parse_premise(premise)
        except PremiseError as exc:
            problems.append(f"premises: {exc}")
    if problems:
        raise TemplateError(f"{where}: " + "; ".join(problems))


@cache
def default_templates() -> dict[str, LetterTemplate]:
    """The shipped templates by key, in process order."""
    loaded = [_from_toml(path) for path in sorted(templates_dir().glob("*.toml"))]
    return {t.key: t for t in sorted(loaded, key=lambda t: (t.order, t.key))}


def _from_row(row: LetterTemplateVersion, default: LetterTemplate) -> LetterTemplate:
    return replace(
        default,
        version=row.version,
        title=row.title,
        purpose=row.purpose,
        when_to_use=row.when_to_use,
        subject=row.subject,
        greeting=row.greeting,
        body=row.body,
        closing=row.closing,
        signatory=row.signatory,
        enclosures=tuple(row.enclosures or ()),
        edited=not row.restored_default,
    )


def _latest_rows(session: Session) -> dict[str, LetterTemplateVersion]:
    newest = (
        select(LetterTemplateVersion.template_key, func.max(LetterTemplateVersion.version).label("v"))
        .group_by(LetterTemplateVersion.template_key)
        .subquery()
    )
    rows = session.scalars(
        select(LetterTemplateVersion).join(
            newest,
            (LetterTemplateVersion.template_key == newest.c.template_key)
            & (LetterTemplateVersion.version == newest.c.v),
        )
    )
    return {row.template_key: row for row in rows}


def list_templates_in(session: Session) -> list[LetterTemplate]:
    latest = _latest_rows(session)
    out = []
    for key, default in default_templates().items():
        row = latest.get(key)
        out.append(_from_row(row, default) if row is not None else default)
    return out


def list_templates(store: Store) -> list[LetterTemplate]:
    """Every template's current version, in process order."""
    with store.session() as session:
        return list_templates_in(session)


def get_template_in(session: Session, key: str, version: int | None = None) -> LetterTemplate:
    default = default_templates().get(key)
    if default is None:
        known = ", ".join(default_templates())
        raise TemplateError(f"there is no letter template {key!r}; the templates are: {known}")
    query = select(LetterTemplateVersion).where(LetterTemplateVersion.template_key == key)
    if version is not None:
        if version == default.default_version:
            row = session.scalar(query.where(LetterTemplateVersion.version == version))
            return _from_row(row, default) if row is not None else default
        query = query.where(LetterTemplateVersion.version == version)
    row = session.scalar(query.order_by(LetterTemplateVersion.version.desc()).limit(1))
    if row is None:
        if version is not None:
            raise TemplateError(f"template {key!r} has no version {version}")
        return default
    return _from_row(row, default)


def get_template(store: Store, key: str, version: int | None = None) -> LetterTemplate:
    with store.session() as session:
        return get_template_in(session, key, version)


def _add_version(store: Store, actor_id: int | None, template: LetterTemplate, *, restored: bool) -> LetterTemplate:
    with store.transaction() as session:
        current = get_template_in(session, template.key)
        new = replace(template, version=current.version + 1, edited=not restored)
        session.add(
            LetterTemplateVersion(
                template_key=new.key,
                version=new.version,
                title=new.title,
                purpose=new.purpose,
                when_to_use=new.when_to_use,
                subject=new.subject,
                greeting=new.greeting,
                body=new.body,
                closing=new.closing,
                signatory=new.signatory,
                enclosures=list(new.enclosures),
                restored_default=restored,
                created_by=actor_id,
            )
        )
        record_change(
            session,
            actor_id=actor_id,
            action="restore_default" if restored else "update",
            entity="letter_template",
            entity_id=f"{new.key}@{new.version}",
            after={"title": new.title, "version": new.version},
        )
    return new


def save_template(store: Store, actor_id: int | None, template: LetterTemplate) -> LetterTemplate:
    """Store an edit as the next version (refused, changing nothing, when a field is unknown)."""
    require(store, actor_id, Permission.EDIT_TEMPLATES)
    default = default_templates().get(template.key)
    if default is None:
        raise TemplateError(f"there is no letter template {template.key!r}")
    check_template(template, template.title or template.key)
    return _add_version(store, actor_id, template, restored=False)


def restore_default(store: Store, actor_id: int | None, key: str) -> LetterTemplate:
    """Make the shipped wording current again, as a new version."""
    require(store, actor_id, Permission.EDIT_TEMPLATES)
    default = default_templates().get(key)
    if default is None:
        raise TemplateError(f"there is no letter template {key!r}")
    return _add_version(store, actor_id, default, restored=True)
