"""Names vulture reports that Qt or SQLAlchemy use, though our code never does (true false positives only).

vulture reads this file beside the package (see ``[tool.vulture]`` in pyproject.toml); it is never imported.
"""

source_parent  # noqa: B018, F821  # QSortFilterProxyModel.filterAcceptsRow's parameter
