"""How well an OCR engine reads the style corpus's pages, against their text layer.

    .venv/bin/python bench/ocr_engines.py tesseract
    /tmp/rvenv/bin/python bench/ocr_engines.py rapidocr   # a venv with rapidocr_onnxruntime

Each page of the style corpus's PDFs is rendered at 300 dpi and read whole by the
engine; the score is the share of the text layer's Chinese characters, digits, points
and percent signs that the reading keeps, in order (a dropped or misread character
counts against it). It measures the recogniser, not planwatch: this is the figure to
compare before replacing Tesseract (docs/benchmarks.md).
"""

from __future__ import annotations

import difflib
import io
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402
from PIL import Image  # noqa: E402
from style_corpus import CORPUS  # noqa: E402
from tests.writers import pdf  # noqa: E402

KEPT = re.compile(r"[\u4e00-\u9fff0-9.%]")


def pages(folder: Path) -> list[tuple[np.ndarray, str]]:
    """(image, text layer) of every page of the corpus."""
    out = []
    for entry in CORPUS:
        path = pdf.render(entry["plan"], folder / f"{entry['name']}.pdf")
        doc = pdfium.PdfDocument(str(path))
        for i in range(len(doc)):
            text = doc[i].get_textpage().get_text_range()
            out.append((doc[i].render(scale=300 / 72, grayscale=True).to_numpy(), text))
        doc.close()
    return out


def tesseract(image: np.ndarray) -> str:
    png = io.BytesIO()
    Image.fromarray(image).save(png, "PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    args = ["tesseract", "stdin", "stdout", "-l", "chi_sim+eng", "--psm", "3"]
    return subprocess.run(args, input=png.getvalue(), capture_output=True, env=env).stdout.decode()


def rapidocr():  # type: ignore[no-untyped-def]
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR()

    def read(image: np.ndarray) -> str:
        found, _ = engine(np.stack([image] * 3, -1))
        return "".join(r[1] for r in found or [])

    return read


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "tesseract"
    read = tesseract if which == "tesseract" else rapidocr()
    kept = total = 0
    seconds = 0.0
    with tempfile.TemporaryDirectory() as folder:
        corpus = pages(Path(folder))
    for image, text in corpus:
        truth = "".join(KEPT.findall(text))
        start = time.perf_counter()
        got = "".join(KEPT.findall(read(image)))
        seconds += time.perf_counter() - start
        match = difflib.SequenceMatcher(None, truth, got, autojunk=False).get_matching_blocks()
        kept += sum(b.size for b in match)
        total += len(truth)
    print(f"{which}: {len(corpus)} pages, characters kept in order {kept / total:.3f}, "
          f"{seconds / len(corpus):.2f} s a page")  # fmt: skip


if __name__ == "__main__":
    main()
