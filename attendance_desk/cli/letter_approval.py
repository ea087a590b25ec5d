"""``letters``: the letters made, their approval and delivery, from the command line.

``letters list`` shows each letter's state; the attendance lead or head teacher ``approve``s letters the office
prepared (or ``send-back`` with a reason); once approved, ``print`` writes their pages from the archive to a PDF
and ``deliver`` records how they went. The same services (and so the same rule, ``domain.letter_approval``) as the
Letters page.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from attendance_desk.cli.common import EXIT_OK, CommandError, add_command, open_store_for, write_output
from attendance_desk.domain.access import Permission
from attendance_desk.domain.letter_approval import LetterState
from attendance_desk.domain.london import LONDON
from attendance_desk.domain.text import plural
from attendance_desk.domain.vocabulary import DeliveryMethod
from attendance_desk.services.letters.approval import approve_letters, letters_pdf, send_back_letters
from attendance_desk.services.letters.data import LetterError
from attendance_desk.services.letters.delivery import list_letters, record_deliveries, record_delivery
from attendance_desk.store.engine import Store
from attendance_desk.store.models import Pupil

STATES = {"awaiting": LetterState.AWAITING, "approved": LetterState.APPROVED, "sent-back": LetterState.SENT_BACK}


def letter_id(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a letter number (see `attendance-desk letters list`)")
    return int(text)


def moment(text: str) -> datetime:
    """An ISO date and time; without a zone it is London time."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date and time like 2026-11-27T09:30") from None
    return value if value.tzinfo else value.replace(tzinfo=LONDON)


def register(subparsers: Any) -> None:
    letters = subparsers.add_parser(
        "letters",
        help="letters made: list them with their approval, approve or send back, print approved ones, record delivery",
        description="Letters office staff prepare wait for the attendance lead or head teacher to approve them; "
        "only approved letters can be printed or recorded as delivered.",
    )
    actions = letters.add_subparsers(dest="letters_action", metavar="ACTION", required=True)

    listing = add_command(actions, "list", "the letters made, newest first, with their approval and delivery", _list)
    listing.add_argument(
        "--state", choices=sorted(STATES), help="only letters awaiting approval, approved or sent back"
    )
    listing.add_argument("--pupil", metavar="UPN", help="only this pupil's letters")

    approve = add_command(
        actions,
        "approve",
        "approve letters the office prepared (attendance lead or head teacher), all or none",
        _approve,
        permission=Permission.APPROVE_LETTERS,
    )
    approve.add_argument("ids", nargs="+", type=letter_id, metavar="ID")

    back = add_command(
        actions,
        "send-back",
        "send letters back to the office with the reason (attendance lead or head teacher), all or none",
        _send_back,
        permission=Permission.APPROVE_LETTERS,
    )
    back.add_argument("ids", nargs="+", type=letter_id, metavar="ID")
    back.add_argument("--reason", required=True, help="what to put right (the office sees it)")

    printing = add_command(
        actions,
        "print",
        "write approved letters' pages from the archive to one PDF",
        _print,
        permission=Permission.PRINT_APPROVED_LETTERS,
    )
    printing.add_argument("ids", nargs="+", type=letter_id, metavar="ID")
    printing.add_argument("-o", "--output", required=True, metavar="FILE.pdf")

    deliver = add_command(
        actions,
        "deliver",
        "record how approved letters were delivered",
        _deliver,
        permission=Permission.RECORD_DELIVERY,
    )
    deliver.add_argument("ids", nargs="+", type=letter_id, metavar="ID")
    deliver.add_argument("--method", required=True, choices=[m.value for m in DeliveryMethod])
    deliver.add_argument("--at", type=moment, metavar="YYYY-MM-DDTHH:MM", help="when (default now; London time)")
    deliver.add_argument("--handed-to", default="", metavar="NAME", help="by hand or at a meeting: who took it")
    deliver.add_argument("--place", default="", help="by hand: where it was handed over")
    deliver.add_argument("--email", default="", metavar="ADDRESS", help="email: the address it went to")
    deliver.add_argument("--note", default="")


def _list(args: argparse.Namespace) -> int:
    store = open_store_for(args)
    try:
        pupil_id = None
        if args.pupil:
            with store.session() as session:
                pupil_id = session.scalar(select(Pupil.id).where(Pupil.upn == args.pupil.strip().upper()))
            if pupil_id is None:
                raise CommandError(f"no pupil has the UPN {args.pupil}")
        rows = list_letters(store, args.staff, pupil_id, state=STATES[args.state] if args.state else None)
    finally:
        store.dispose()
    for row in rows:
        made = row.created_at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M")
        delivery = f"; delivery: {row.delivery_summary}" if row.approved else ""
        print(f"{row.id}\t{made}\t{row.template_key}\tto {row.recipient_name}\t{row.approval.summary}{delivery}")
    if not rows:
        print("no letters")
    return EXIT_OK


@contextmanager
def _letters_store(args: argparse.Namespace) -> Iterator[Store]:
    """The school's store, signed in as ``--staff``; a refusal about the letters becomes the command's one-line
    error, and the store is closed whatever happens."""
    store = open_store_for(args)
    try:
        yield store
    except LetterError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        store.dispose()


def _approve(args: argparse.Namespace) -> int:
    with _letters_store(args) as store:
        count = approve_letters(store, args.staff, args.ids)
    print(f"{plural(count, 'letter')} approved: {'it' if count == 1 else 'they'} can now be printed and sent")
    return EXIT_OK


def _send_back(args: argparse.Namespace) -> int:
    with _letters_store(args) as store:
        count = send_back_letters(store, args.staff, args.ids, args.reason)
    print(f"{plural(count, 'letter')} sent back")
    return EXIT_OK


def _print(args: argparse.Namespace) -> int:
    with _letters_store(args) as store:
        pdf = letters_pdf(store, args.staff, args.ids)
    write_output(pdf, args.output)
    print(f"{plural(len(args.ids), 'letter')} written to {args.output}")
    return EXIT_OK


def _deliver(args: argparse.Namespace) -> int:
    when = args.at or datetime.now(UTC)
    with _letters_store(args) as store:
        if len(args.ids) == 1:
            record_delivery(
                store,
                args.staff,
                args.ids[0],
                args.method,
                when,
                handed_to=args.handed_to,
                place=args.place,
                email_address=args.email,
                note=args.note,
            )
        else:
            record_deliveries(store, args.staff, args.ids, args.method, when, note=args.note)
    print(f"delivery recorded for {plural(len(args.ids), 'letter')}")
    return EXIT_OK
