"""Which migration a store is at, and which is the newest shipped, without Alembic.

Every store command checks this before it starts; importing Alembic for it cost a
tenth of a second or more. Alembic itself (`store.migrate`) is loaded only when a
store has to be created or upgraded.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, inspect, text

VERSIONS = Path(__file__).parent / "migrations" / "versions"
_ASSIGNMENT = re.compile(r'^(revision|down_revision)\s*(?::[^=]*)?=\s*["\']?([\w-]+)', re.M)


def current_revision(engine: Engine) -> str | None:
    """The revision recorded in the store's `alembic_version` table (None: a new store)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


@cache
def head_revision() -> str | None:
    """The migration no other migration builds on, read from the migration files."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        found = dict(_ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
        if found.get("down_revision", "None") != "None":
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None
