"""The plan store: SQLAlchemy models, Alembic migrations, repository functions.

SQLite by default (see `db.default_url`), PostgreSQL when PLANWATCH_DATABASE_URL
is set. Everything outside this package speaks pydantic models, not rows.
"""
