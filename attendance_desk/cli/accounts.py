"""Staff accounts from the command line: ``staff add`` (prints the new id) and ``staff list``.

The first account on a new database needs no sign-in and becomes the administrator; after that, adding staff
needs an administrator signed in with ``--staff``. The new person's password comes from
$ATTENDANCE_DESK_NEW_PASSWORD or a prompt (asked twice).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from attendance_desk.cli.common import (
    EXIT_OK,
    CommandError,
    add_command,
    add_staff_option,
    open_store_for,
    sign_in_for,
)
from attendance_desk.domain.access import ROLE_LABELS, Permission, Role
from attendance_desk.services.access import require
from attendance_desk.services.accounts import create_first_account, needs_first_account, set_password, set_roles
from attendance_desk.services.staff import StaffError, add_staff, list_staff

NEW_PASSWORD_ENV = "ATTENDANCE_DESK_NEW_PASSWORD"


def register(subparsers: Any) -> None:
    staff = add_command(subparsers, "staff", "add staff accounts or list them", _usage, sign_in=False)
    actions = staff.add_subparsers(dest="staff_command", metavar="ACTION")
    add = actions.add_parser("add", help="add a staff member and print their id")
    add.add_argument("--name", required=True)
    add.add_argument(
        "--role",
        required=True,
        action="append",
        choices=[r.value for r in Role if r is not Role.SIGNATURE_DELEGATE],
        help="repeat for several roles; the first is the main one",
    )
    add.add_argument("--position", default="")
    add.add_argument("--email", default="")
    add.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    add_staff_option(add)
    add.set_defaults(handler=_guard(run_add))
    listing = actions.add_parser("list", help="list staff: id, name, roles, active")
    listing.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    add_staff_option(listing)
    listing.set_defaults(handler=_guard(run_list), needs_sign_in=True, permission=Permission.READ_PUPILS)


def _guard(handler: Any) -> Any:
    from attendance_desk.cli.common import guarded

    return guarded(handler)


def _usage(_args: argparse.Namespace) -> int:
    raise CommandError("say what to do: `staff add --name N --role ROLE` or `staff list`")


def _new_password() -> str:
    password = os.environ.get(NEW_PASSWORD_ENV)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise CommandError(f"no password for the new account: set {NEW_PASSWORD_ENV} or run in a terminal")
    first = getpass.getpass("Password for the new account: ")
    if getpass.getpass("The same password again: ") != first:
        raise CommandError("the two passwords differ; nothing was added")
    return first


def run_add(args: argparse.Namespace) -> int:
    args.needs_sign_in = False
    store = open_store_for(args)
    try:
        roles = [Role(r) for r in args.role]
        password = _new_password()
        try:
            if needs_first_account(store):
                member = create_first_account(
                    store, name=args.name, password=password, position=args.position, email=args.email
                )
                set_roles(store, member.id, member.id, roles)
            else:
                actor = sign_in_for(store, args.staff)
                require(store, actor, Permission.MANAGE_STAFF)
                member = add_staff(
                    store, actor, name=args.name, position=args.position, role=roles[0].value, email=args.email
                )
                set_roles(store, actor, member.id, roles[1:])
                set_password(store, actor, member.id, password)
        except StaffError as exc:
            raise CommandError(str(exc)) from exc
    finally:
        store.dispose()
    print(member.id)
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    from attendance_desk.services.accounts import further_roles

    store = open_store_for(args)
    try:
        for member in list_staff(store):
            roles = [member.role, *sorted(r.value for r in further_roles(store, member.id))]
            labels = ", ".join(ROLE_LABELS.get(Role(r), r) if r in set(Role) else r for r in roles)
            state = "active" if member.active else "inactive"
            print(f"{member.id}\t{member.name}\t{labels}\t{state}")
    finally:
        store.dispose()
    return EXIT_OK
