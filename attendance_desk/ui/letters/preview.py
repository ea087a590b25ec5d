"""Showing a letter on screen before it is printed.

The on-screen preview is HTML laid out like the printed letter (address block, date, subject, body, signature);
the PDF itself is what gets archived and printed (printing is :mod:`attendance_desk.ui.printing`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

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
    sign = (
        f"<p>{html.escape(content.closing)}<br><br><br><b>{html.escape(content.signatory_name)}</b><br>"
        f"{html.escape(content.signatory_position)}</p>"
    )
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
