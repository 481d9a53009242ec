"""Time extraction of each plan document: read (file → Document) and extract
(Document → PlanExtract), median of several runs, one process, one core.

    ./dev bench extract             # the shipped sample and ../shared/seeds if present
    ./dev bench extract plans/ -n 20  # any folder or files

Prints a Markdown table to paste into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timing import median_seconds  # bench/timing.py, beside this script

from planwatch.ingest import extract_document, read_document
from planwatch.ingest.batch import plan_files

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = [ROOT / "src/planwatch/samples", ROOT.parent / "shared/seeds"]


def _files(args: list[str]) -> list[Path]:
    roots = [Path(a) for a in args] or [d for d in DEFAULTS if d.is_dir()]
    out: list[Path] = []
    for r in roots:
        out.extend(plan_files(r) if r.is_dir() else [r])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("paths", nargs="*")
    ap.add_argument("-n", "--runs", type=int, default=10)
    args = ap.parse_args()
    files = _files(args.paths)
    if not files:
        print("no plan files found", file=sys.stderr)
        return 1
    print("| document | format | KB | read ms | extract ms | total ms | indicators |")
    print("|---|---|---:|---:|---:|---:|---:|")
    worst = 0.0
    for path in files:
        doc = read_document(path)
        read_s = median_seconds(lambda p=path: read_document(p), args.runs)
        ex_s = median_seconds(lambda d=doc: extract_document(d), args.runs)
        n = len(extract_document(doc).indicators)
        worst = max(worst, read_s + ex_s)
        kb = path.stat().st_size / 1024
        print(
            f"| {path.stem} | {doc.format} | {kb:.0f} | {read_s * 1e3:.1f} | {ex_s * 1e3:.1f} "
            f"| {(read_s + ex_s) * 1e3:.1f} | {n} |"
        )
    print(f"\nslowest document: {worst * 1e3:.1f} ms (target < 200 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
