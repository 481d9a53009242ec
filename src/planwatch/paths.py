"""Where planwatch keeps its files (the SQLite database, kept evaluation results).

Kept apart from `store.db` so that commands which only need a path do not pay
for importing SQLAlchemy (a third of a second at start-up).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_HOME = "PLANWATCH_HOME"


def home() -> Path:
    explicit = os.environ.get(ENV_HOME)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "planwatch"
