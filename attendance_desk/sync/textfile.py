"""Opening an MIS export as a stream of CSV rows, whatever its encoding and delimiter.

Real exports arrive as UTF-8, UTF-8 with a byte-order mark, Windows-1252 (Excel's "CSV" on a UK Windows PC) or
UTF-16 (Excel's "Unicode text"), separated by commas, semicolons or tabs. Nothing here holds the whole file:
the encoding check reads it in chunks, and rows are yielded one at a time with the line each starts on.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHUNK = 1 << 20
DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}

csv.field_size_limit(1 << 24)  # a long free-text note is not an attack; the default 128 KiB is too small


class UnreadableFile(Exception):
    """The file is not CSV text we can read. The message says what it looks like instead; ``line`` is the line
    at fault (1 when it is the file as a whole)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True, slots=True)
class TextFormat:
    encoding: str
    delimiter: str

    @property
    def description(self) -> str:
        names = {
            "utf-8": "UTF-8",
            "utf-8-sig": "UTF-8 (with BOM)",
            "cp1252": "Windows-1252",
            "utf-16": "UTF-16",
            "latin-1": "ISO-8859-1",
        }
        return f"{names.get(self.encoding, self.encoding)}, {_DELIMITER_NAMES.get(self.delimiter, self.delimiter)}"


def _binary_kind(head: bytes) -> str | None:
    if head.startswith(b"PK\x03\x04"):
        return "an Excel workbook or other zip file; save it from Excel as 'CSV UTF-8' first"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old-style Excel workbook (.xls); save it from Excel as 'CSV UTF-8' first"
    if head.startswith(b"%PDF"):
        return "a PDF document, not a CSV export"
    return None


def _decodes_fully(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


# Characters besides letters that a Windows-1252 export really holds (names, addresses, notes). Anything else
# decoded from a high byte (¤, ¦, ¨, ¬, control-like symbols) means the file is in some other encoding.
_TYPICAL_1252 = frozenset("£€’‘“”„–—…•°½¼¾·×÷©®™§¶«»¡¿¢¥ ±²³´µ¹ºª\u00a0\u00ad")


def _looks_like_1252(text: str) -> bool:
    return all(char.isascii() or char.isalpha() or char in _TYPICAL_1252 for char in text)


def _first_line_not_utf8(path: Path) -> tuple[int | None, bool]:
    """The first line that is not UTF-8 (None when all are), and whether any line holds UTF-8 beyond ASCII."""
    first_bad: int | None = None
    any_utf8 = False
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                if first_bad is None:
                    first_bad = number
            else:
                any_utf8 = True
            if first_bad is not None and any_utf8:
                break
    return first_bad, any_utf8


def _check_1252(path: Path) -> None:
    """Raise :class:`UnreadableFile` unless every line decodes as Windows-1252 and looks like it."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.isascii():
                continue
            try:
                text = line.decode("cp1252")
            except UnicodeDecodeError:
                raise UnreadableFile(
                    f"line {number} is neither UTF-8 nor Windows-1252 text: save the file as 'CSV UTF-8' "
                    "(or name its encoding with --encoding)",
                    number,
                ) from None
            if not _looks_like_1252(text):
                raise UnreadableFile(
                    f"line {number} does not read as UTF-8, and as Windows-1252 it gives unlikely characters: "
                    "save the file as 'CSV UTF-8' (or name its encoding with --encoding)",
                    number,
                )


def detect_encoding(path: Path) -> str:
    """The file's text encoding, read rather than guessed: UTF-8 (with or without a byte-order mark) when every
    byte is UTF-8; Windows-1252 only when no line is UTF-8 beyond plain ASCII and every line reads as plausible
    Windows-1252 text. A file mixing the two is refused, naming the first line that is not UTF-8. The whole file
    is checked in chunks: a single 'é' on the last line counts."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    binary = _binary_kind(head)
    if binary:
        raise UnreadableFile(f"this file is {binary}")
    if b"\x00" in head:
        raise UnreadableFile(
            "this file holds binary data, not text: export it from the MIS (or save it from Excel) as 'CSV UTF-8'"
        )
    has_bom = head.startswith(codecs.BOM_UTF8)
    if _decodes_fully(path, "utf-8"):
        return "utf-8-sig" if has_bom else "utf-8"
    first_bad, any_utf8 = _first_line_not_utf8(path)
    if has_bom or any_utf8:
        line = f"line {first_bad}" if first_bad is not None else "the end of the file"
        raise UnreadableFile(
            f"this file mixes text encodings: it is UTF-8, but {line} is not (perhaps pasted from another file); "
            "correct that line and save the file as 'CSV UTF-8'",
            first_bad or 1,
        )
    _check_1252(path)
    return "cp1252"


def check_encoding_name(name: str) -> str:
    """The codec's canonical name for ``--encoding NAME``; raises :class:`UnreadableFile` for an unknown one."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise UnreadableFile(f"'{name}' is not a text encoding Python knows (try utf-8 or cp1252)") from None


def detect_delimiter(first_line: str) -> str:
    """The delimiter that splits the header best: the one found most often outside quotes (comma on a tie)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


class TableReader:
    """Rows of a delimited text file. Use as a context manager; read :attr:`header`, then iterate :meth:`rows`.

    Header names are stripped; empty trailing header cells (a blank trailing column) are kept as "" so that
    positions stay right. Rows are lists of raw cells (callers strip the cells they use). Blank lines and rows of
    empty cells are skipped.
    """

    def __init__(self, path: str | Path, text_format: TextFormat | None = None, encoding: str | None = None) -> None:
        self.path = Path(path)
        self.total_bytes = self.path.stat().st_size
        self.format = text_format or sniff_format(self.path, encoding)
        self._raw = io.FileIO(self.path, "rb")
        self._text = io.TextIOWrapper(io.BufferedReader(self._raw, CHUNK), encoding=self.format.encoding, newline="")
        self._reader = csv.reader(self._text, delimiter=self.format.delimiter, skipinitialspace=False)
        self.header: list[str] = []
        self.header_line = 1
        try:
            self._read_header()
        except BaseException:
            self.close()
            raise

    def _read_header(self) -> None:
        for row in self._reader:
            if any(cell.strip() for cell in row):
                self.header = [cell.strip() for cell in row]
                self.header_line = self._reader.line_num
                return

    @property
    def bytes_read(self) -> int:
        """Bytes taken from the file so far (ahead of the rows yielded by at most one buffer): for progress."""
        return 0 if self._raw.closed else self._raw.tell()

    @property
    def csv_reader(self) -> Any:
        """The underlying ``csv.reader``, for hot loops that skip :meth:`rows` (they see blank rows too)."""
        return self._reader

    @property
    def line_num(self) -> int:
        return self._reader.line_num

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """``(line, cells)`` for each non-blank row; ``line`` is where the row starts (1 is the first line)."""
        reader = self._reader
        previous = reader.line_num
        for row in reader:
            start = previous + 1
            previous = reader.line_num
            if not row:
                continue
            for cell in row:
                if cell and not cell.isspace():
                    yield start, row
                    break

    def close(self) -> None:
        self._text.close()

    def __enter__(self) -> TableReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def sniff_format(path: Path, encoding: str | None = None) -> TextFormat:
    """The encoding (detected, or ``encoding`` when the user named one) and the delimiter."""
    encoding = check_encoding_name(encoding) if encoding else detect_encoding(path)
    with path.open(encoding=encoding, newline="", errors="replace") as handle:
        first = ""
        for _ in range(50):
            line = handle.readline()
            if not line:
                break
            if line.strip():
                first = line
                break
    return TextFormat(encoding, detect_delimiter(first))


def read_preview(path: str | Path, limit: int = 20) -> tuple[TextFormat, list[str], list[tuple[int, list[str]]]]:
    """The format, the header and the first ``limit`` rows, for the mapping dialog."""
    with TableReader(path) as table:
        rows = []
        for item in table.rows():
            rows.append(item)
            if len(rows) >= limit:
                break
        return table.format, table.header, rows
