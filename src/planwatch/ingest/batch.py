"""Extract every plan file in a folder, one result per file, failures kept.

A folder of plans often holds a file or two that cannot be read (a scanned PDF,
a truncated download); the others must still be extracted, and the user told
exactly which file failed and why.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from planwatch.errors import PlanwatchError
from planwatch.ingest.extract import extract_plan
from planwatch.ingest.readers import known_extensions
from planwatch.models import PlanExtract


@dataclass
class FileResult:
    path: Path
    extract: PlanExtract | None = None
    error: str | None = None
    seconds: float = 0.0


def plan_files(folder: Path) -> list[Path]:
    """Files in `folder` (not recursive) that a registered reader can read, sorted."""
    exts = set(known_extensions())
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in exts)


def extract_each(paths: list[Path]) -> Iterator[FileResult]:
    """Yield one `FileResult` per path; input errors are recorded, not raised."""
    for path in paths:
        start = time.perf_counter()
        try:
            ex = extract_plan(path)
        except PlanwatchError as exc:
            yield FileResult(path, error=getattr(exc, "reason", str(exc)))
            continue
        yield FileResult(path, extract=ex, seconds=time.perf_counter() - start)
