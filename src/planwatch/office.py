"""LibreOffice as a converter: Word to PDF for the PDF reports, and old formats (.doc)
to ones planwatch reads.

Each conversion runs with a user profile of its own in a temporary folder:
LibreOffice locks its profile, so two conversions sharing the default one (two
reports written at once, or a user's open LibreOffice) would wait on each other or
fail, and a profile left half-written by a killed run would break the next.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from planwatch.errors import InputError, shorten

INSTALL = "install LibreOffice (Debian: apt-get install libreoffice-writer-nogui)"


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, to: str, outdir: Path, timeout: float = 180) -> Path:
    """`source` converted by LibreOffice to `to` (an extension, optionally with a filter:
    "pdf", "docx", "pdf:writer_pdf_Export") in `outdir`; the path of the new file.

    InputError naming `source` when LibreOffice is missing, runs out of time, fails,
    or finishes without writing the file (its exit status is 0 when it cannot open
    the source).
    """
    program = soffice()
    if program is None:
        raise InputError(source, f"converting to {to} needs LibreOffice: {INSTALL}")
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / f"{source.stem}.{to.split(':', 1)[0]}"
    before = _mtime(target)
    with tempfile.TemporaryDirectory(prefix="planwatch-lo-") as profile:
        command = [
            program,
            f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(source),
        ]
        code, output = _run(command, source, timeout)
    if code != 0:
        raise InputError(source, f"LibreOffice could not convert it to {to}: {_last_line(output)}")
    if _mtime(target) in (None, before):
        reason = _last_line(output) or "it wrote no file"
        raise InputError(source, f"LibreOffice could not convert it to {to}: {reason}")
    return target


def _run(command: list[str], source: Path, timeout: float) -> tuple[int, str]:
    """Exit status and output (stdout and stderr) of `command`. LibreOffice starts a
    second process (soffice.bin): on timeout the whole process group is killed, so no
    orphan keeps the profile, the CPU or the file open."""
    try:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except OSError as exc:
        raise InputError(source, f"cannot start LibreOffice ({exc.strerror or exc})") from None
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise InputError(
            source, f"LibreOffice did not finish converting it in {timeout:g} s"
        ) from None
    return proc.returncode, out.decode("utf-8", "replace")


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    proc.communicate()


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _last_line(output: str) -> str:
    """The line of LibreOffice's output that says what went wrong (its last one)."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.lower().startswith("error")]
    return shorten((errors or lines or [""])[-1], 160)


def has_module(library: str) -> bool:
    """Whether LibreOffice has a component, by its library beside soffice (`libsclo.so`
    is Calc, `libswlo.so` Writer): Debian installs them as separate packages."""
    binary = soffice()
    if binary is None:
        return False
    program = Path(binary).resolve().parent
    return any(program.glob(f"{library}*"))
