"""PDFs as LibreOffice exports them (most plans are Word files saved as PDF): a Word
file converted with `soffice --headless --convert-to pdf`. Needs LibreOffice (Debian
`libreoffice-writer-nogui`); callers skip where `SOFFICE` is None."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, folder: Path, to: str = "pdf") -> Path:
    """`source` exported by LibreOffice into `folder` (`to`: pdf, html), with a profile of
    its own (two conversions sharing one would wait on each other's lock)."""
    assert SOFFICE is not None
    profile = (folder / "lo-profile").resolve().as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", to,
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return folder / f"{source.stem}.{to}"
