"""planwatch against what a user would run instead, side by side in one run.

    ./dev bench peers               # both comparisons (about two minutes)
    ./dev bench peers pdf           # `planwatch extract X.pdf --json` against `pdftotext -layout`
    ./dev bench peers permu         # `planwatch permu evaluate` against a plain polars script

Runs alternate between the two sides so a noisy machine slows both alike; each line
gives both medians and the ratio (planwatch over the peer). Aims (issue 13): at most
2.0 for PDFs of 30–60 pages, at most 1.0 for a million enterprises.

PDFs: the shipped sample and the shared seeds (when ../shared is present) written by
the test suite's PDF writer, and the same plans written as .docx and exported by
LibreOffice (when `soffice` is installed); those of 30–60 pages are timed. Python
children run with bytecode caching on (as an installed planwatch does), after one
warm-up run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.writers import docx, pdf  # noqa: E402
from tests.writers.rebuild import to_plan  # noqa: E402

from planwatch.ingest import read_document  # noqa: E402

PLANWATCH = Path(sys.executable).with_name("planwatch")
SEEDS = ROOT.parent / "shared" / "seeds"
PAGES = (30, 60)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode
    return env


def _seconds(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=_env())  # fmt: skip
    return time.perf_counter() - start


def side_by_side(label: str, ours: list[str], peer: list[str], runs: int) -> float:
    """Print and return the ratio of the medians of `ours` over `peer`."""
    _seconds(ours)  # warm up: bytecode written, files in the page cache
    _seconds(peer)
    a, b = [], []
    for _ in range(runs):
        a.append(_seconds(ours))
        b.append(_seconds(peer))
    ratio = statistics.median(a) / statistics.median(b)
    print(f"{label:44} planwatch {statistics.median(a):6.2f} s   peer {statistics.median(b):6.2f} s"
          f"   ratio {ratio:4.2f}", flush=True)  # fmt: skip
    return ratio


def _pages(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def pdf_files(folder: Path) -> list[tuple[str, Path]]:
    """(label, path) of the PDFs to time: test-writer and LibreOffice ones."""
    sources = [ROOT / "src/planwatch/samples/sample_plan.txt", *sorted(SEEDS.glob("*.txt"))]
    soffice = shutil.which("soffice")
    (folder / "lo").mkdir()
    out = []
    for source in sources:
        plan = to_plan(read_document(source))
        written = pdf.render(plan, folder / f"{source.stem}.pdf")
        out.append(("test writer", written))
        if soffice:
            word = docx.render(plan, folder / "lo" / f"{source.stem}.docx")
            subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                            "--headless", "--convert-to", "pdf", "--outdir", str(folder / "lo"),
                            str(word)], check=True, capture_output=True)  # fmt: skip
            out.append(("LibreOffice", folder / "lo" / f"{source.stem}.pdf"))
    if not soffice:
        print("(soffice not installed: LibreOffice PDFs not timed)")
    return [(f"{kind} {p.stem[:12]} ({n} pages)", p) for kind, p in out
            if PAGES[0] <= (n := _pages(p)) <= PAGES[1]]  # fmt: skip


def bench_pdf(runs: int) -> None:
    if shutil.which("pdftotext") is None:
        print("pdftotext (poppler-utils) is not installed: nothing to compare against")
        return
    with tempfile.TemporaryDirectory() as tmp:
        files = pdf_files(Path(tmp))
        if not files:
            print(f"no PDF of {PAGES[0]}–{PAGES[1]} pages (../shared/seeds absent?)")
        for label, path in files:
            side_by_side(f"extract {label}", [str(PLANWATCH), "extract", str(path), "--json"],
                         ["pdftotext", "-layout", str(path), "/dev/null"], runs)  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("which", nargs="*", default=["pdf", "permu"])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if "pdf" in args.which:
        bench_pdf(args.runs)
    if "permu" in args.which:
        from peer_permu import bench_permu  # bench/peer_permu.py, beside this script

        bench_permu(max(3, args.runs // 2))


if __name__ == "__main__":
    main()
