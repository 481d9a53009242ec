"""Plan audit (规划体检): the mistakes a plan makes against itself, found from the
document alone (and, for a stored plan, against its recorded actuals).

    report = audit_file("plan.docx")            # or audit_document(doc, extract)
    for f in report.findings: print(f.severity, f.message_zh)

Each rule is a module of `planwatch.audit.rules`; a rule that fails is reported as
a finding of its own and the others still run.
"""

from __future__ import annotations

from pathlib import Path

from planwatch.audit.plan import AuditedPlan
from planwatch.audit.registry import Rule, all_rules
from planwatch.models import Document, PlanExtract
from planwatch.models.audit import SEVERITIES, AuditReport, Finding, Location

__all__ = ["AuditReport", "Finding", "audit_document", "audit_file", "audit_plan"]


def audit_plan(plan: AuditedPlan, rules: list[Rule] | None = None) -> AuditReport:
    """Run `rules` (all registered ones by default) over `plan`."""
    chosen = [r for r in (rules if rules is not None else all_rules())
              if not r.needs_store or plan.actuals is not None]  # fmt: skip
    findings: list[Finding] = []
    for r in chosen:
        try:
            findings.extend(r.check(plan))
        except Exception as exc:  # one broken rule must not hide the others' findings
            findings.append(_failed(r, exc))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: (order[f.severity], f.location.line or 0, f.rule))
    return AuditReport(
        document=plan.extract.document,
        source_file=plan.extract.source_file,
        findings=findings,
        rules=[r.info for r in chosen],
    )


def audit_document(document: Document, extract: PlanExtract | None = None) -> AuditReport:
    """Audit a read document (extracting it unless `extract` is given)."""
    from planwatch.ingest.extract import extract_document
    from planwatch.ingest.simplify import simplify

    extract = extract if extract is not None else extract_document(document)
    return audit_plan(AuditedPlan(simplify(document), extract))


def audit_file(path: str | Path) -> AuditReport:
    from planwatch.ingest import read_document

    return audit_document(read_document(path))


def _failed(r: Rule, exc: Exception) -> Finding:
    what = f"{type(exc).__name__}: {exc}"[:300]
    return Finding(
        rule=r.name,
        severity="warning",
        location=Location(),
        message_zh=f"检查“{r.title_zh}”未能完成（planwatch 内部错误：{what}），其余检查照常进行。",
        message_en=f"the check '{r.title_en}' failed (planwatch internal error: {what}); "
        "the other checks ran.",
        values={"error": what},
    )
