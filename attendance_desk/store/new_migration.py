"""Developer tool: write a new Alembic revision from the difference between the models and the migrations.

    python -m attendance_desk.store.new_migration "add letters" --rev-id 0004_letters

It builds a scratch database at the current head, compares it with the models and writes the revision into
``store/migrations/versions``. Read and tidy the result before committing it.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from alembic import command

from attendance_desk.store.engine import make_engine, sqlite_url
from attendance_desk.store.migrate import alembic_config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("message")
    parser.add_argument("--rev-id", required=True, help="e.g. 0002_sync (number first, so files sort in order)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(sqlite_url(Path(scratch) / "scratch.sqlite3"))
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            command.revision(config, message=args.message, autogenerate=True, rev_id=args.rev_id)
        engine.dispose()


if __name__ == "__main__":
    main()
