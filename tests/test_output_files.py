"""Every output file is written whole or not at all, and its problems are user errors."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from planwatch.errors import InputError
from planwatch.files import output_file
from planwatch.sheets import read_sheet

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "planwatch" / "samples"
DEV_FULL = Path("/dev/full")


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".part" in p.name]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_text("old")
    with pytest.raises(InputError, match="No space left"), output_file(target) as tmp:
        tmp.write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_a_writer_error_is_passed_on_and_cleaned_up(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(ValueError), output_file(target) as tmp:
        tmp.write_text("half")
        raise ValueError("boom")
    assert not target.exists() and _leftovers(tmp_path) == []


def test_a_complete_write_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.txt"
    with output_file(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new" and _leftovers(target.parent) == []


def test_a_folder_is_not_a_file_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"), output_file(tmp_path):
        pass


@pytest.mark.skipif(not DEV_FULL.exists(), reason="no /dev/full")
def test_a_full_device_is_a_user_error() -> None:
    with pytest.raises(InputError, match="No space left"), output_file(DEV_FULL) as tmp:
        tmp.write_bytes(b"x" * 10)
    assert DEV_FULL.is_char_device()  # written through, never renamed over


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="no /proc")
def test_a_folder_that_cannot_hold_files_is_a_user_error() -> None:
    with pytest.raises(InputError, match="cannot write"), output_file(Path("/proc/pw.xlsx")):
        pass


def test_cli_outputs(pw, plan: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "is a folder" in pw("template", plan, "--year", "2023", "-o", str(tmp_path), code=2)
    assert "unknown file type '.txt'" in pw(
        "template", plan, "--year", "2023", "-o", str(tmp_path / "t.txt"), code=2
    )
    csv = tmp_path / "t.csv"
    pw("template", plan, "--year", "2023", "-o", str(csv))
    sheet = read_sheet(csv)  # a real CSV, not an .xlsx named .csv
    assert sheet.headers[:5] == ["地区", "指标", "单位", "年份", "数值"] and sheet.rows
    afile = tmp_path / "afile"
    afile.write_text("")
    out = pw("extract", str(SAMPLES / "sample_plan.txt"), "--out", str(afile), code=2)
    assert "is a file; give a folder" in out
    assert "is a folder" in pw(
        "land", "forecast", str(SAMPLES / "land_forecast.yaml"), "-o", str(tmp_path), code=2
    )
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(not DEV_FULL.exists(), reason="no /dev/full")
def test_cli_full_disk(pw, plan: str) -> None:  # type: ignore[no-untyped-def]
    land = str(SAMPLES / "land_forecast.yaml")
    for args in (["land", "forecast", land, "-o", str(DEV_FULL)],
                 ["synth", "enterprises", "--n", "5", "-o", str(DEV_FULL)]):  # fmt: skip
        out = pw(*args, code=2)
        assert "internal error" not in out and "Traceback" not in out
    # no extension to say which format: refused before anything is written
    assert "unknown file type" in pw("template", plan, "--year", "2023", "-o", "/dev/full", code=2)


def test_written_files_get_the_usual_mode(tmp_path: Path) -> None:
    """A temporary file is private (0600); the file it becomes must not be."""
    import os
    import stat

    new = tmp_path / "new.csv"
    with output_file(new) as tmp:
        tmp.write_text("x")
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~mask
    kept = tmp_path / "kept.csv"
    kept.write_text("old")
    kept.chmod(0o640)
    with output_file(kept) as tmp:
        tmp.write_text("new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
