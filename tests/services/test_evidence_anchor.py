"""The chain's newest link is an anchor that later checks compare with: a chain rewritten from some entry onwards
(its keyless hashes recomputed, so it is consistent again) or cut back is caught, against this computer's own
anchor and against a link written down from ``attendance-desk verify``. Both back ends.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from attendance_desk.cli import main
from attendance_desk.domain.calendar import DateRange
from attendance_desk.paths import logs_dir
from attendance_desk.services.evidence_anchor import RESULT_FILE, Link, parse_link, saved_anchor
from attendance_desk.services.letters.batches import LetterRequest, produce_letters
from attendance_desk.services.verify import run_verify, save_result
from attendance_desk.store.append_only import guards_lifted
from attendance_desk.store.chain import entry_hash, seal_unsealed
from attendance_desk.store.engine import Store
from attendance_desk.store.models import AuditChainHead, AuditEntry
from tests.helpers.accounts import sign_in_cli
from tests.helpers.letters_school import END, STAFF_ID, START, build_school

REWRITTEN = "the audit chain was rewritten or cut since"


@pytest.fixture
def school(store: Store) -> Store:
    build_school(store)
    with store.transaction() as session:
        seal_unsealed(session)
    produce_letters(store, STAFF_ID, LetterRequest("attendance_concern", [2], DateRange(START, END)), today=END)
    return store


def _rewrite_from(session: Session, seq: int) -> None:
    """What someone with write access and this source code could do: change an entry and recompute every hash
    after it, so the chain is consistent again."""
    table = AuditEntry.__table__
    rows = [
        dict(row)
        for row in session.execute(select(table).where(table.c.seq >= seq - 1).order_by(table.c.seq)).mappings()
    ]
    previous = rows[0]["entry_hash"]
    for row in rows[1:]:
        if row["seq"] == seq:
            row["reason"] = "nothing to see"
        row["prev_hash"] = previous
        row["entry_hash"] = previous = entry_hash(row)
        values = {"reason": row["reason"], "prev_hash": row["prev_hash"], "entry_hash": row["entry_hash"]}
        session.execute(update(table).where(table.c.id == row["id"]).values(**values))
    session.execute(update(AuditChainHead).where(AuditChainHead.id == 1).values(last_hash=previous))


def rewrite(store: Store, seq: int) -> None:
    with store.transaction() as session, guards_lifted(session, ["audit_log"]):
        _rewrite_from(session, seq)


def cut(store: Store, keep: int) -> None:
    """Remove the newest entries and move the head back: the shorter chain is consistent."""
    with store.transaction() as session, guards_lifted(session, ["audit_log"]):
        table = AuditEntry.__table__
        last = session.execute(select(table.c.entry_hash).where(table.c.seq == keep)).scalar_one()
        session.execute(table.delete().where(table.c.seq > keep))
        session.execute(update(AuditChainHead).where(AuditChainHead.id == 1).values(last_seq=keep, last_hash=last))


def problems(store: Store) -> list[str]:
    return [str(f) for f in run_verify(store).findings]


def test_a_rewritten_chain_is_consistent_but_the_anchor_catches_it(school: Store) -> None:
    first = run_verify(school)
    assert first.ok and first.newest_link is not None
    save_result(school, first)  # as the daily check does
    anchor = saved_anchor(school)
    assert anchor is not None and anchor.link == first.newest_link
    rewrite(school, 3)
    found = problems(school)
    assert len(found) == 1 and found[0].startswith(f"audit_log row seq {first.newest_link.seq}: {REWRITTEN} the check")
    (logs_dir(school.data_dir) / RESULT_FILE).unlink()
    assert run_verify(school).ok  # without an anchor the rewrite is invisible: why the anchor exists


def test_a_cut_chain_is_caught_and_a_failed_check_does_not_move_the_anchor(school: Store) -> None:
    first = run_verify(school)
    save_result(school, first)
    assert first.newest_link is not None
    cut(school, first.newest_link.seq - 4)
    failed = run_verify(school)
    since = saved_anchor(school).since  # type: ignore[union-attr]
    found = [str(f) for f in failed.findings]
    assert f"audit_log row seq {first.newest_link.seq}: {REWRITTEN} {since}" in found
    # The seals of the rows written last went with the cut entries: those rows now stand unsealed.
    assert all(f.startswith("audit_log") or "no seal in the audit chain" in f for f in found), found
    save_result(school, failed)
    assert saved_anchor(school).link == first.newest_link  # type: ignore[union-attr]
    assert not run_verify(school).ok  # still caught on the next check


def test_the_anchor_moves_on_with_each_sound_check(school: Store) -> None:
    first = run_verify(school)
    save_result(school, first)
    produce_letters(school, STAFF_ID, LetterRequest("attendance_concern", [1], DateRange(START, END)), today=END)
    second = run_verify(school)
    assert second.ok and second.newest_link and first.newest_link
    assert second.newest_link.seq > first.newest_link.seq
    save_result(school, second)
    assert saved_anchor(school).link == second.newest_link  # type: ignore[union-attr]


def test_a_result_file_from_before_anchors_still_anchors(school: Store) -> None:
    first = run_verify(school)
    assert first.newest_link is not None
    old = {"checked_at": first.checked_at.isoformat(), "ok": True, "summary": "", "findings": []}
    old["chain_head"] = [first.newest_link.seq, first.newest_link.hash]  # type: ignore[assignment]
    (logs_dir(school.data_dir) / RESULT_FILE).write_text(json.dumps(old), encoding="utf-8")
    rewrite(school, 2)
    assert any(REWRITTEN in f for f in problems(school))


def test_the_command_prints_the_newest_link_and_checks_one_written_down(
    school: Store, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in_cli(monkeypatch, school.data_dir)
    base = ["--data-dir", str(school.data_dir), "verify"]
    assert main(base) == 0
    printed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("newest link")]
    link = parse_link(printed[0].rsplit(" ", 1)[1])
    written_down = f"{link.seq}:{link.hash[:16]}"  # what someone copies onto paper
    assert main([*base, "--anchor", written_down]) == 0
    rewrite(school, 2)
    (logs_dir(school.data_dir) / RESULT_FILE).unlink()  # the attacker removed this PC's own anchor as well
    capsys.readouterr()
    assert main([*base, "--anchor", written_down]) == 1
    out = capsys.readouterr().out
    assert f"audit_log row seq {link.seq}: {REWRITTEN} the link you gave (seq {link.seq})" in out
    with pytest.raises(SystemExit) as bad:
        main([*base, "--anchor", "12:abc"])
    assert bad.value.code == 2
    assert "at least the first 16 characters" in capsys.readouterr().err


@given(st.integers(1, 10**9), st.text(alphabet="0123456789abcdef", min_size=16, max_size=64))
def test_a_link_reads_back_as_printed(seq: int, digest: str) -> None:
    assert parse_link(str(Link(seq, digest))) == Link(seq, digest)
    assert parse_link(f"  {seq} : {digest.upper()} ") == Link(seq, digest)


@given(st.text(max_size=40))
def test_anything_else_is_refused_with_a_sentence(garbage: str) -> None:
    try:
        parse_link(garbage)
    except ValueError as refusal:
        assert "SEQ:HASH" in str(refusal) or "sequence number" in str(refusal) or "16 characters" in str(refusal)


def test_nothing_personal_goes_into_the_result_file(school: Store) -> None:
    save_result(school, run_verify(school))
    kept = (logs_dir(school.data_dir) / RESULT_FILE).read_text(encoding="utf-8")
    with school.session() as session:
        names = session.execute(text("SELECT legal_surname FROM pupils")).scalars().all()
    assert names and not any(name in kept for name in names)
    assert date.today().isoformat()[:4] in kept
