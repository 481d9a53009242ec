"""Bad input never escapes as a traceback: readers raise `InputError` or succeed.

Random bytes go to every registered reader; random table-shaped text goes
through the whole extraction. Anything else than an `InputError` is a bug.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planwatch.errors import InputError
from planwatch.ingest import extract_document
from planwatch.ingest.readers import known_extensions, reader_for

EXTENSIONS = known_extensions()
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse(ext: str, data: bytes) -> None:
    reader = reader_for(f"fuzz{ext}")
    try:
        doc = reader.parse(data, Path(f"fuzz{ext}"))
    except InputError as exc:
        assert exc.reason and "fuzz" in str(exc)
        return
    extract_document(doc)


@pytest.mark.parametrize("ext", EXTENSIONS)
@FUZZ
@given(data=st.binary(min_size=1, max_size=4096))
def test_random_bytes_never_crash_a_reader(ext: str, data: bytes) -> None:
    _parse(ext, data)


def _zip_with(name: str, payload: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(name, payload)
    return buf.getvalue()


@pytest.mark.parametrize("ext", EXTENSIONS)
@FUZZ
@given(payload=st.binary(max_size=512))
def test_zip_shaped_garbage_never_crashes(ext: str, payload: bytes) -> None:
    """Word files are zips: a zip holding garbage must be reported, not crash."""
    _parse(ext, _zip_with("word/document.xml", payload))


@pytest.mark.parametrize("ext", EXTENSIONS)
@FUZZ
@given(prefix=st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\xef\xbb\xbf"]),
       rest=st.binary(max_size=1024))  # fmt: skip
def test_magic_numbers_then_garbage(ext: str, prefix: bytes, rest: bytes) -> None:
    _parse(ext, prefix + rest)


CELL = st.text(
    alphabet="规上工业增加值亿元%万亩0123456789.—-（）()力争以上左右年序号指标\n ", max_size=12
)
ROW = st.lists(CELL, min_size=0, max_size=9)


@FUZZ
@given(
    caption=st.sampled_from(["", "表1 主要指标", "附表 重点项目表（单位：万元）", "续表"]),
    header=ROW,
    rows=st.lists(ROW, max_size=8),
    blank_runs=st.integers(0, 3),
)
def test_table_shaped_text_never_crashes(
    caption: str, header: list[str], rows: list[list[str]], blank_runs: int
) -> None:
    lines = [caption]
    for row in [header, *rows]:
        lines.extend("\t" + c for c in row)
        lines.extend([""] * blank_runs)
    _parse(".txt", "\n".join(lines).encode("utf-8"))


def test_oversize_file_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2048)
    reader = reader_for(path)
    reader.max_bytes = 1024
    with pytest.raises(InputError, match=r"big.txt: the file is .* MB, over the .* limit"):
        reader.read(path)


@pytest.mark.parametrize("ext", EXTENSIONS)
def test_empty_file(tmp_path: Path, ext: str) -> None:
    path = tmp_path / f"empty{ext}"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        reader_for(path).read(path)


def test_numbers_too_large_for_a_float_are_left_empty(tmp_path: Path) -> None:
    """A table cell of 400 digits reads as infinity; it must not become a target."""
    import math

    from planwatch.ingest import extract_plan

    huge = "9" * 400
    path = tmp_path / "plan.txt"
    path.write_text(
        "表1 主要指标\n\t指标\n\t单位\n\t2020年\n\t2025年\n\n"
        f"\t规上工业增加值\n\t亿元\n\t80\n\t{huge}\n\n",
        encoding="utf-8",
    )
    ex = extract_plan(path)
    row = next(i for i in ex.indicators if i.name == "规上工业增加值")
    assert row.baseline == 80 and row.target is None
    assert any("too large" in w for w in ex.warnings)
    floats = [v.value for i in ex.indicators for v in i.values if v.value is not None]
    assert all(math.isfinite(x) for x in floats)
