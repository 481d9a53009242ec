"""The audit's cost over extraction (issue 14: an audit within 1.5× the extraction time
of a 50-page plan).

    ./dev bench audit            # the sample and the seeds, as .txt and as test-writer PDF
    ./dev bench audit -n 7

For each document: the median over `n` runs of `extract_plan` (read and extract) and
of the same followed by every audit rule, in one process; the ratio is audit over
extraction. The PDFs are the plans rebuilt through the test suite's writer.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.writers import pdf  # noqa: E402
from tests.writers.rebuild import to_plan  # noqa: E402
from timing import median_seconds  # noqa: E402  (bench/timing.py, beside this script)

from planwatch.audit import audit_plan  # noqa: E402
from planwatch.audit.plan import AuditedPlan, number_of  # noqa: E402
from planwatch.audit.registry import all_rules  # noqa: E402
from planwatch.ingest import read_document  # noqa: E402
from planwatch.ingest.extract import extract_document  # noqa: E402
from planwatch.ingest.simplify import simplify  # noqa: E402
from planwatch.ingest.text import norm  # noqa: E402
from planwatch.ingest.values import is_missing  # noqa: E402

SOURCES = [ROOT / "src/planwatch/samples/sample_plan.txt",
           *sorted((ROOT.parent / "shared/seeds").glob("*.txt"))]  # fmt: skip


def _extract(path: Path) -> None:
    for cached in (norm, is_missing):
        cached.cache_clear()
    extract_document(read_document(path))


def _audit(path: Path) -> int:
    for cached in (number_of, norm, is_missing):  # each run as a fresh process sees it
        cached.cache_clear()
    doc = read_document(path)
    report = audit_plan(AuditedPlan(simplify(doc), extract_document(doc)))
    return len(report.findings)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=5)
    args = ap.parse_args()
    all_rules()  # import the rules once, as a long-running process would
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for source in SOURCES:
            files.append(source)
            files.append(
                pdf.render(to_plan(read_document(source)), Path(tmp) / f"{source.stem}.pdf")
            )
        print(f"{'document':32} {'extract s':>10} {'audit s':>10} {'ratio':>6} findings")
        for path in files:
            _audit(path)  # warm up
            extract = median_seconds(lambda p=path: _extract(p), args.n)
            audit = median_seconds(lambda p=path: _audit(p), args.n)
            label = f"{path.stem[:24]} {path.suffix}"
            print(f"{label:32} {extract:10.3f} {audit:10.3f} {audit / extract:6.2f} {_audit(path)}")


if __name__ == "__main__":
    main()
