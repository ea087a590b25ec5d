"""Letter commands: ``templates``, ``letter``, ``certificate`` and ``verify``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from sqlalchemy import select

from attendance_desk.cli.common import EXIT_OK, EXIT_REJECTED, CommandError, add_command, open_store_for, write_output
from attendance_desk.domain.access import Permission
from attendance_desk.domain.calendar import DateRange
from attendance_desk.domain.merge import FIELDS, SUPPLIED_FIELDS, MergeError
from attendance_desk.domain.text import plural
from attendance_desk.services.access import can
from attendance_desk.services.evidence_anchor import Anchor, Link, parse_link
from attendance_desk.services.letters.batches import LetterRequest, produce_letters
from attendance_desk.services.letters.certificate import check_certificate_range, make_certificate
from attendance_desk.services.letters.data import LetterError
from attendance_desk.services.letters.templates import TemplateError, default_templates, list_templates
from attendance_desk.services.verify import save_result, verify_evidence
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Contact, Pupil


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def field_value(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"'{text}' should look like NAME=VALUE, e.g. meeting.date='2 December 2026'")
    if name not in FIELDS:
        raise argparse.ArgumentTypeError(f"'{name}' is not a merge field (see docs/letters.md for the list)")
    return name, value


def register(subparsers: Any) -> None:
    add_command(
        subparsers, "templates", "list the letter templates (id, then what it is for)", run_templates, sign_in=False
    )

    letter = add_command(
        subparsers,
        "letter",
        "write one PDF with a letter for each recipient of one pupil, and archive it",
        run_letter,
        description="Make TEMPLATE's letter for the pupil: one letter per person with parental responsibility, "
        "archived with its data. Fields the template needs from you (meeting date …) are given with --field. "
        "The attendance lead or head teacher makes the letter approved and gets the PDF; office staff prepare it, "
        "and it waits for approval (`attendance-desk letters approve ID`) before `letters print` writes it.",
        permission=Permission.PREPARE_LETTERS,
    )
    letter.add_argument("template", metavar="TEMPLATE", help="template id (see `attendance-desk templates`)")
    letter.add_argument("--pupil", required=True, metavar="UPN")
    letter.add_argument(
        "--from",
        dest="start",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="start of the period for the figures (default: 1 September of this school year)",
    )
    letter.add_argument(
        "--to",
        dest="end",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="end of the period (default: the last register date)",
    )
    letter.add_argument(
        "--field",
        action="append",
        type=field_value,
        default=[],
        metavar="NAME=VALUE",
        help=f"a value typed in for the letter; one of: {', '.join(SUPPLIED_FIELDS)}",
    )
    letter.add_argument(
        "--carer",
        action="append",
        default=[],
        metavar="CONTACT_ID",
        help="also write to this contact (MIS id) who has day-to-day care without parental responsibility",
    )
    letter.add_argument(
        "--date", type=iso_date, metavar="YYYY-MM-DD", help="date printed on the letter (default today)"
    )
    letter.add_argument(
        "--include-anyway",
        default="",
        metavar="REASON",
        help="make the letter although its premise does not hold (or a refusal the school may set aside applies); "
        "the reason is kept in the audit log",
    )
    letter.add_argument(
        "-o", "--output", metavar="FILE.pdf", help="where to write the letters (when you may approve them)"
    )

    cert = add_command(
        subparsers,
        "certificate",
        "write a pupil's registration certificate for a period, and archive it",
        run_certificate,
    )
    cert.add_argument("--pupil", required=True, metavar="UPN")
    cert.add_argument("--from", dest="start", type=iso_date, required=True, metavar="YYYY-MM-DD")
    cert.add_argument("--to", dest="end", type=iso_date, required=True, metavar="YYYY-MM-DD")
    cert.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="date of issue (default today)")
    cert.add_argument("-o", "--output", required=True, metavar="FILE.pdf")

    check = add_command(
        subparsers,
        "verify",
        "check the audit chain, every evidence row and every archived document for tampering",
        run_verify,
        "Check the audit chain, every evidence row and every archived document for tampering. Prints the newest "
        "link of the chain (SEQ:HASH): write it down or keep it away from this computer, and give it later with "
        "--anchor to find out whether the chain was rewritten since.",
        permission=Permission.VERIFY,
    )
    check.add_argument(
        "--anchor",
        action="append",
        default=[],
        type=chain_link,
        metavar="SEQ:HASH",
        help="a link printed by an earlier verify (the first 16 characters of the hash are enough); repeatable",
    )


def _period(args: argparse.Namespace) -> DateRange | None:
    if args.start is None and args.end is None:
        return None
    if args.start is None or args.end is None:
        raise CommandError("give both --from and --to, or neither")
    try:
        return DateRange(args.start, args.end)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc


def _pupil_id(store: Store, upn: str) -> int:
    with store.session() as session:
        pupil_id = session.scalar(select(Pupil.id).where(Pupil.upn == upn.strip().upper()))
    if pupil_id is None:
        raise CommandError(f"no pupil has the UPN {upn}")
    return pupil_id


def run_templates(args: argparse.Namespace) -> int:
    store = open_store_for(args)
    try:
        templates = list_templates(store)
    finally:
        store.dispose()
    width = max(len(key) for key in default_templates())
    for template in templates:
        edited = f" (edited, version {template.version})" if template.edited else ""
        print(f"{template.key:<{width}}  {template.title}{edited}")
    return EXIT_OK


def run_letter(args: argparse.Namespace) -> int:
    store = open_store_for(args)
    try:
        if args.output is None and can(store, args.staff, Permission.APPROVE_LETTERS):
            raise CommandError("give -o FILE.pdf: your letters are approved as you make them, ready to print")
        pupil_id = _pupil_id(store, args.pupil)
        carers: list[int] = []
        with store.session() as session:
            for mis_id in args.carer:
                contact_id = session.scalar(select(Contact.id).where(Contact.mis_id == mis_id))
                if contact_id is None:
                    raise CommandError(f"no contact has the MIS id {mis_id}")
                carers.append(contact_id)
        ticked = {pupil_id: args.include_anyway} if args.include_anyway.strip() else {}
        request = LetterRequest(
            args.template, [pupil_id], _period(args), dict(args.field), carers, args.date, ticked_back=ticked
        )
        try:
            result = produce_letters(store, args.staff, request)
        except (MergeError, LetterError, TemplateError) as exc:
            raise CommandError(str(exc)) from exc
    finally:
        store.dispose()
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if result.blocked:
        for blocked in result.blocked:
            hint = " (to make it anyway, give --include-anyway REASON)" if blocked.may_tick_back else ""
            print(f"attendance-desk: {blocked.pupil_name}: {blocked.reason}{hint}", file=sys.stderr)
        return EXIT_REJECTED
    names = ", ".join(letter.recipient_name for letter in result.letters)
    if result.awaiting_approval:
        ids = " ".join(str(letter.letter_id) for letter in result.letters)
        print(
            f"{plural(len(result.letters), 'letter')} prepared and archived, awaiting approval: {names} (letters {ids})"
        )
        if args.output:
            print(
                f"attendance-desk: nothing written to {args.output}: a letter is printed once the attendance lead or "
                f"head teacher has approved it (`attendance-desk letters approve {ids}`), then with "
                f"`attendance-desk letters print {ids} -o FILE.pdf`",
                file=sys.stderr,
            )
        return EXIT_OK
    write_output(result.pdf, args.output)
    print(f"{plural(len(result.letters), 'letter')} written to {args.output}, approved and archived: {names}")
    return EXIT_OK


def run_certificate(args: argparse.Namespace) -> int:
    store = open_store_for(args)
    try:
        pupil_id = _pupil_id(store, args.pupil)
        period = DateRange(args.start, args.end) if args.end >= args.start else None
        if period is not None:  # the same warning the app gives before issuing; the command still issues it
            for warning in check_certificate_range(store, pupil_id, period).warnings:
                print(f"attendance-desk: warning: {warning}", file=sys.stderr)
        try:
            produced = make_certificate(
                store, args.staff, pupil_id, DateRange(args.start, args.end), issued_on=args.date
            )
        except (LetterError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
    finally:
        store.dispose()
    write_output(produced.pdf, args.output)
    print(
        f"certificate written to {args.output} and archived (document {produced.document_id}, "
        f"SHA-256 {produced.sha256})"
    )
    return EXIT_OK


def chain_link(text: str) -> Link:
    try:
        return parse_link(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run_verify(args: argparse.Namespace) -> int:
    from attendance_desk.store.open import integrity_check

    store = open_store_for(args)
    anchors = [Anchor(link, f"the link you gave (seq {link.seq})") for link in args.anchor]
    try:
        # SQLite's full check (start-up runs the quick one); a PostgreSQL server checks its own pages.
        sqlite = store.engine.dialect.name == "sqlite"
        database_problems = integrity_check(store.engine) if sqlite else []
        result = None
        if not database_problems:
            result = verify_evidence(store, args.staff, check_integrity=False, anchors=anchors)
            save_result(store, result)  # this computer's anchor moves on, as after the app's daily check
    finally:
        store.dispose()
    if database_problems or result is None:
        print(
            f"the database check (integrity_check) found {plural(len(database_problems), 'problem')}: the database is "
            "damaged; restore the latest backup into a new data folder",
            file=sys.stderr,
        )
        return EXIT_REJECTED
    if sqlite:
        print("database check (integrity_check): ok")
    for finding in result.findings:
        if finding.table == "archived_documents":
            print(f"document {finding.row}: {finding.problem}")
        else:
            print(str(finding))
    if result.newest_link is not None and result.chain_intact:
        print(f"newest link of the audit chain (write it down; check with --anchor later): {result.newest_link}")
    elif result.newest_link is not None:
        print(f"newest link of the audit chain (not one to write down: the chain has problems): {result.newest_link}")
    if result.ok:
        print(result.summary())
        return EXIT_OK
    print(result.summary(), file=sys.stderr)
    return EXIT_REJECTED
