"""Letters: one per person with parental responsibility, each to their own address, with the right figures."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.merge import MergeError, format_number, format_percent
from attendance_desk.domain.vocabulary import DeliveryMethod
from attendance_desk.services.archive import read_document
from attendance_desk.services.chronology import pupil_chronology
from attendance_desk.services.evidence import current_communication
from attendance_desk.services.figures import figures_for_pupil
from attendance_desk.services.letters.batches import LetterRequest, produce_letters
from attendance_desk.services.letters.data import LetterError
from attendance_desk.services.letters.delivery import list_letters, record_delivery
from attendance_desk.services.sync.exports import communication_log
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Communication
from attendance_desk.store.models.letters import ArchivedDocument, Letter, LetterTemplateVersion
from tests.helpers.accounts import everyone
from tests.helpers.letters_school import END, STAFF_ID, START, build_school, pdf_pages_text

PERIOD = DateRange(START, END)
TODAY = date(2025, 11, 24)


def make(store: Store, pupils: list[int], template: str = "attendance_concern", **kwargs) -> object:  # type: ignore[no-untyped-def]
    return produce_letters(store, STAFF_ID, LetterRequest(template, pupils, PERIOD, **kwargs), today=TODAY)


def letter_texts(store: Store, result) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Recipient name → the text of that recipient's own pages in the pupil's archived PDF."""
    out = {}
    for p in result.letters:
        pages = pdf_pages_text(read_document(store, p.document_id))
        out[p.recipient_name] = "\n".join(pages[p.first_page - 1 : p.first_page - 1 + p.page_count])
    return out


def test_two_parents_at_one_address_each_get_their_own_letter(store: Store) -> None:
    build_school(store)
    result = make(store, [1])
    texts = letter_texts(store, result)
    assert sorted(texts) == ["Mr Paweł Wiśniewski", "Mrs Małgorzata Wiśniewska"]
    mother, father = texts["Mrs Małgorzata Wiśniewska"], texts["Mr Paweł Wiśniewski"]
    assert "12 Chapel Row" in mother and "12 Chapel Row" in father
    assert "Dear Mrs Wiśniewska," in mother and "Paweł" not in mother
    assert "Dear Mr Wiśniewski," in father and "Małgorzata" not in father
    combined = pdf_pages_text(result.pdf)
    assert len(combined) == 2  # one page each, mother first (contact priority)
    assert "Mrs Małgorzata Wiśniewska" in combined[0] and "Mr Paweł Wiśniewski" in combined[1]


def test_separated_parents_get_letters_at_their_own_addresses(store: Store) -> None:
    build_school(store)
    texts = letter_texts(store, make(store, [2]))
    assert sorted(texts) == ["Mr Dafydd Rees", "Ms Siân Gwŷn"]
    assert "7 Orchard Close" in texts["Ms Siân Gwŷn"] and "Mill House" not in texts["Ms Siân Gwŷn"]
    assert "Flat 3, Mill House" in texts["Mr Dafydd Rees"] and "45 River Street" in texts["Mr Dafydd Rees"]
    assert "Orchard" not in texts["Mr Dafydd Rees"]


def test_a_step_parent_without_parental_responsibility_gets_no_letter_unless_chosen(store: Store) -> None:
    build_school(store)
    assert "Mr Tom Barker" not in letter_texts(store, make(store, [2]))
    chosen = letter_texts(store, make(store, [2], carer_contact_ids=[23]))
    assert "Mr Tom Barker" in chosen and "Dear Mr Barker," in chosen["Mr Tom Barker"]


def test_a_parent_under_a_court_order_restriction_gets_no_letter(store: Store) -> None:
    build_school(store)
    result = make(store, [3])
    texts = letter_texts(store, result)
    assert list(texts) == ["Ms Aoife O’Brien"]
    assert "Declan" not in "\n".join(pdf_pages_text(result.pdf))
    assert "Harbour Road" not in "\n".join(pdf_pages_text(result.pdf))


def test_two_pupils_in_one_family_get_one_letter_each_per_parent(store: Store) -> None:
    build_school(store)
    result = make(store, [1, 4])
    assert [(p.pupil_id, p.recipient_name) for p in result.letters] == [
        (1, "Mrs Małgorzata Wiśniewska"), (1, "Mr Paweł Wiśniewski"),
        (4, "Mrs Małgorzata Wiśniewska"), (4, "Mr Paweł Wiśniewski"),
    ]  # fmt: skip
    pages = pdf_pages_text(result.pdf)
    assert "Łucja" in pages[0] and "Jan Wiśniewski" not in pages[0]
    assert "Jan Wiśniewski" in pages[2] and "Łucja" not in pages[2]
    assert result.warnings  # the father's family inbox is flagged as shared


def test_the_letter_prints_the_figures_function_output(store: Store) -> None:
    build_school(store)
    with store.session() as session:
        figures = figures_for_pupil(session, 2, PERIOD)
    result = make(store, [2], "stage1_support", supplied={"reply.by": "5 December 2025"})
    text = " ".join(letter_texts(store, result).popitem()[1].split())
    assert f"attendance of {format_percent(figures.attendance_percent)}" in text
    assert (
        f"{format_number(figures.days_missed)} days missed, about {format_number(figures.lessons_missed)} lessons"
        in text
    )
    assert f"absence in {figures.broken_weeks} of {figures.school_weeks} school weeks" in text
    assert f"{figures.unauthorised_absence_sessions} sessions of unauthorised absence" in text
    assert figures.unauthorised_absence_sessions > 0


def test_a_missing_supplied_field_blocks_the_letter_and_names_it(store: Store) -> None:
    build_school(store)
    result = make(store, [1], "declining_meeting_invite", supplied={"meeting.date": "2 December 2025"})
    assert not result.letters and result.pdf == b""
    assert "{meeting.time}" in result.blocked[0].reason and "{meeting.place}" in result.blocked[0].reason
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(ArchivedDocument)) == 0


def test_an_unknown_field_in_a_stored_template_blocks_every_letter(store: Store) -> None:
    build_school(store)
    with store.transaction() as session:
        session.add(LetterTemplateVersion(template_key="lateness", version=2, title="L", body="{pupil.shoe_size}"))
    with pytest.raises(MergeError, match=r"\{pupil.shoe_size\}"):
        make(store, [1], "lateness")


def test_each_letter_is_a_communication_and_its_delivery_is_recorded(store: Store) -> None:
    build_school(store)
    result = make(store, [2])
    with store.session() as session:
        rows = session.scalars(select(Communication).order_by(Communication.id)).all()
        assert [(c.method, c.contact_id) for c in rows] == [("letter", 21), ("letter", 22)]
    mother_letter = result.letters[0]
    with pytest.raises(LetterError, match="before the letter was made"):  # handed over before it existed
        record_delivery(
            store,
            STAFF_ID,
            mother_letter.letter_id,
            DeliveryMethod.HAND,
            datetime(2025, 11, 25, 15, 20, tzinfo=UTC),
            handed_to="Siân Gwŷn",
            place="school reception",
        )
    handed = datetime.now(UTC)  # the letters were made moments ago, on the real clock
    with pytest.raises(LetterError, match="only be handed to the person it is addressed to"):
        record_delivery(
            store,
            STAFF_ID,
            mother_letter.letter_id,
            DeliveryMethod.HAND,
            handed,
            handed_to="Dafydd Rees",
            place="school reception",
        )
    record_delivery(
        store,
        STAFF_ID,
        mother_letter.letter_id,
        DeliveryMethod.HAND,
        handed,
        handed_to="Siân Gwŷn",
        place="school reception",
    )
    record_delivery(store, STAFF_ID, result.letters[1].letter_id, DeliveryMethod.FIRST_CLASS, handed)
    with store.session() as session:
        every = session.execute(
            select(Communication.id, Communication.outcome, Communication.supersedes_id).order_by(Communication.id)
        ).all()
        current = session.scalars(
            select(Communication.outcome).where(current_communication()).order_by(Communication.id)
        ).all()
    # The log rows are never changed: each delivery adds the letter's row again with its outcome, pointing back.
    assert [(outcome, supersedes) for _id, outcome, supersedes in every] == [
        ("", None),
        ("", None),
        (DeliveryMethod.HAND, every[0].id),
        (DeliveryMethod.FIRST_CLASS, every[1].id),
    ]
    assert current == [DeliveryMethod.HAND, DeliveryMethod.FIRST_CLASS]
    assert [e.outcome for e in communication_log(store)] == [DeliveryMethod.HAND, DeliveryMethod.FIRST_CLASS]
    listed = {row.recipient_name: row.delivery_summary for row in list_letters(store, STAFF_ID, 2)}
    assert listed["Ms Siân Gwŷn"] == f"Hand-delivered, {handed:%d/%m/%Y}"
    kinds = [entry.kind for entry in pupil_chronology(store, everyone(store), 2)]
    assert kinds.count("letter") == 2 and kinds.count("letter_delivery") == 2


def test_a_shared_family_inbox_is_refused_for_email_delivery(store: Store) -> None:
    build_school(store)
    father = make(store, [1]).letters[1]
    with pytest.raises(LetterError, match="shared family inbox"):
        record_delivery(store, STAFF_ID, father.letter_id, DeliveryMethod.EMAIL, datetime.now(UTC))


def test_a_cancelled_batch_writes_nothing(store: Store) -> None:
    build_school(store)
    seen: list[tuple[int, int]] = []
    result = produce_letters(
        store,
        STAFF_ID,
        LetterRequest("attendance_concern", [1, 2, 3, 4], PERIOD),
        progress=lambda done, total: seen.append((done, total)),
        cancelled=lambda: len(seen) >= 2,
        today=TODAY,
    )
    assert result.cancelled and not result.letters
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Letter)) == 0
    assert not list((store.data_dir / "archive").rglob("*.pdf"))


def test_stage2_encloses_a_certificate_without_the_other_parents_address(store: Store) -> None:
    build_school(store)
    result = make(
        store,
        [2],
        "stage2_certificate",
        supplied={"meeting.date": "2 December 2025", "meeting.time": "9:30am", "meeting.place": "the office"},
    )
    texts = letter_texts(store, result)
    mother = texts["Ms Siân Gwŷn"]
    assert "Registration certificate" in mother and "Enc: Registration certificate" in mother
    assert "Mill House" not in mother  # the father's address stays off the mother's copy
    assert read_document(store, result.letters[0].document_id) == read_document(store, result.letters[0].document_id)


def test_the_letter_command_writes_one_pdf_with_a_letter_per_recipient(  # type: ignore[no-untyped-def]
    store: Store, tmp_path, capsys, monkeypatch
) -> None:
    from attendance_desk.cli import main
    from attendance_desk.domain.upn import make_upn
    from tests.helpers.accounts import sign_in_cli

    build_school(store)
    out = tmp_path / "letters.pdf"
    args = [
        "--data-dir",
        str(store.data_dir),
        "letter",
        "attendance_concern",
        "--pupil",
        make_upn(0, 2001, 19, 2),
        "--from",
        "2025-09-01",
        "--to",
        "2025-11-21",
        "-o",
        str(out),
    ]
    sign_in_cli(monkeypatch, store.data_dir)
    assert main(args) == 0
    pages = pdf_pages_text(out)
    assert len(pages) == 2 and "Ms Siân Gwŷn" in pages[0] and "Mr Dafydd Rees" in pages[1]
    assert (
        main(
            [
                "--data-dir",
                str(store.data_dir),
                "letter",
                "contract_invite",
                "--pupil",
                make_upn(0, 2001, 19, 2),
                "-o",
                str(tmp_path / "x.pdf"),
            ]
        )
        == 1
    )
    assert "{meeting.date}" in capsys.readouterr().err and not (tmp_path / "x.pdf").exists()
    assert main(["--data-dir", str(store.data_dir), "templates"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("first_day_no_contact ")
