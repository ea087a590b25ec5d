"""`attendance-desk worklist --date D [--session AM|PM] --format json|text` and
`attendance-desk escalate --date D`: the calling desk from the command line."""

from __future__ import annotations

import argparse
import json
from typing import Any

from attendance_desk.cli.common import EXIT_OK, add_command, open_store_for, write_output
from attendance_desk.cli.reports import iso_date
from attendance_desk.domain.text import plural
from attendance_desk.services.calling.common import callable_contacts
from attendance_desk.services.calling.escalation import run_escalation
from attendance_desk.services.calling.worklist import Worklist, build_worklist


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "worklist",
        "the morning's calls to make, most urgent first",
        run_worklist,
        description=(
            "Every pupil with an unexplained absence (N) or no mark yet for the session, in priority order, with "
            "the reasons they are near the top and the contacts to ring (do-not-contact contacts left out). "
            "Absences a report already explains are left out unless --include-explained is given."
        ),
    )
    parser.add_argument("--date", required=True, type=iso_date, metavar="YYYY-MM-DD")
    parser.add_argument("--session", choices=("AM", "PM"), default="AM", type=str.upper)
    parser.add_argument("--format", choices=("json", "text"), default="text")
    parser.add_argument(
        "--include-explained",
        action="store_true",
        help="with --format json, print an object with 'worklist' and 'explained' lists",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")

    escalate = add_command(
        subparsers,
        "escalate",
        "create the follow-up tasks the escalation ladder asks for on a date",
        run_escalate,
        description=(
            "Reads the register, reports and contact log up to the date and creates each follow-up task the "
            "school's escalation steps call for (letters, referrals, safe and well checks...). Running it again "
            "creates nothing new."
        ),
    )
    escalate.add_argument("--date", required=True, type=iso_date, metavar="YYYY-MM-DD")


def worklist_json(worklist: Worklist, include_explained: bool = False) -> Any:
    entries = [e.as_json() for e in worklist.entries]
    if not include_explained:
        return entries
    return {
        "date": worklist.on.isoformat(),
        "session": worklist.session,
        "register_taken": worklist.register_taken,
        "worklist": entries,
        "explained": [
            {
                "upn": e.upn,
                "name": e.name,
                "mark": e.mark or None,
                "proposed_code": e.proposed_code,
                "reason": e.reason,
                "report_kind": e.report_kind,
            }
            for e in worklist.explained
        ],
    }


def worklist_text(worklist: Worklist) -> str:
    lines = [
        f"Worklist for {worklist.on:%d/%m/%Y} {worklist.session}: {len(worklist.entries)} to call, "
        f"{len(worklist.explained)} already explained"
    ]
    if not worklist.register_taken:
        lines.append("No marks are in for this session yet: import the register to see who is absent.")
    for number, entry in enumerate(worklist.entries, start=1):
        lines.append(
            f"{number:3d}. {entry.name} ({entry.upn}, {entry.reg_group or entry.year_group}) "
            f"- {', '.join(entry.reasons)}"
        )
        for contact in callable_contacts(entry.contacts):
            phones = ", ".join(f"{p.label.lower()} {p.number}" for p in contact.phones) or "no phone number"
            pr = "PR" if contact.parental_responsibility else "no PR"
            lines.append(f"       {contact.name} ({contact.relationship or 'contact'}, {pr}): {phones}")
    return "\n".join(lines) + "\n"


def run_worklist(args: argparse.Namespace) -> int:
    store = open_store_for(args)
    try:
        worklist = build_worklist(store, args.staff, args.date, args.session)
    finally:
        store.dispose()
    if args.format == "json":
        text = json.dumps(worklist_json(worklist, args.include_explained), indent=2, ensure_ascii=False) + "\n"
    else:
        text = worklist_text(worklist)
    write_output(text, args.output)
    return EXIT_OK


def run_escalate(args: argparse.Namespace) -> int:
    store = open_store_for(args)
    try:
        result = run_escalation(store, args.staff, args.date)
    finally:
        store.dispose()
    if result.closed:
        print(f"{plural(result.closed, 'task')} closed: the absence they chased has been explained.")
    if result.register_missing:
        print(f"No register is in for {args.date:%d/%m/%Y}: import the marks first. Nothing was created.")
        return EXIT_OK
    print(
        f"{plural(len(result.created), 'follow-up task')} created for {args.date:%d/%m/%Y} "
        f"({result.already_there} already in place)."
    )
    for task in result.created:
        owner = task.owner_name or "unassigned"
        print(f"  due {task.due_on:%d/%m/%Y}  {task.title} - {task.pupil_name} ({owner})")
    return EXIT_OK
