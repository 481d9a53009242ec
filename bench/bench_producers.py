"""Extraction from PDFs of other producers: the same plans as the test writer's PDF,
LibreOffice's export of the Word file, Chromium's print of an HTML rendering, and
Chromium's print of LibreOffice's HTML export of the Word file (what a user gets
saving a web-published plan as PDF).

    ./dev bench producers                 # the shared seeds and the style corpus
    ./dev bench producers -v              # and every miss
    ./dev bench producers --keep DIR      # keep the PDFs and the extractions in DIR

Plans: ../shared/seeds/*.txt rebuilt as specs (scored against ../shared/gold) and
the style corpus (bench/style_corpus.py, scored against its own gold). Scores the
indicator rows with ../shared/tools/score_indicators.py per producer, and counts
the rows LibreOffice's and Chromium's PDFs of one plan give alike (text compared
without spaces, as the scorer does). Aims (issue 20): F1 ≥ 0.95 and fields ≥ 0.95
for each producer. Producers whose program is missing (soffice, chromium) are
skipped with a note.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the test suite's document writers

from bench_styles import SAME_QUALIFIER, SCORER, gold_rows  # noqa: E402
from style_corpus import CORPUS  # noqa: E402
from tests.writers import docx, html, pdf  # noqa: E402
from tests.writers.libreoffice import SOFFICE, convert  # noqa: E402
from tests.writers.rebuild import to_plan  # noqa: E402
from tests.writers.spec import Plan  # noqa: E402

from planwatch.ingest import extract_plan, read_document  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
SEED_GOLD = ROOT.parent / "shared" / "gold" / "indicators.json"


def _writer(plan: Plan, word: Path, out: Path) -> Path:
    return pdf.render(plan, out)


def _libreoffice(plan: Plan, word: Path, out: Path) -> Path:
    return convert(word, out.parent).rename(out)


def _chromium(plan: Plan, word: Path, out: Path) -> Path:
    return html.render_pdf(plan, out)


def _lo_html_chromium(plan: Plan, word: Path, out: Path) -> Path:
    page = convert(word, out.parent, to="html").rename(out.with_suffix(".html"))
    return html.print_pdf(page, out)


Producer = Callable[[Plan, Path, Path], Path]
PRODUCERS: dict[str, tuple[Producer, bool]] = {
    "writer": (_writer, True),
    "libreoffice": (_libreoffice, SOFFICE is not None),
    "chromium": (_chromium, html.CHROMIUM is not None),
    "lo-html+chromium": (_lo_html_chromium, SOFFICE is not None and html.CHROMIUM is not None),
}


def _norm(value: object) -> object:
    if isinstance(value, str):
        return re.sub(r"[\s“”\"'‘’]", "", unicodedata.normalize("NFKC", value))
    return value


def _rows(data: dict) -> set[tuple]:
    keys = ("table", "subject", "category", "name", "unit", "baseline", "target", "attribute")
    return {tuple(_norm(row.get(k)) for k in keys) for row in data["indicators"]}


def _plans() -> list[tuple[str, str, Plan]]:
    """(set, name, plan) of the seeds, when ../shared is there, and the style corpus."""
    out = [("seeds", p.stem, to_plan(read_document(p))) for p in sorted(SEEDS.glob("*.txt"))]
    return out + [("styles", e["name"], e["plan"]) for e in CORPUS]


def _extract(path: Path, name: str) -> dict:
    data = {**extract_plan(path).model_dump(mode="json"), "document": name}
    for row in data["indicators"]:
        qualifier = row["target_qualifier"]
        row["target_qualifier"] = SAME_QUALIFIER.get(qualifier, qualifier)
    return data


def _score(gold: Path, files: list[Path], verbose: bool) -> str:
    if not SCORER.is_file():
        return f"{SCORER} not found (../shared absent)"
    result = subprocess.run([sys.executable, str(SCORER), str(gold), *map(str, files)],
                            capture_output=True, text=True)  # fmt: skip
    lines = result.stdout.splitlines()
    if verbose:
        print("\n".join(f"    {line}" for line in lines if line.startswith("   ")))
    return lines[-1] if lines else result.stderr.strip()


def run(folder: Path, verbose: bool) -> None:
    plans = _plans()
    style_gold = folder / "styles-gold.json"
    style_gold.write_text(
        json.dumps([r for e in CORPUS for r in gold_rows(e)], ensure_ascii=False), encoding="utf-8"
    )
    golds = {"seeds": SEED_GOLD, "styles": style_gold}
    rows: dict[tuple[str, str], set[tuple]] = {}
    for producer, (make, available) in PRODUCERS.items():
        if not available:
            print(f"{producer:18} skipped: its program is not installed")
            continue
        files: dict[str, list[Path]] = {"seeds": [], "styles": []}
        for group, name, plan in plans:
            place = folder / producer
            place.mkdir(exist_ok=True)
            word = docx.render(plan, place / f"{name}.docx")
            made = make(plan, word, place / f"{name}.pdf")
            data = _extract(made, name)
            out = place / f"{name}.json"
            out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            files[group].append(out)
            rows[producer, name] = _rows(data)
        for group, found in files.items():
            if found:
                print(f"{producer:18} {group:7} {_score(golds[group], found, verbose)}")
    _alike(rows, [name for _, name, _ in plans])


def _alike(rows: dict[tuple[str, str], set[tuple]], names: list[str]) -> None:
    """Rows LibreOffice's and Chromium's PDFs of each plan give alike."""
    pairs = [(rows[("libreoffice", n)], rows[("chromium", n)]) for n in names
             if ("libreoffice", n) in rows and ("chromium", n) in rows]  # fmt: skip
    if not pairs:
        return
    same = sum(len(a & b) for a, b in pairs)
    either = sum(len(a | b) for a, b in pairs)
    print(f"libreoffice vs chromium: {same} of {either} indicator rows alike "
          f"({same / max(either, 1):.3f}) over {len(pairs)} plans")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    ap.add_argument("--keep", type=Path, help="write the PDFs and extractions here")
    args = ap.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        run(args.keep, args.verbose)
        return
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp), args.verbose)


if __name__ == "__main__":
    main()
