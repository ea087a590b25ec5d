"""Our own words: no run of eight or more words in a letter template or in the fixed text of a document also
appears in the seed guidance (``shared/seeds``), compared without case or punctuation.

Quotations of statute and titles of guidance may be listed in ``EXCEPTIONS`` (normalised), each with why."""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "attendance_desk"
SEEDS = next((p for p in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")) if p.is_dir()), None)
RUN = 8
# Fixed text printed on documents: every string in these modules, and every letter template.
DOCUMENT_MODULES = [
    *sorted((PACKAGE / "documents").rglob("*.py")),
    PACKAGE / "domain" / "casework" / "referrals.py",
    PACKAGE / "domain" / "casework" / "periods.py",
    PACKAGE / "domain" / "casework" / "records.py",
    PACKAGE / "domain" / "legal_guard.py",
]
TEMPLATES = sorted((PACKAGE.parent / "resources" / "templates" / "letters").glob("*.toml"))
EXCEPTIONS: dict[str, str] = {
    # normalised run of words → why it may match (statute quoted, the title of a guidance document)
    "under section 444 of the education act 1996": "the offence, cited by its statute",
    "the nhs page is my child too ill": "the title of the NHS guidance page, quoted",
    "nhs page is my child too ill for": "the title of the NHS guidance page, quoted",
    "page is my child too ill for school": "the title of the NHS guidance page, quoted",
}
WORD = re.compile(r"[a-z0-9£%]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    text = text.casefold().replace("’", "'").replace("‘", "'")
    text = re.sub(r"\{[^}]*\}", " ", text)  # a merge field is not a word of ours
    return WORD.findall(text)


def runs(text: str) -> Iterator[tuple[str, ...]]:
    w = words(text)
    for i in range(len(w) - RUN + 1):
        yield tuple(w[i : i + RUN])


def module_strings(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, ast.JoinedStr):  # an f-string: its literal parts, joined around the fields
            yield " ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))


def template_strings(path: Path) -> Iterator[str]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for key in ("title", "purpose", "when_to_use", "subject", "greeting", "body", "closing"):
        if key in data:
            yield str(data[key])


def our_texts() -> Iterator[tuple[str, str]]:
    for path in DOCUMENT_MODULES:
        for text in module_strings(path):
            yield str(path.relative_to(ROOT)), text
    for path in TEMPLATES:
        for text in template_strings(path):
            yield str(path.relative_to(ROOT)), text


@pytest.mark.skipif(SEEDS is None, reason="the seed documents are not on this machine")
def test_no_run_of_eight_words_is_copied_from_the_seeds() -> None:
    assert SEEDS is not None
    seed_runs: set[tuple[str, ...]] = set()
    for seed in sorted(SEEDS.glob("*.txt")):
        seed_runs.update(runs(seed.read_text(encoding="utf-8", errors="replace")))
    copied = sorted(
        {
            f"{where}: {' '.join(run)}"
            for where, text in our_texts()
            for run in runs(text)
            if run in seed_runs and " ".join(run) not in EXCEPTIONS
        }
    )
    assert copied == []


def test_the_check_finds_a_copied_sentence() -> None:
    """The checker itself: a run lifted from a text is found, one word changed is not."""
    source = "Parents have a legal duty to make sure their child attends school regularly every day."
    assert set(runs("Remember: parents have a legal duty to make sure their child attends.")) & set(runs(source))
    assert not set(runs("Parents have a legal task to make sure their child goes.")) & set(runs(source))
