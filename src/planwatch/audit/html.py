"""The audit as one self-contained HTML page a drafter can send round: no scripts,
no links to anything, styles inline."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

from planwatch.models.audit import SEVERITIES, AuditReport, Location

Lang = Literal["zh", "en"]
WORDS = {
    "zh": {"title": "规划体检报告", "made_by": "由 planwatch 生成", "rules": "检查项",
           "error": "错误", "warning": "警告", "notice": "提示", "none": "未发现问题。",
           "table": "表", "row": "行", "column": "列", "line": "第{}行", "page": "第{}页"},
    "en": {"title": "Plan audit", "made_by": "made by planwatch", "rules": "checks",
           "error": "error", "warning": "warning", "notice": "notice",
           "none": "No findings.", "table": "table", "row": "row", "column": "column",
           "line": "line {}", "page": "page {}"},
}  # fmt: skip


def where(location: Location, lang: Lang = "zh") -> str:
    """A finding's place in words: 表1 主要指标 · 规上工业增加值 · 2025年 · 第12行."""
    w = WORDS[lang]
    parts = [x for x in (location.table, location.row, location.column) if x]
    if location.page is not None:
        parts.append(w["page"].format(location.page))
    elif location.line is not None:
        parts.append(w["line"].format(location.line))
    return " · ".join(parts)


def render(reports: list[AuditReport], lang: Lang = "zh") -> str:
    from jinja2 import Environment, select_autoescape

    import planwatch

    source = files("planwatch.audit").joinpath("templates/audit.html.j2").read_text("utf-8")
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    rules = {r.name: r for report in reports for r in report.rules}
    return env.from_string(source).render(
        reports=reports,
        rules=list(rules.values()),
        rule_titles={n: (r.title_zh if lang == "zh" else r.title_en) for n, r in rules.items()},
        severities=SEVERITIES,
        t=WORDS[lang],
        lang=lang,
        where=lambda loc: where(loc, lang),
        version=planwatch.__version__,
    )


def write_html(reports: list[AuditReport], path: Path, lang: Lang = "zh") -> Path:
    from planwatch.files import write_text

    return write_text(path, render(reports, lang))
