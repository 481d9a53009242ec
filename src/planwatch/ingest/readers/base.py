"""The reader contract: a file in, a `Document` out, or an `InputError`.

`Reader.read` does the checks every format shares (exists, not empty, not too
large) and calls `parse`, which each format defines. Adding a format is one new
module with one subclass registered in `planwatch.ingest.readers`.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from planwatch.errors import InputError
from planwatch.files import input_file
from planwatch.models import Document

# Plans are a few hundred KB of text or a few MB of PDF; far larger files are
# almost certainly not plans, and reading them would only waste memory.
MAX_BYTES = 50 * 1024 * 1024


class Reader:
    extensions: ClassVar[tuple[str, ...]] = ()
    format: ClassVar[str] = ""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes

    def read(self, path: str | Path) -> Document:
        path = input_file(Path(path))
        size = path.stat().st_size
        if size == 0:
            raise InputError(path, "the file is empty")
        if size > self.max_bytes:
            limit = self.max_bytes / 1e6
            reason = f"the file is {size / 1e6:.1f} MB, over the {limit:.0f} MB limit"
            raise InputError(path, reason)
        data = path.read_bytes()
        return self.parse(data, path)

    def parse(self, data: bytes, path: Path) -> Document:  # pragma: no cover - abstract
        raise NotImplementedError
