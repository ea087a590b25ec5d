"""Anchors for the audit chain, kept outside the database, and the daily check's result file.

The chain's hash has no key: someone who can write to the database can rewrite every entry from a changed one
onwards, and the chain is consistent again. What they cannot rewrite is a link kept somewhere else. So:

- each check saves the newest link it saw (``anchor`` in ``logs/last-evidence-check.json``, this computer's own
  folder, readable only by its user) when the chain itself was sound, and the next check compares the entry at
  that ``seq`` with it: a changed hash, or a chain now shorter, is reported as *the audit chain was rewritten or cut
  since <date>*. On a school server every PC keeps its own anchor, out of reach of anyone with only the server;
- ``attendance-desk verify`` prints the newest link (``SEQ:HASH``) so it can be written down or kept elsewhere, and
  ``--anchor SEQ:HASH`` checks the chain against one (the first 16 characters of the hash are enough).

Why no keyed hash (HMAC with a per-PC key): on one PC the key would sit in the same data folder, with the same
permissions, as the database, so whoever can rewrite the database can read the key; with a server, each PC would
need every other PC's key to check the chain. An anchor held where the database's writer cannot reach it gives
the same protection without a key to share or lose.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from attendance_desk.domain.london import LONDON
from attendance_desk.paths import logs_dir
from attendance_desk.store.engine import Store
from attendance_desk.store.models import utc_now

RESULT_FILE = "last-evidence-check.json"
CHECK_EVERY = timedelta(days=1)
MIN_HASH_CHARS = 16
_LINK = re.compile(r"^\s*(\d{1,12})\s*:\s*([0-9a-fA-F]+)\s*$")


@dataclass(frozen=True, slots=True)
class Link:
    """One entry of the chain: its ``seq`` and its hash (in full, or a prefix written down by hand)."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    def matches(self, entry_hash: str | None) -> bool:
        return entry_hash is not None and entry_hash.startswith(self.hash)


@dataclass(frozen=True, slots=True)
class Anchor:
    link: Link
    since: str
    """Words for when it was taken: "the check of 27/11/2026 16:40" or "the link you gave"."""


def parse_link(text: str) -> Link:
    """``SEQ:HASH`` as printed by ``verify`` (at least the first 16 characters of the hash)."""
    match = _LINK.match(text)
    if match is None:
        raise ValueError(f"'{text}' is not a link of the chain: give it as SEQ:HASH, as verify prints it")
    seq, digest = int(match.group(1)), match.group(2).lower()
    if seq < 1:
        raise ValueError(f"'{text}': the sequence number starts at 1")
    if not MIN_HASH_CHARS <= len(digest) <= 64:
        raise ValueError(f"'{text}': give at least the first {MIN_HASH_CHARS} characters of the hash (64 at most)")
    return Link(seq, digest)


def _result_path(store: Store) -> Path:
    return logs_dir(store.data_dir) / RESULT_FILE


def _when(moment: str) -> str:
    try:
        return datetime.fromisoformat(moment).astimezone(LONDON).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return "an earlier check"


def last_result(store: Store) -> dict[str, Any] | None:
    try:
        data = json.loads(_result_path(store).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def saved_anchor(store: Store) -> Anchor | None:
    """The newest link an earlier check on this computer saw in a sound chain, if any."""
    last = last_result(store) or {}
    kept = last.get("anchor")
    head = last.get("chain_head")
    if kept is None and isinstance(head, list) and len(head) == 2:  # written by the version before anchors
        kept = {"seq": head[0], "hash": head[1], "at": last.get("checked_at", "")}
    if not isinstance(kept, dict):
        return None
    try:
        link = Link(int(kept["seq"]), str(kept["hash"]))
    except (KeyError, TypeError, ValueError):
        return None
    return Anchor(link, f"the check of {_when(str(kept.get('at', '')))}")


def keep_result(
    store: Store,
    *,
    checked_at: datetime,
    ok: bool,
    summary: str,
    findings: list[str],
    newest_link: Link | None,
    chain_intact: bool,
) -> None:
    """Keep a check's outcome (tables, rows and problems only: no personal data) for Settings → Security, and move
    the anchor on to the newest link, unless the chain itself had a problem (then the older anchor stays, so the
    next check still compares against a link from before the problem)."""
    anchor = (last_result(store) or {}).get("anchor")
    if chain_intact and newest_link is not None:
        anchor = {"seq": newest_link.seq, "hash": newest_link.hash, "at": checked_at.isoformat()}
    record = {
        "checked_at": checked_at.isoformat(),
        "ok": ok,
        "summary": summary,
        "findings": findings[:200],
        "newest_link": str(newest_link) if newest_link else "",
        "anchor": anchor,
    }
    path = _result_path(store)
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(record, indent=1), encoding="utf-8")
    partial.replace(path)


def check_due(store: Store, now: datetime | None = None) -> bool:
    """True when the last check is a day old or there has been none."""
    last = last_result(store)
    if last is None:
        return True
    try:
        checked = datetime.fromisoformat(str(last["checked_at"]))
    except (KeyError, ValueError):
        return True
    return (now or utc_now()) - checked >= CHECK_EVERY
