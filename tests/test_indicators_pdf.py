"""The indicator tests of `tests.test_indicators`, run on the same plans rendered as PDF.

Each test there builds its plans and calls the module's `extract`; here that
function is swapped for one that writes the plan as a PDF (tests.writers.pdf)
and reads it back, so every expectation of the text tests is checked on PDF
input too, and tests added there are picked up here without copying them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path

import pytest

import tests.test_indicators as base
from planwatch.ingest import extract_plan
from planwatch.models import Indicator
from tests.writers import pdf
from tests.writers.spec import Plan


def extract_pdf(plan: Plan, tmp_path: Path, fmt: str = "pdf") -> list[Indicator]:
    path = pdf.render(plan, tmp_path / "plan.pdf")
    return extract_plan(path).indicators


def _cases() -> list[str]:
    names = []
    for name, fn in vars(base).items():
        if name.startswith("test_") and callable(fn):
            params = set(inspect.signature(fn).parameters)
            if params <= {"tmp_path", "fmt"}:
                names.append(name)
    return names


@pytest.mark.parametrize("name", _cases())
def test_indicators_on_pdf(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "extract", extract_pdf)
    fn: Callable[..., None] = getattr(base, name)
    kwargs = {"tmp_path": tmp_path, "fmt": "pdf"}
    fn(**{k: v for k, v in kwargs.items() if k in inspect.signature(fn).parameters})
