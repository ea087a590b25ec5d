"""Helpers shared by the commands: opening the store with clear errors, writing output files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from attendance_desk.store.connection import BadDatabaseUrlError
from attendance_desk.store.engine import Store
from attendance_desk.store.errors import StoreError
from attendance_desk.store.migrate import NewerDatabaseError
from attendance_desk.store.open import open_store

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A problem the user can fix; printed without a traceback."""


def open_store_for(args: argparse.Namespace) -> Store:
    try:
        return open_store(args.data_dir, url=getattr(args, "database_url", None))
    except (NewerDatabaseError, StoreError, BadDatabaseUrlError) as exc:
        raise CommandError(str(exc)) from exc


def guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn :class:`CommandError` and unwritable files into a one-line message and exit status 2."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (CommandError, StoreError) as exc:
            print(f"attendance-desk: {exc}", file=sys.stderr)
            return EXIT_USAGE
        except OSError as exc:
            print(f"attendance-desk: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
            return EXIT_USAGE

    return run


def write_output(text: str | bytes, output: str | None) -> None:
    """Write to ``output`` (a file, replaced atomically) or to standard output when None or '-'."""
    if output in (None, "-"):
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    target = Path(output)  # type: ignore[arg-type]
    partial = target.with_name(target.name + ".part")
    data = text.encode("utf-8") if isinstance(text, str) else text
    partial.write_bytes(data)
    partial.replace(target)


def add_command(
    subparsers: Any, name: str, help_text: str, handler: Callable[[argparse.Namespace], int], description: str = ""
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(name, help=help_text, description=description or help_text)
    parser.set_defaults(handler=guarded(handler))
    # Accept the global option after the command too; SUPPRESS keeps a value given before the command.
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.add_argument("--database-url", metavar="URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return parser
