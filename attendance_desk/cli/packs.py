"""`attendance-desk pack penalty-notice|fast-track|planning-meeting|leave --pupil UPN [--staff ID] -o FILE.pdf`.

The referral pack, exactly as the case file makes it. The legal guard is asked first: when it refuses, its one
sentence is printed and the exit status is 1 (a refusal the school may set aside needs ``--override-reason``,
which goes into the audit log)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from attendance_desk.cli.common import EXIT_OK, CommandError, add_command, open_store_for, write_output
from attendance_desk.cli.reports import iso_date
from attendance_desk.domain.casework.referrals import LeaveFacts, ReferralKind
from attendance_desk.services import legal
from attendance_desk.services.casework.printing import pupil_id_for_upn
from attendance_desk.services.casework.referrals import REFERRAL_MEASURES, referral_pdf

EXIT_REFUSED = 1
KINDS = {
    "penalty-notice": ReferralKind.PENALTY_NOTICE,
    "fast-track": ReferralKind.FAST_TRACK,
    "planning-meeting": ReferralKind.PUPIL_PLANNING_MEETING,
    "leave": ReferralKind.LEAVE_IN_TERM_TIME,
}


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "pack",
        "write a referral pack for the local authority as one PDF (refused when the law does not allow it)",
        run,
        description=(
            "The referral form, its evidence index and the registration certificate, as the case file makes them. "
            "The legal guard is asked first; a refusal prints its reason and exits with status 1."
        ),
    )
    parser.add_argument("kind", choices=tuple(KINDS), help="which pack")
    parser.add_argument("--pupil", required=True, metavar="UPN", help="the pupil's UPN")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="the PDF to write")
    parser.add_argument("--on", type=iso_date, metavar="YYYY-MM-DD", help="the date of the pack (default today)")
    parser.add_argument("--override-reason", default="", metavar="TEXT", help="why the school goes ahead anyway")
    leave = parser.add_argument_group("leave in term time (the facts the register does not hold)")
    leave.add_argument("--requested-on", type=iso_date, metavar="YYYY-MM-DD", help="when the parents asked")
    leave.add_argument("--reason-given", default="", metavar="TEXT", help="the reason the parents gave")
    leave.add_argument("--refusal-sent-on", type=iso_date, metavar="YYYY-MM-DD", help="when the refusal was sent")
    leave.add_argument("--policy-shared", action="store_true", help="the parents have the attendance policy")


def run(args: argparse.Namespace) -> int:
    if args.output in ("-", ""):
        raise CommandError("a pack is a PDF: give a file with -o FILE.pdf")
    kind = KINDS[args.kind]
    on = args.on or date.today()
    leave_facts = None
    if kind is ReferralKind.LEAVE_IN_TERM_TIME:
        if args.requested_on is None or not args.reason_given.strip():
            raise CommandError("a leave pack needs --requested-on and --reason-given")
        leave_facts = LeaveFacts(args.requested_on, args.reason_given, args.refusal_sent_on, args.policy_shared)
    store = open_store_for(args)
    try:
        try:
            pupil_id = pupil_id_for_upn(store, args.pupil)
            verdict = legal.verdict(store, pupil_id, REFERRAL_MEASURES[kind], on)
            if not verdict.allowed and not (verdict.overridable and args.override_reason.strip()):
                hint = " (to go ahead anyway, give --override-reason)" if verdict.overridable else ""
                print(f"attendance-desk: refused: {verdict.reason}{hint}", file=sys.stderr)
                return EXIT_REFUSED
            pdf = referral_pdf(store, args.staff, pupil_id, kind, on, leave_facts, override_reason=args.override_reason)
        except legal.LegalMeasureRefused as exc:
            print(f"attendance-desk: refused: {exc}", file=sys.stderr)
            return EXIT_REFUSED
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        write_output(pdf, args.output)
    finally:
        store.dispose()
    return EXIT_OK
