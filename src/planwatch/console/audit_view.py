"""The terminal view of an audit: findings grouped by severity, where and what."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from planwatch.audit.html import WORDS, Lang, where
from planwatch.models.audit import SEVERITIES, AuditReport

STYLE = {"error": "bold red", "warning": "yellow", "notice": "cyan"}


def _counts(report: AuditReport, lang: Lang) -> Text:
    text = Text()
    for s in SEVERITIES:
        text.append(f"{WORDS[lang][s]} {report.count(s)}  ", style=STYLE[s])
    return text


def report_view(report: AuditReport, lang: Lang = "zh") -> RenderableType:
    parts: list[RenderableType] = [
        Text.assemble((report.document, "bold"), "  ", _counts(report, lang))
    ]
    titles = {r.name: (r.title_zh if lang == "zh" else r.title_en) for r in report.rules}
    for s in SEVERITIES:
        found = [f for f in report.findings if f.severity == s]
        if not found:
            continue
        table = Table(title=WORDS[lang][s], title_justify="left", title_style=STYLE[s],
                      show_lines=True, expand=True)  # fmt: skip
        table.add_column("位置" if lang == "zh" else "where", ratio=2, overflow="fold")
        table.add_column("检查" if lang == "zh" else "check", ratio=1, overflow="fold")
        table.add_column("说明" if lang == "zh" else "finding", ratio=5, overflow="fold")
        for f in found:
            message = f.message_zh if lang == "zh" else f.message_en
            table.add_row(where(f.location, lang), titles.get(f.rule, f.rule), Text(message))
        parts.append(table)
    if not report.findings:
        parts.append(Text(WORDS[lang]["none"], style="green"))
    return Group(*parts)


def summary_table(reports: list[AuditReport], failed: dict[str, str], lang: Lang) -> Table:
    table = Table(title=WORDS[lang]["title"], title_justify="left")
    table.add_column("文件" if lang == "zh" else "file")
    for s in SEVERITIES:
        table.add_column(WORDS[lang][s], justify="right", style=STYLE[s])
    for r in reports:
        table.add_row(r.document, *(str(r.count(s)) for s in SEVERITIES))
    for name, reason in failed.items():
        table.add_row(Text(name), Text(reason, style="red"), "", "")
    return table


def print_report(console: Console, report: AuditReport, lang: Lang = "zh") -> None:
    console.print(report_view(report, lang))
