"""ReportLab documents: plain data in, PDF bytes out. No Qt, no SQLAlchemy.

Shared base: :mod:`.fonts` (embedded DejaVu), :mod:`.letterhead` (school letterhead), :mod:`.page` (styles,
tables, signature blocks, page numbers, deterministic output). See each module's docstring."""
