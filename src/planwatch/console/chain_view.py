"""Terminal tables of `chain map` and `project check`."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from planwatch.chains.tables import GAP_WORDS, VERDICT_WORDS, chain_table
from planwatch.models.chains import CheckReport, Failure, MapReport

GAP_STYLES = {"missing": "bold red", "weak": "yellow", "inefficient": "magenta",
              "strong": "green", "none": ""}  # fmt: skip
VERDICT_STYLES = {"admit": "green", "conditional": "yellow", "reject": "bold red"}


def _table(title: str, headers: list[str], rows: list[list[object]]) -> Table:
    t = Table(title=title, title_justify="left")
    for h in headers:
        t.add_column(h, overflow="fold")
    for row in rows:
        t.add_row(*("" if v is None else f"{v:,.2f}" if isinstance(v, float) else str(v)
                    for v in row))  # fmt: skip
    return t


def chains_table(report: MapReport) -> Table:
    headers, rows = chain_table(report)
    keep = [0, 1, 2, 3, 6, 8, 10, 11]
    return _table("产业链", [headers[i] for i in keep], [[r[i] for i in keep] for r in rows])


def links_table(report: MapReport, chain: str) -> Table:
    c = next(x for x in report.chains if x.name == chain)
    t = Table(title=f"{chain}：环节", title_justify="left")
    for h in ("链段", "环节", "企业", "规上", "产值（万元）", "亩均税收", "占链产值", "类别"):
        t.add_column(h, overflow="fold", justify="left" if h in ("链段", "环节") else "right")
    for link in c.links:
        t.add_row(
            link.segment, link.link, str(link.enterprises), str(link.above_scale),
            f"{link.output:,.0f}", "" if link.tax_per_mu is None else f"{link.tax_per_mu:.2f}",
            "" if link.share is None else f"{link.share:.1%}",
            Text(GAP_WORDS[link.gap], style=GAP_STYLES[link.gap]),
        )  # fmt: skip
    return t


def targets_table(report: MapReport) -> Table:
    t = Table(title="招商方向", title_justify="left")
    for h in ("产业链", "环节", "类别", "行业代码", "最低投资强度", "最低亩均产出", "最低亩均税收"):
        t.add_column(h, overflow="fold")
    for x in report.targets:
        t.add_row(x.chain, x.link, Text(GAP_WORDS[x.gap], style=GAP_STYLES[x.gap]),
                  " ".join(x.codes) or "（关键词）",
                  "" if x.min_investment_per_mu is None else f"{x.min_investment_per_mu:g}",
                  "" if x.min_output_per_mu is None else f"{x.min_output_per_mu:g}",
                  "" if x.min_tax_per_mu is None else f"{x.min_tax_per_mu:g}")  # fmt: skip
    return t


def _short(f: Failure) -> str:
    """'亩均税收 差7.0%' or '亩均税收 未提供': the console has no room for the whole text."""
    name = f.label.split("（")[0]
    if f.shortfall is None:
        return f"{name} 未提供"
    return f"{name} {'超' if f.criterion.startswith('max_') else '差'}{f.shortfall:.1%}"


def check_view(report: CheckReport) -> Table:
    t = Table(title="项目准入审查", title_justify="left")
    for h in ("项目", "行业代码", "结论", "适用标准", "投资强度", "亩均税收", "未达标项",
              "全县亩均税收（前→后）", "对应环节"):  # fmt: skip
        t.add_column(h, overflow="fold")
    for p in report.projects:
        effect = ""
        if p.tax_per_mu_before is not None and p.tax_per_mu_after is not None:
            effect = f"{p.tax_per_mu_before:.2f}→{p.tax_per_mu_after:.2f}"
        verdict = Text(VERDICT_WORDS[p.verdict], style=VERDICT_STYLES[p.verdict])
        t.add_row(
            p.name, p.industry_code, verdict,
            p.standard or "无适用标准", f"{p.investment_per_mu:,.0f}",
            "" if p.tax_per_mu is None else f"{p.tax_per_mu:.1f}",
            "\n".join(_short(f) for f in p.failed), effect,
            "、".join(x.link for x in p.links),
        )  # fmt: skip
    return t


def land_line(report: CheckReport) -> str:
    land = report.land
    line = f"准入项目用地 {land.admitted_land:,.1f} 亩，有条件准入 {land.conditional_land:,.1f} 亩"
    if land.forecast_land is not None and land.remaining is not None:
        line += f"；规划预测新增用地 {land.forecast_land:,.0f} 亩，剩余 {land.remaining:,.1f} 亩"
        if land.remaining < 0:
            line += "（超出）"
    return line
