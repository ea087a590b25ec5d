"""services.evidence is the only writer of communications and follow-up tasks, and writes them as the features did."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select

from attendance_desk.domain.upn import make_upn
from attendance_desk.services.evidence import add_follow_up_task, log_communication
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AuditEntry, Communication, FollowUpTask, Pupil

PACKAGE = Path(__file__).resolve().parents[2] / "attendance_desk"
EVIDENCE_TABLES = {"Communication", "FollowUpTask"}


def _writes(path: Path) -> list[str]:
    """Constructor calls and Core inserts of the evidence models in one module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if callee in EVIDENCE_TABLES:
            found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} builds {callee}")
        elif callee == "insert" and node.args:
            target = ast.unparse(node.args[0])
            if any(name in target for name in EVIDENCE_TABLES):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} inserts into {target}")
    return found


def test_only_the_evidence_service_writes_communications_and_tasks() -> None:
    writers = [hit for path in sorted(PACKAGE.rglob("*.py")) for hit in _writes(path)]
    assert writers and all(hit.startswith("attendance_desk/services/evidence.py:") for hit in writers), writers


def _pupil(store: Store) -> int:
    with store.transaction() as session:
        pupil = Pupil(
            upn=make_upn(0, 4001, 2019, 1),
            legal_surname="Okafor",
            legal_forename="Ada",
            date_of_birth=date(2016, 3, 1),
            year_group="4",
        )
        session.add(pupil)
        session.flush()
        return pupil.id


def test_a_communication_gets_an_id_and_keeps_or_defaults_its_time(store: Store) -> None:
    pupil_id = _pupil(store)
    when = datetime(2026, 10, 5, 9, 30, tzinfo=UTC)
    with store.transaction() as session:
        dated = log_communication(session, pupil_id=pupil_id, method="call", summary="Rang", actor_id=None, at=when)
        undated = log_communication(session, pupil_id=pupil_id, method="letter", summary="Sent", actor_id=None)
        assert dated.id is not None and undated.id is not None and dated.id != undated.id
        ids = (dated.id, undated.id)
    with store.session() as session:
        rows = {row.id: row for row in session.scalars(select(Communication))}
    assert rows[ids[0]].at.replace(tzinfo=UTC) == when
    assert rows[ids[1]].at is not None and rows[ids[1]].direction == "out" and rows[ids[1]].outcome == ""


def test_a_typed_in_task_is_audited_and_a_generated_one_is_not(store: Store) -> None:
    pupil_id = _pupil(store)
    with store.transaction() as session:
        typed = add_follow_up_task(
            session,
            kind="manual",
            title="Ring home",
            due_on=date(2026, 10, 6),
            actor_id=None,
            source="manual",
            pupil_id=pupil_id,
            audited=True,
        )
        generated = add_follow_up_task(
            session,
            kind="escalation_call",
            title="Day 3 call",
            due_on=date(2026, 10, 6),
            actor_id=None,
            source="escalation:day3",
            pupil_id=pupil_id,
        )
        ids = (typed.id, generated.id)
    with store.session() as session:
        audited = {
            e.entity_id for e in session.scalars(select(AuditEntry).where(AuditEntry.entity == "follow_up_tasks"))
        }
        tasks = {t.id: t for t in session.scalars(select(FollowUpTask))}
    assert audited == {str(ids[0])}
    assert tasks[ids[1]].source == "escalation:day3" and tasks[ids[1]].done_at is None
