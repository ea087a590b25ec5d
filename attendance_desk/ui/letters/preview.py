"""Showing a letter on screen before it is printed, and sending a finished PDF to a printer.

The on-screen preview is HTML laid out like the printed letter (address block, date, subject, body, signature);
the PDF itself is what gets archived and printed. Qt's PDF module is not part of the bundled Qt, so printing hands
the PDF to the operating system's print service for the printer chosen in the Qt print dialog.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from attendance_desk.documents.letter import LetterContent
from attendance_desk.domain.merge import FIELDS, TemplateSyntaxError, fields_in

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<b>\1</b>", html.escape(text))


def body_html(body: str) -> str:
    """The body markup (paragraphs, ``- `` bullets, ``## `` headings, ``**bold**``) as HTML."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", body.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## "):
            out.append(f"<h4>{_inline(lines[0][3:])}</h4>")
            lines = lines[1:]
        if lines and lines[0].startswith("- "):
            items = "".join(f"<li>{_inline(line[2:])}</li>" for line in lines if line.startswith("- "))
            out.append(f"<ul>{items}</ul>")
        elif lines:
            out.append(f"<p>{_inline(' '.join(lines))}</p>")
    return "\n".join(out)


def letter_html(content: LetterContent) -> str:
    address = "<br>".join(html.escape(line) for line in (content.recipient_name, *content.address_lines))
    sign = f"<p>{html.escape(content.closing)}<br><br><br><b>{html.escape(content.signatory_name)}</b><br>" \
           f"{html.escape(content.signatory_position)}</p>"
    enclosures = ""
    if content.enclosures:
        enclosures = f"<p><small>Enc: {html.escape('; '.join(content.enclosures))}</small></p>"
    return (
        "<table width='100%'><tr>"
        f"<td width='55%'><small><b>PRIVATE AND CONFIDENTIAL</b></small><br>{address}</td>"
        f"<td><b>Date</b> {html.escape(content.date_text)}<br><b>Our ref</b> {html.escape(content.reference)}<br>"
        f"<b>About</b> {html.escape(content.pupil_line)}</td></tr></table><br>"
        f"<p><b>{_inline(content.subject)}</b></p><p>{html.escape(content.greeting)}</p>"
        f"{body_html(content.body)}{sign}{enclosures}"
    )


def template_html(parts: Mapping[str, str], values: Mapping[str, str]) -> str:
    """A template merged with sample values; unknown fields are shown in red so the editor can see them."""

    def fill(text: str) -> str:
        def one(match: re.Match[str]) -> str:
            token = match.group(0)
            if token in ("{{", "}}"):
                return token[0]
            name = match.group(1).strip()
            if name in FIELDS:
                return values.get(name) or FIELDS[name].example
            return f"\x00{name}\x01"

        return _FIELD.sub(one, text)

    def show(text: str, renderer: object = _inline) -> str:
        rendered = renderer(fill(text))  # type: ignore[operator]
        return rendered.replace("\x00", "<span style='color:#B00020'><b>{").replace("\x01", "}?</b></span>")

    for name, text in parts.items():
        try:
            fields_in(text, name)
        except TemplateSyntaxError as exc:
            return f"<p style='color:#B00020'><b>{html.escape(str(exc))}</b></p>"
    return (
        f"<p><b>{show(parts.get('subject', ''))}</b></p><p>{show(parts.get('greeting', ''))},</p>"
        f"{show(parts.get('body', ''), body_html)}<p>{show(parts.get('closing', ''))},</p>"
    )


class PrintError(RuntimeError):
    """The PDF could not be handed to the printer."""


def send_to_printer(pdf_path: Path, printer_name: str, copies: int = 1) -> None:
    """Print ``pdf_path`` on ``printer_name`` through the operating system's print service."""
    if sys.platform.startswith("win"):
        try:
            for _ in range(max(1, copies)):
                os.startfile(str(pdf_path), "printto", f'"{printer_name}"')  # type: ignore[attr-defined]
        except OSError as exc:
            raise PrintError(f"Windows could not print the PDF ({exc}); open it and print it from your PDF "
                             "viewer") from exc
        return
    lp = shutil.which("lp")
    if lp is None:
        raise PrintError("no print service (lp) was found; open the saved PDF and print it from your PDF viewer")
    result = subprocess.run([lp, "-d", printer_name, "-n", str(max(1, copies)), str(pdf_path)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PrintError(f"the printer refused the job: {result.stderr.strip() or result.stdout.strip()}")
