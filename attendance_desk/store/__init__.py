"""The local store: SQLAlchemy models, the engine, migrations and backups. Imports ``domain`` only."""
