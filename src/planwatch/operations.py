"""What the CLI and the web both do, each one transaction on the store.

Files in, pydantic models out: parsing is `ingest`, arithmetic is `monitor`,
rows are `store`; this module only strings them together.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import Engine

from planwatch.ingest import extract_plan
from planwatch.models.monitor import Assessment, Thresholds
from planwatch.models.store import ImportResult
from planwatch.monitor import assess_tracks
from planwatch.store.db import transaction
from planwatch.store.plans import find_plan, import_extract
from planwatch.store.tracks import plan_tracks


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def import_plan_file(engine: Engine, path: Path, region: str | None = None) -> ImportResult:
    """Extract `path` and store it; the same file twice is a no-op."""
    extract = extract_plan(path)
    digest = file_hash(path)
    with transaction(engine) as session:
        return import_extract(session, extract, digest, region)


def plan_status(
    engine: Engine, plan_ref: str, year: int, thresholds: Thresholds | None = None
) -> list[Assessment]:
    with transaction(engine) as session:
        plan = find_plan(session, plan_ref)
        tracks = plan_tracks(session, plan)
    return assess_tracks(tracks, [year], thresholds)
