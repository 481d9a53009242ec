"""Word 97–2003 (.doc) and WPS (.wps) files, read through LibreOffice's conversion:
the same rows as the Word file, the conversion recorded, and a clear message without
LibreOffice or for a file it cannot open."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planwatch.ingest import extract_plan, read_document
from planwatch.ingest.readers.legacy import OLE
from tests.test_pdf_producers import rows
from tests.writers import docx
from tests.writers.libreoffice import SOFFICE, convert
from tests.writers.rebuild import to_plan

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "planwatch" / "samples" / "sample_plan.txt"
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice")


@pytest.fixture(scope="module")
def sample_doc(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if SOFFICE is None:
        pytest.skip("needs LibreOffice")
    folder = tmp_path_factory.mktemp("legacy")
    word = docx.render(to_plan(read_document(SAMPLE)), folder / "示例规划.docx")
    return word, convert(word, folder / "doc", "doc")


@needs_libreoffice
def test_a_doc_reads_as_its_word_file(sample_doc: tuple[Path, Path]) -> None:
    word, doc = sample_doc
    assert rows(doc) == rows(word) and rows(word)[0]
    ex = extract_plan(doc)
    assert (ex.format, ex.converted_from) == ("docx", "doc")
    assert ex.warnings[0] == "read from .doc through LibreOffice's conversion to .docx"
    assert ex.document == "示例规划" and ex.source_file == str(doc)


@needs_libreoffice
def test_a_wps_file_goes_the_same_way(sample_doc: tuple[Path, Path], tmp_path: Path) -> None:
    word, doc = sample_doc
    wps = shutil.copy(doc, tmp_path / "示例规划.wps")  # WPS saves Word-compatible files
    assert rows(Path(wps)) == rows(word)
    assert extract_plan(wps).converted_from == "wps"


@needs_libreoffice
def test_a_file_libreoffice_cannot_open(tmp_path: Path, pw) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "broken.doc"
    bad.write_bytes(OLE + b"\x00" * 2000)
    out = pw("extract", str(bad), code=2)
    assert out.startswith(f"error: {bad}: LibreOffice could not convert it")


def test_without_libreoffice_the_message_says_what_to_install(
    tmp_path: Path,
    pw,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    import planwatch.office

    monkeypatch.setattr(planwatch.office, "soffice", lambda: None)
    doc = tmp_path / "plan.doc"
    doc.write_bytes(OLE + b"\x00" * 2000)
    out = pw("extract", str(doc), code=2)
    assert "reading .doc files needs LibreOffice" in out and "apt-get install" in out


@needs_libreoffice
def test_the_seeds_as_doc_read_as_their_word_files(tmp_path: Path, shared_dir: Path) -> None:
    for seed in sorted((shared_dir / "seeds").glob("*.txt")):
        word = docx.render(to_plan(read_document(seed)), tmp_path / f"{seed.stem}.docx")
        doc = convert(word, tmp_path / "doc", "doc")
        assert rows(doc) == rows(word), seed.name


def test_files_that_are_not_what_their_name_says(
    tmp_path: Path,
    pw,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """Sites publish .docx files, web pages and plain junk under .doc: the first two are
    read as what they are (no LibreOffice needed), the last refused."""
    import planwatch.office
    from tests.test_reader_html import ARTICLE, site

    monkeypatch.setattr(planwatch.office, "soffice", lambda: None)
    word = docx.render(to_plan(read_document(SAMPLE)), tmp_path / "a.docx")
    renamed = shutil.copy(word, tmp_path / "a.doc")
    assert rows(Path(renamed)) == rows(word)
    assert extract_plan(renamed).warnings[0] == "a .docx file named .doc"
    page = tmp_path / "b.doc"
    page.write_bytes(site(ARTICLE, "gb2312").encode("gb18030"))
    assert extract_plan(page).format == "html"
    junk = tmp_path / "c.wps"
    junk.write_bytes(b"\x00\x01 not a document")
    assert "not a Word 97–2003 or WPS document" in pw("extract", str(junk), code=2)
