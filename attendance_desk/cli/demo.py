"""`attendance-desk demo [--pupils N] [--seed S] [--year YYYY] [--out DIR] [--today YYYY-MM-DD]`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from attendance_desk.cli.common import EXIT_OK, CommandError, add_command, open_store_for
from attendance_desk.domain.text import plural

DESCRIPTION = """\
Fill an empty database with a made-up school, so Attendance Desk can be tried without real data.

What you get:
  - a primary school (Reception to Year 6) for fewer than 1,000 pupils, a secondary (Years 7 to 11) from
    1,000; --pupils counts the pupils on roll now, and the year group that left last summer and a few
    pupils who moved away are included as leavers;
  - families of every common shape: two parents, a single parent, separated parents at two addresses (both
    with parental responsibility), a step-parent without it, kinship and foster carers, and one parent whom
    a court order says must not be contacted; siblings share their contacts;
  - vulnerable-group flags (SEN support, EHCP, free school meals, pupil premium, EAL, looked after with a
    social worker, child in need, child protection plan, young carer, medical notes);
  - a register with the patterns an office looks for: most pupils above 95%, a tail of persistent and a few
    severe absentees, more absence on Mondays and Fridays, more illness in winter, term-time holidays, lates
    before and after the register closes, medical appointments, a part-time timetable, a dual-registered
    pupil, a suspension, and unexplained absences (N) in the last three school days;
  - the school's details, logo, signature and a staff list (head, DSL, attendance lead, office).

The register runs from the September of --year (default: the school year before the current one) to the last
school day before today, at most two school years, so the current term has recent marks. Term dates are the
typical English ones, with five INSET days and in-term bank holidays coded '#'. Marks use the 2024 codes.

Everything is invented: names are common names from many languages, the town of Kestleford and its 'KX'
postcodes do not exist, telephone numbers are from Ofcom's drama ranges (07700 900xxx, 01632 960xxx…),
email addresses are at example.org and example.com, and UPNs use local-authority code 000.

The school is written as the three canonical CSV files (docs/csv-formats.md) and imported through the same
importer as real data. The same --seed, --year and --today always give the same school.
"""


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be above zero")
    return value


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers,
        "demo",
        "fill an empty database with a realistic made-up school",
        run,
        description=DESCRIPTION,
        sign_in=False,
    )
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "--pupils",
        type=_positive,
        default=420,
        metavar="N",
        help="pupils on roll, 60 to 3000 (default 420: a two-form primary; 1500: a secondary)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help="any whole number; each seed gives a different school (default 1)",
    )
    parser.add_argument(
        "--year",
        type=int,
        metavar="YYYY",
        help="first school year of the register, e.g. 2025 for 2025/26 "
        "(default: the school year before the current one)",
    )
    parser.add_argument(
        "--out",
        metavar="DIR",
        help="keep pupils.csv, contacts.csv and marks.csv in DIR (default: a temporary folder, removed afterwards)",
    )
    parser.add_argument(
        "--today",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="pretend today is this date: the register ends on the school day before it (default: the real date)",
    )


def run(args: argparse.Namespace) -> int:
    from attendance_desk.services.demo import DemoError, create_demo_school

    store = open_store_for(args)
    try:
        last_message = ""

        def progress(_done: int, _total: int, message: str) -> None:
            nonlocal last_message
            if message != last_message and sys.stderr.isatty():
                print(message, file=sys.stderr)
            last_message = message

        try:
            summary = create_demo_school(
                store, args.pupils, args.seed, year=args.year, today=args.today, out_dir=args.out, progress=progress
            )
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
    finally:
        store.dispose()
    print(
        f"{summary.school_name} ({summary.phase}): {summary.pupils_on_roll} pupils on roll "
        f"({summary.pupils} with leavers), {summary.contacts} contacts, {summary.marks} marks "
        f"from {summary.first_date:%d/%m/%Y} to {summary.last_date:%d/%m/%Y}, {summary.staff} staff."
    )
    if summary.csv_folder:
        print(f"CSV files kept in {summary.csv_folder}")
    if summary.import_warnings:
        print(f"The importer gave {plural(summary.import_warnings, 'warning')}.")
    print(
        f"Done in {summary.seconds:.1f} s. Start the app with: attendance-desk"
        + (f" --data-dir {args.data_dir}" if getattr(args, "data_dir", None) else "")
    )
    return EXIT_OK
