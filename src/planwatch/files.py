"""Files at the edges: checking a file the user names, and writing one safely.

Every command that reads a file checks it with `input_file`, so a folder, a
missing file or a device gets the same one-line message everywhere. Every
command that writes a file goes through `output_file`: the content is written
to a temporary file beside the target and renamed over it only when complete,
so a full disk, a killed process or a writer's error never leaves half a file
where the user expects a whole one. Problems of the file system (a read-only
folder, no space, a folder where a file should go) become `InputError`s naming
the path, never tracebacks.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from planwatch.errors import InputError


def input_file(path: Path) -> Path:
    """`path` if it is a file that can be read; InputError saying what it is otherwise."""
    if path.is_dir():
        raise InputError(path, "is a folder, not a file", zh="是文件夹，不是文件")
    if not path.exists():
        raise InputError(path, "no such file", zh="文件不存在")
    if not path.is_file():  # /dev/zero would be read until memory runs out
        raise InputError(path, "is not a regular file (a device or a pipe); save it as a file")
    if not os.access(path, os.R_OK):
        raise InputError(path, "cannot be read (permission denied)", zh="无权读取该文件")
    return path


def _reason(exc: OSError) -> str:
    return f"cannot write: {exc.strerror or exc}".rstrip()


def _is_special(path: Path) -> bool:
    """A device or pipe (/dev/stdout, /dev/full, a FIFO): written in place, never renamed over."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def output_target(path: Path) -> Path:
    """`path` if a file can be written there; checked before its type or content, so
    `-o some/folder` says it is a folder rather than that '' is an unknown type."""
    if path.is_dir():
        raise InputError(path, "is a folder; give a file name")
    return path


@contextlib.contextmanager
def output_file(path: Path) -> Iterator[Path]:
    """A temporary path to write to; it becomes `path` when the block ends without error.

    On any error the temporary file is removed and `path` is left as it was.
    """
    path = output_target(Path(path))
    if _is_special(path):
        with _through_temp(path) as tmp:
            yield tmp
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(
            prefix=f".{path.stem}.", suffix=f".part{path.suffix}", dir=path.parent
        )
        os.close(fd)
    except OSError as exc:
        raise InputError(path, _reason(exc)) from None
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600; keep what a plain write gives
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(path, _reason(exc)) from None
    finally:
        tmp.unlink(missing_ok=True)


def _mode_for(path: Path) -> int:
    """The mode the file keeps (when it exists) or would get from a plain open()."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


@functools.cache
def _umask() -> int:
    """The process's umask, read without changing it where Linux shows it (setting it
    to read it back would briefly affect other threads, such as the web server's)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _through_temp(device: Path) -> Iterator[Path]:
    """Write to a temporary file, then copy it to the device in one go: libraries that
    seek or close lazily (zip writers) never see the device's errors half-way."""
    with tempfile.TemporaryDirectory(prefix="planwatch-") as folder:
        tmp = Path(folder) / f"out{device.suffix}"
        yield tmp
        try:
            with tmp.open("rb") as src, device.open("wb") as dst:
                shutil.copyfileobj(src, dst)
        except OSError as exc:
            raise InputError(device, _reason(exc)) from None


def write_text(path: Path, text: str) -> Path:
    """`text` as UTF-8 at `path`, whole or not at all."""
    with output_file(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def output_folder(path: Path) -> Path:
    """A folder to write several files into, created if missing; InputError if `path`
    is a file or cannot be created."""
    if path.exists() and not path.is_dir():
        raise InputError(path, "is a file; give a folder (one file is written per plan)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(path, f"cannot create the folder: {exc.strerror or exc}") from None
    return path
