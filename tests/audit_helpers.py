"""Shared by the audit tests: write a plan the tests make (as .txt, .docx or PDF),
audit it, and pick the findings of one rule."""

from __future__ import annotations

from pathlib import Path

from planwatch.audit import audit_file
from planwatch.models.audit import AuditReport, Finding
from tests.writers import docx, pdf, txt
from tests.writers.spec import H, P, Plan, T

FORMATS = ["txt", "docx", "pdf"]
TITLE = "示例县“十四五”工业发展规划"


def write(plan: Plan, tmp_path: Path, fmt: str = "txt") -> Path:
    path = tmp_path / f"plan.{fmt}"
    return {"txt": txt.write, "docx": docx.render, "pdf": pdf.render}[fmt](plan, path)


def audit(blocks: list[H | P | T], tmp_path: Path, fmt: str = "txt") -> AuditReport:
    """The audit of a plan made of `blocks` (under a title and a period heading)."""
    plan = Plan([P(TITLE), H("一、发展目标"), P("规划期为2021—2025年。"), *blocks], title="")
    return audit_file(write(plan, tmp_path, fmt))


def of(report: AuditReport, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule]
