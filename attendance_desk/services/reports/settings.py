"""The school's reporting settings: phase, improvement target and its basis, and the local authority's due rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from attendance_desk.domain.calendar import school_year_start
from attendance_desk.domain.reports.returns import DEFAULT_DUE_RULE, DueRule, DueRuleError
from attendance_desk.services.reports.national import PHASES, phase_from_year_groups
from attendance_desk.store.audit import record_change, snapshot
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Pupil, ReportSettings, utc_now

MEASURES = ("attendance", "absence")
_FIELDS = (
    "phase",
    "target_measure",
    "target_percent",
    "target_basis",
    "target_year_start",
    "continuous_due_rule",
    "sickness_due_rule",
    "la_returns_contact",
)


class ReportSettingsError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class ReportOptions:
    phase: str = ""  # "" = worked out from the year groups
    target_measure: str = "attendance"
    target_percent: Decimal | None = None
    target_basis: str = ""
    target_year_start: date | None = None
    continuous_due_rule: str = DEFAULT_DUE_RULE
    sickness_due_rule: str = DEFAULT_DUE_RULE
    la_returns_contact: str = ""


def options_in(session: Session) -> ReportOptions:
    row = session.get(ReportSettings, 1)
    if row is None:
        return ReportOptions()
    return ReportOptions(*(getattr(row, name) for name in _FIELDS))


def load_options(store: Store) -> ReportOptions:
    with store.session() as session:
        return options_in(session)


def school_phase(session: Session, options: ReportOptions | None = None) -> str:
    options = options or options_in(session)
    if options.phase in PHASES:
        return options.phase
    years = set(session.scalars(select(Pupil.year_group).where(Pupil.leaving_date.is_(None)).distinct()))
    return phase_from_year_groups(years)


def parse_target(text: str) -> Decimal | None:
    """``"96.5"`` or ``"96.5%"`` → Decimal; empty → None. A clear error otherwise."""
    text = text.strip().rstrip("%").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ReportSettingsError("target_percent", f"'{text}' is not a percentage (e.g. 95.2)") from None
    if not value.is_finite():
        raise ReportSettingsError("target_percent", f"'{text}' is not a percentage (e.g. 95.2)")
    if not Decimal(0) < value < Decimal(100):
        raise ReportSettingsError("target_percent", "the target must be between 0 and 100")
    return value.quantize(Decimal("0.01"))


def validate(options: ReportOptions) -> ReportOptions:
    if options.phase not in ("", *PHASES):
        raise ReportSettingsError("phase", f"the phase must be one of: {', '.join(PHASES)} (or empty)")
    if options.target_measure not in MEASURES:
        raise ReportSettingsError("target_measure", f"the target measure must be one of: {', '.join(MEASURES)}")
    if options.target_percent is not None and not Decimal(0) < options.target_percent < Decimal(100):
        raise ReportSettingsError("target_percent", "the target must be between 0 and 100")
    if options.target_percent is not None and not options.target_basis.strip():
        raise ReportSettingsError("target_basis", "say where the target comes from (e.g. the DfE's letter and date)")
    for name in ("continuous_due_rule", "sickness_due_rule"):
        try:
            DueRule(getattr(options, name))
        except DueRuleError as exc:
            raise ReportSettingsError(name, str(exc)) from None
    year = options.target_year_start
    if year is not None and year != school_year_start(year):
        raise ReportSettingsError("target_year_start", "the target year starts on 1 September")
    return options


def save_options(store: Store, actor_id: int | None, options: ReportOptions) -> ReportOptions:
    options = validate(options)
    with store.transaction() as session:
        row = session.get(ReportSettings, 1)
        before = snapshot(row, _FIELDS) if row else None
        if row is None:
            row = ReportSettings(id=1)
            session.add(row)
        for name in _FIELDS:
            setattr(row, name, getattr(options, name))
        row.updated_by = actor_id
        row.updated_at = utc_now()
        session.flush()
        record_change(
            session,
            actor_id=actor_id,
            action="update" if before else "create",
            entity="report_settings",
            entity_id=1,
            before=before,
            after=snapshot(row, _FIELDS),
        )
    return options
