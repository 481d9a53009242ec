"""Extraction on plans in other bureaus' styles (`style_corpus.py`), as txt, .docx and PDF.

    ./dev bench styles                # every format
    ./dev bench styles docx pdf       # some of them
    ./dev bench styles pdf --scan     # the PDFs rasterised and read by OCR

Scores the indicator rows with ../shared/tools/score_indicators.py (F1 and field
accuracy, pairing rows by name, target year and subject) and the prose targets by
indicator, value and year (a stretch value counts for its target; recall, targets
not in the gold, values of history sentences taken as targets). Aims (issue 12):
indicator rows F1 ≥ 0.95 and fields ≥ 0.95, prose recall ≥ 0.9 with at most 2
false targets a plan and no history.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the test suite's document writers

from style_corpus import CORPUS  # noqa: E402  (bench/style_corpus.py, beside this script)
from tests.writers import docx, pdf, txt  # noqa: E402

from planwatch.ingest import extract_plan  # noqa: E402

SCORER = ROOT.parent / "shared" / "tools" / "score_indicators.py"
NUMBERING = re.compile(r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．])")
SAME_QUALIFIER = {"≥": "以上", ">": "超过", "＞": "超过"}  # the corpus writes ≥ as 以上


def gold_rows(entry: dict) -> list[dict]:
    """The corpus gold in the shared gold file's conventions."""
    rows = []
    for g in entry["indicators"]:
        g = {**g, "doc": entry["name"]}
        if g.get("baseline") is None:
            g["baseline_year"] = None
            if g.get("target") is None and g.get("baseline_text") == g.get("target_text"):
                g["baseline_text"] = ""
        g["category"] = NUMBERING.sub("", g.get("category") or "")
        rows.append(g)
    return rows


def norm(text: object) -> str:
    return re.sub(r"[\s“”\"'‘’]", "", unicodedata.normalize("NFKC", str(text or "")))


def scan(source: Path) -> Path:
    from tests.test_reader_ocr import scan as rasterise

    return rasterise(source, source.with_name(source.stem + ".scan.pdf"))


def write(entry: dict, folder: Path, fmt: str, scanned: bool) -> Path:
    path = folder / f"{entry['name']}.{fmt}"
    {"txt": txt.write, "docx": docx.render, "pdf": pdf.render}[fmt](entry["plan"], path)
    return scan(path) if scanned and fmt == "pdf" else path


def prose_score(entry: dict, ex) -> tuple[int, int, int, int, list[str]]:  # type: ignore[no-untyped-def]
    """(found, missed, extra, history taken, notes) for one plan's prose targets."""

    def key(indicator: str, value: float | None, year: int | None) -> tuple[str, object, object]:
        return norm(indicator), None if value is None else round(value, 4), year

    got = [key(t.indicator, t.value, t.year) for t in ex.prose_targets]
    stretch = [key(t.indicator, t.stretch, t.year) for t in ex.prose_targets if t.stretch]
    want = [key(g["indicator"], g["value"], g["year"]) for g in entry["prose"]]
    pool, used, notes = got + stretch, set(), []
    for w in want:
        k = next(
            (k for k, g in enumerate(pool) if k not in used and g[1:] == w[1:]
             and (g[0] == w[0] or g[0] in w[0] or w[0] in g[0])),
            None,
        )  # fmt: skip
        if k is None:
            notes.append(f"missed {w}")
        else:
            used.add(k)
    extra = [g for k, g in enumerate(got) if k not in used]
    notes += [f"not in the gold {e}" for e in extra]
    history = sum(1 for t in ex.prose_targets if t.value in entry.get("history_values", []))
    return (
        len(want) - sum(n.startswith("missed") for n in notes),
        sum(n.startswith("missed") for n in notes),
        len(extra),
        history,
        notes,
    )


def run(fmt: str, folder: Path, scanned: bool, verbose: bool) -> None:
    files, found, seconds = [], [0, 0, 0, 0], 0.0
    for entry in CORPUS:
        path = write(entry, folder, fmt, scanned)
        start = time.perf_counter()
        ex = extract_plan(path)
        seconds += time.perf_counter() - start
        data = {**ex.model_dump(mode="json"), "document": entry["name"]}
        for row in data["indicators"]:
            row["target_qualifier"] = SAME_QUALIFIER.get(
                row["target_qualifier"], row["target_qualifier"]
            )
        out = folder / f"{entry['name']}.{fmt}.json"
        out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        files.append(str(out))
        *counts, notes = prose_score(entry, ex)
        found = [a + b for a, b in zip(found, counts, strict=True)]
        for note in notes if verbose else []:
            print(f"  {entry['name']}: {note}")
    label = f"{fmt}{' (scanned)' if scanned and fmt == 'pdf' else ''}"
    hit, miss, extra, history = found
    print(f"{label:16} prose: recall {hit / max(1, hit + miss):.3f}, {extra} not in the gold "
          f"({extra / len(CORPUS):.1f} a plan), {history} history values taken; "
          f"{seconds / len(CORPUS):.2f} s a plan")  # fmt: skip
    gold = folder / "gold.json"
    if not SCORER.is_file():
        print(f"{label:16} indicators: {SCORER} not found (../shared absent)")
        return
    result = subprocess.run([sys.executable, str(SCORER), str(gold), *files],
                            capture_output=True, text=True)  # fmt: skip
    lines = result.stdout.splitlines()
    if verbose:
        print("\n".join(f"  {line}" for line in lines if line.startswith("   ")))
    print(f"{label:16} indicators: {lines[-1] if lines else result.stderr.strip()}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("formats", nargs="*", default=["txt", "docx", "pdf"])
    ap.add_argument("--scan", action="store_true", help="rasterise the PDFs and read them by OCR")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        gold = [row for entry in CORPUS for row in gold_rows(entry)]
        (folder / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        for fmt in args.formats:
            run(fmt, folder, args.scan, args.verbose)


if __name__ == "__main__":
    main()
