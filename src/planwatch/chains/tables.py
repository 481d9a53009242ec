"""The tables of a chain map and of a project check, as (headers, rows), Chinese
headers: one source for the console, the .xlsx, the HTML page and the web app."""

from __future__ import annotations

from planwatch.models.chains import CheckReport, Failure, MapReport

GAP_WORDS = {"missing": "缺链", "weak": "弱链", "inefficient": "低效", "strong": "强链",
             "none": "一般"}  # fmt: skip
VERDICT_WORDS = {"admit": "准入", "reject": "不准入", "conditional": "有条件准入"}
Table = tuple[list[str], list[list[object]]]


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def chain_table(report: MapReport) -> Table:
    headers = ["产业链", "企业数", "规上企业", "产值（万元）", "税收（万元）", "用地（亩）",
               "亩均税收（万元/亩）", "亩均增加值（万元/亩）", "占全部工业产值",
               "目标年份", "目标产值（万元）", "距目标（万元）", "链主"]  # fmt: skip
    rows: list[list[object]] = []
    for c in report.chains:
        t = c.target
        rows.append([c.name, c.enterprises, c.above_scale, _r(c.output), _r(c.tax), _r(c.land_mu),
                     _r(c.tax_per_mu), _r(c.value_added_per_mu), _pct(c.county_share),
                     t.year if t else None, _r(t.in_wan()) if t else None, _r(c.target_gap),
                     "、".join(c.leaders)])  # fmt: skip
    return headers, rows


def link_table(report: MapReport) -> Table:
    headers = ["产业链", "环节", "链段", "行业代码", "关键词", "企业数", "规上企业", "产值（万元）",
               "税收（万元）", "用地（亩）", "亩均税收（万元/亩）", "亩均增加值（万元/亩）",
               "占链产值", "A/B类占比", "专精特新", "高新技术企业", "上市", "按代码匹配",
               "按关键词匹配", "类别", "依据", "链主"]  # fmt: skip
    rows: list[list[object]] = []
    for c in report.chains:
        for link in c.links:
            rows.append([
                c.name, link.link, link.segment, " ".join(link.codes), " ".join(link.keywords),
                link.enterprises, link.above_scale, _r(link.output), _r(link.tax),
                _r(link.land_mu), _r(link.tax_per_mu), _r(link.value_added_per_mu),
                _pct(link.share), _pct(link.ab_share),
                link.labels.get("专精特新", 0), link.labels.get("高新技术企业", 0),
                link.labels.get("上市", 0), link.matched_by_code, link.matched_by_keyword,
                GAP_WORDS[link.gap], "；".join(link.reasons), "、".join(link.leaders),
            ])  # fmt: skip
    return headers, rows


def target_table(report: MapReport) -> Table:
    headers = ["产业链", "环节", "链段", "类别", "行业代码", "关键词", "适用标准",
               "最低投资强度（万元/亩）", "最低亩均产出（万元/亩）", "最低亩均税收（万元/亩）",
               "全链距目标产值（万元）", "依据"]  # fmt: skip
    rows: list[list[object]] = [
        [t.chain, t.link, t.segment, GAP_WORDS[t.gap], " ".join(t.codes), " ".join(t.keywords),
         t.standard, t.min_investment_per_mu, t.min_output_per_mu, t.min_tax_per_mu,
         _r(t.output_needed), "；".join(t.reasons)]
        for t in report.targets
    ]  # fmt: skip
    return headers, rows


def failure_text(f: Failure) -> str:
    """'亩均税收（万元/亩） 要求 30，项目 27.00（差 10.0%）'."""
    actual = "未提供" if f.actual is None else f"{f.actual:.2f}"
    word = "超" if f.criterion.startswith("max_") else "差"
    short = "" if f.shortfall is None else f"（{word} {f.shortfall:.1%}）"
    return f"{f.label} 要求 {f.required:g}，项目 {actual}{short}"


def check_table(report: CheckReport) -> Table:
    headers = ["项目", "行业代码", "结论", "适用标准", "投资强度（万元/亩）",
               "亩均产出（万元/亩）", "亩均税收（万元/亩）", "未达标项", "准入前亩均税收",
               "准入后亩均税收", "对应环节"]  # fmt: skip
    rows: list[list[object]] = []
    for p in report.projects:
        failed = "；".join(failure_text(f) for f in p.failed)
        links = "、".join(f"{x.chain}·{x.link}" + (f"（{GAP_WORDS[x.gap]}）" if x.gap else "")
                         for x in p.links)  # fmt: skip
        rows.append([p.name, p.industry_code, VERDICT_WORDS[p.verdict], p.standard or "无适用标准",
                     _r(p.investment_per_mu), _r(p.output_per_mu), _r(p.tax_per_mu), failed,
                     _r(p.tax_per_mu_before, 4), _r(p.tax_per_mu_after, 4), links])  # fmt: skip
    return headers, rows
