"""The yearly per-mu evaluation publication (亩均效益综合评价结果) as content.

Built from a results file of `permu evaluate` and the scheme it was graded by: the
scheme and its weights, grades overall and by region, park and industry, the
figures of the whole as ratios of sums, the A list, the C/D lists with the
indicators that pulled each enterprise down, and grade moves since last year.

Per-mu figures of a group are Σ numerator ÷ Σ land, never a mean of the
enterprises' ratios; a results file keeps each enterprise's ratio and its land, so
Σ(ratio × land) gives the numerator back.
"""

from __future__ import annotations

import re

import polars as pl

from planwatch.catalog.industries import division_label
from planwatch.models.permu import IndicatorSpec, Scheme
from planwatch.models.report import (
    Block,
    Cell,
    Chart,
    Column,
    Paragraph,
    Report,
    Series,
    Table,
)
from planwatch.report.figures import int_cell, num, pct, pct_cell, text_cell, value_cell
from planwatch.report.lang import chapters, pick

c = pl.col
LIST_LIMIT = 200  # rows of each enterprise list shown in the report; the results file has all
PER_MU = re.compile(r"^\s*(\w+)\s*/\s*land_mu\s*$")


def per_mu_indicators(scheme: Scheme) -> list[IndicatorSpec]:
    """The scheme's indicators of the form field / land_mu (亩均税收, 亩均增加值 …), once each."""
    seen: dict[str, IndicatorSpec] = {}
    for g in scheme.groups:
        for ind in g.indicators:
            if PER_MU.match(ind.formula) and ind.name not in seen:
                seen[ind.name] = ind
    return list(seen.values())


def _labels(scheme: Scheme) -> dict[str, str]:
    return {i.name: i.label or i.name for g in scheme.groups for i in g.indicators}


def _weights(scheme: Scheme) -> dict[tuple[str, str], float]:
    return {(g.name, i.name): i.weight for g in scheme.groups for i in g.indicators}


class _Builder:
    def __init__(
        self,
        results: pl.DataFrame,
        scheme: Scheme,
        previous: pl.DataFrame | None,
        lang: str,
        limit: int,
    ) -> None:
        self.all, self.scheme, self.previous, self.lang, self.limit = (
            results,
            scheme,
            previous,
            lang,
            limit,
        )
        self.graded = results.filter(c("grade").is_not_null())
        self.grades = [
            g
            for g in scheme.classification.grades()
            if g in set(self.graded["grade"].unique().to_list())
        ]
        extra = sorted(set(self.graded["grade"].unique().to_list()) - set(self.grades))
        self.grades += extra  # grades set by overrides (exempt …)
        self.per_mu = [i for i in per_mu_indicators(scheme) if f"value_{i.name}" in results.columns]
        self.year = (
            int(results["year"].max()) if "year" in results.columns and results.height else None
        )

    def t(self, zh: str, en: str) -> str:
        return pick(self.lang, zh, en)

    # -- method --------------------------------------------------------------
    def method(self) -> list[Block]:
        s = self.scheme
        groups = "、".join(g.label or g.name for g in s.groups)
        grades = s.classification.grades()
        by_shares = s.classification.method == "shares"
        text = self.t(
            f"本次评价采用“{s.title or s.name}”方案，按{groups}分组计分，"
            f"按{'得分排名比例' if by_shares else '得分分档'}划分为{'、'.join(grades)}类。",
            f"Enterprises are scored by the scheme '{s.title or s.name}' in groups ({groups}) "
            f"and graded {' / '.join(grades)} by "
            f"{'shares of the ranking' if by_shares else 'score thresholds'}.",
        )
        blocks: list[Block] = [Paragraph(text=text)]
        for g in s.groups:
            rows = [
                [
                    text_cell(i.label or i.name),
                    text_cell(i.unit),
                    value_cell(i.weight),
                    text_cell(_benchmark(i, self.lang)),
                ]
                for i in g.indicators
            ]
            blocks.append(
                Table(
                    key=f"scheme_{g.name}",
                    caption=self.t(
                        f"评价指标及权重（{g.label or g.name}）",
                        f"Indicators and weights ({g.label or g.name})",
                    ),
                    columns=[
                        Column(label=self.t("指标", "Indicator"), width=20),
                        Column(label=self.t("单位", "Unit"), width=10),
                        Column(label=self.t("权重", "Weight"), kind="number", width=8),
                        Column(label=self.t("基准值", "Benchmark"), width=18),
                    ],
                    rows=rows,
                )
            )
        return blocks

    # -- grades --------------------------------------------------------------
    def _group_rows(self, by: str | None) -> pl.DataFrame:
        """Counts by grade and per-mu ratios of sums, per value of `by` (None: the whole;
        industries by division)."""
        ok = (
            self.all.filter(c("not_evaluable").is_null())
            if "not_evaluable" in self.all.columns
            else self.all
        )
        if by == "industry_code":  # by GB/T 4754 division, named: C26 化学原料和化学制品制造业
            codes = ok[by].drop_nulls().unique().to_list()
            ok = ok.with_columns(c(by).replace({code: division_label(code) for code in codes}))
        aggs = [pl.len().alias("n"), c("land_mu").fill_null(0).sum().alias("land")]
        aggs += [(c("grade") == g).sum().alias(f"g_{g}") for g in self.grades]
        for ind in self.per_mu:
            v = c(f"value_{ind.name}")
            has = v.is_not_null() & c("land_mu").is_not_null()
            aggs += [
                (v * c("land_mu")).filter(has).sum().alias(f"num_{ind.name}"),
                c("land_mu").filter(has).sum().alias(f"den_{ind.name}"),
            ]
        frame = ok.group_by(by).agg(aggs) if by else ok.select(aggs)
        ratios = [
            pl.when(c(f"den_{i.name}") > 0)
            .then(c(f"num_{i.name}") / c(f"den_{i.name}"))
            .alias(f"r_{i.name}")
            for i in self.per_mu
        ]
        frame = frame.with_columns(ratios)
        return frame.sort(by, nulls_last=True) if by else frame

    def grade_table(self) -> tuple[Table, Chart]:
        counts = self.graded.group_by("grade").agg(pl.len().alias("n"))
        n = dict(zip(counts["grade"].to_list(), counts["n"].to_list(), strict=True))
        total = sum(n.values())
        rows = [
            [
                text_cell(g, tone=g),
                int_cell(n.get(g, 0)),
                pct_cell(n.get(g, 0) / total if total else None),
            ]
            for g in self.grades
        ]
        rows.append(
            [text_cell(self.t("合计", "Total")), int_cell(total), pct_cell(1.0 if total else None)]
        )
        table = Table(
            key="grades",
            caption=self.t("评价结果等级分布", "Enterprises by grade"),
            columns=[
                Column(label=self.t("等级", "Grade"), width=8),
                Column(label=self.t("企业数", "Enterprises"), kind="integer", width=10),
                Column(label=self.t("占比", "Share"), kind="percent", width=8),
            ],
            rows=rows,
        )
        chart = Chart(
            key="grades_pie",
            caption=self.t("评价等级分布", "Grades"),
            kind="pie",
            categories=self.grades,
            series=[
                Series(
                    name=self.t("企业数", "Enterprises"),
                    values=[float(n.get(g, 0)) for g in self.grades],
                )
            ],
            tones=self.grades,
        )
        return table, chart

    def breakdown(self, by: str, key: str, zh: str, en: str) -> list[Block]:
        frame = self._group_rows(by)
        labels = _labels(self.scheme)
        cols = [
            Column(label=self.t(zh, en), width=24),
            Column(label=self.t("参评企业数", "Enterprises"), kind="integer", width=10),
            Column(label=self.t("用地面积（亩）", "Land (mu)"), kind="number", width=12),
        ]
        cols += [
            Column(label=_with_unit(labels[i.name], i.unit), kind="number", width=12)
            for i in self.per_mu
        ]
        cols += [Column(label=self.t(f"{g}类", g), kind="integer", width=7) for g in self.grades]
        rows: list[list[Cell]] = []
        for r in frame.iter_rows(named=True):
            rows.append(
                [
                    text_cell(str(r[by]) if r[by] is not None else self.t("（未填）", "(none)")),
                    int_cell(r["n"]),
                    value_cell(r["land"]),
                    *(value_cell(r[f"r_{i.name}"]) for i in self.per_mu),
                    *(int_cell(r[f"g_{g}"], tone=g) for g in self.grades),
                ]
            )
        table = Table(
            key=key,
            caption=self.t(f"分{zh}评价结果", f"Results by {en.lower()}"),
            columns=cols,
            rows=rows,
        )
        blocks: list[Block] = [table]
        if self.per_mu and len(rows) > 1:
            first = self.per_mu[0]
            blocks.append(
                Chart(
                    key=f"{key}_chart",
                    caption=self.t(
                        f"分{zh}{labels[first.name]}", f"{labels[first.name]} by {en.lower()}"
                    ),
                    kind="hbars",
                    categories=[row[0].text for row in rows],
                    series=[
                        Series(
                            name=labels[first.name],
                            values=[row[3].value for row in rows],  # type: ignore[misc]
                            style="bar",
                        )
                    ],
                    unit=first.unit,
                )
            )
        return blocks

    def overall(self) -> list[Block]:
        table, chart = self.grade_table()
        whole = self._group_rows(None).row(0, named=True)
        labels = _labels(self.scheme)
        total = table.rows[-1][1].text
        counts = (
            "、".join(f"{r[0].text}类{r[1].text}家（{r[2].text}）" for r in table.rows[:-1])
            if self.lang == "zh"
            else ", ".join(f"{r[0].text} {r[1].text} ({r[2].text})" for r in table.rows[:-1])
        )
        figures = Table(
            key="figures",
            caption=self.t("参评企业总体亩均效益", "Per-mu figures of all evaluated enterprises"),
            columns=[
                Column(label=self.t("项目", "Figure"), width=24),
                Column(label=self.t("数值", "Value"), kind="number", width=14),
            ],
            rows=[
                [text_cell(self.t("参评企业数", "Enterprises evaluated")), int_cell(whole["n"])],
                [text_cell(self.t("用地面积（亩）", "Land (mu)")), value_cell(whole["land"])],
                *(
                    [
                        text_cell(_with_unit(labels[i.name], i.unit)),
                        value_cell(whole[f"r_{i.name}"]),
                    ]
                    for i in self.per_mu
                ),
            ],
        )
        not_eval = self.all.height - self.graded.height
        text = self.t(
            f"共有{total}家企业获评等级，其中{counts}。",
            f"{total} enterprises were graded: {counts}.",
        )
        if not_eval:
            text += self.t(
                f"另有{num(not_eval)}家企业因数据不全等原因未参评。",
                f" {num(not_eval)} more could not be evaluated (missing data).",
            )
            figures.rows.append(
                [text_cell(self.t("未参评企业数", "Not evaluated")), int_cell(not_eval)]
            )
        return [Paragraph(text=text), table, chart, figures]

    # -- lists ---------------------------------------------------------------
    def _weak_points(self, frame: pl.DataFrame) -> list[str]:
        """Per enterprise, the two indicators that lost it most points (weight − score)."""
        labels, weights = _labels(self.scheme), _weights(self.scheme)
        names = [n for n in labels if f"score_{n}" in frame.columns]
        out = []
        for r in frame.iter_rows(named=True):
            shares = [
                (r[f"score_{n}"] - weights[(r["group"], n)], n)  # points lost, negative
                for n in names
                if r[f"score_{n}"] is not None and (r["group"], n) in weights
            ]
            shares.sort()
            out.append(
                "、".join(
                    f"{labels[n]}（{num(r[f'score_{n}'])}/{num(weights[(r['group'], n)])}）"
                    for _, n in shares[:2]
                )
            )
        return out

    def enterprise_list(
        self, grades: list[str], key: str, zh: str, en: str, weak: bool
    ) -> Table | None:
        picked = self.graded.filter(c("grade").is_in(grades))
        if picked.is_empty():
            return None
        # the A list best first; the C/D lists worst grade first, then lowest score
        order = c("grade").replace_strict(
            {g: k for k, g in enumerate(grades)}, default=0, return_dtype=pl.Int64
        )
        picked = picked.sort([order, c("score")], descending=[weak, not weak], nulls_last=True)
        shown = picked.head(self.limit)
        cols = [
            Column(label=self.t("企业名称", "Enterprise"), width=28),
            Column(label=self.t("统一社会信用代码", "Credit code"), width=20),
            Column(label=self.t("地区", "Region"), width=10),
            Column(label=self.t("行业", "Industry"), width=22),
            Column(label=self.t("得分", "Score"), kind="number", width=8),
            Column(label=self.t("等级", "Grade"), width=6),
        ]
        weak_points = self._weak_points(shown) if weak else []
        if weak:
            cols.append(
                Column(
                    label=self.t(
                        "失分较多的指标（得分/满分）", "Weakest indicators (score/weight)"
                    ),
                    width=40,
                )
            )
        rows = []
        for k, r in enumerate(shown.iter_rows(named=True)):
            row = [
                text_cell(r.get("name") or ""),
                text_cell(r["credit_code"]),
                text_cell(r.get("region") or ""),
                text_cell(division_label(r.get("industry_code"))),
                value_cell(r["score"]),
                text_cell(r["grade"], tone=r["grade"]),
            ]
            if weak:
                row.append(text_cell(weak_points[k]))
            rows.append(row)
        notes = []
        if picked.height > shown.height:
            notes.append(
                self.t(
                    f"共{picked.height:,}家，此处列出{shown.height:,}家；完整名单见评价结果文件。",
                    f"{picked.height:,} enterprises; the first {shown.height:,} are listed here, "
                    "all of them in the results file.",
                )
            )
        return Table(key=key, caption=self.t(zh, en), columns=cols, rows=rows, notes=notes)

    # -- transitions ---------------------------------------------------------
    def transitions(self) -> list[Block]:
        if self.previous is None:
            return []
        a = self.previous.select("credit_code", c("grade").alias("from")).drop_nulls()
        b = self.graded.select("credit_code", c("grade").alias("to"))
        both = a.join(b, on="credit_code", how="inner")
        if both.is_empty():
            return [
                Paragraph(
                    text=self.t(
                        "上一年度评价结果中没有本年度参评的企业，无法比较等级变动。",
                        "No enterprise of this year was graded last year.",
                    )
                )
            ]
        grades = list(dict.fromkeys([*self.grades, *sorted(set(both["from"].to_list()))]))
        counts = both.group_by("from", "to").agg(pl.len().alias("n"))
        n = {(f, t): k for f, t, k in counts.iter_rows()}
        rows = [
            [
                text_cell(f, tone=f),
                *(int_cell(n.get((f, t), 0)) for t in self.grades),
                int_cell(sum(n.get((f, t), 0) for t in self.grades)),
            ]
            for f in grades
            if any(n.get((f, t)) for t in self.grades)
        ]
        order = {g: k for k, g in enumerate(grades)}
        up = sum(k for (f, t), k in n.items() if order[t] < order[f])
        down = sum(k for (f, t), k in n.items() if order[t] > order[f])
        same = both.height - up - down
        moves = Table(
            key="transition_counts",
            caption=self.t("等级变动情况", "Grade moves"),
            columns=[
                Column(label=self.t("变动", "Move"), width=10),
                Column(label=self.t("企业数", "Enterprises"), kind="integer", width=10),
            ],
            rows=[
                [text_cell(self.t("等级上升", "Up")), int_cell(up)],
                [text_cell(self.t("等级不变", "Same")), int_cell(same)],
                [text_cell(self.t("等级下降", "Down")), int_cell(down)],
            ],
        )
        matrix = Table(
            key="transitions",
            caption=self.t(
                "上年等级（行）与本年等级（列）",
                "Last year's grade (rows) by this year's (columns)",
            ),
            columns=[
                Column(label=self.t("上年等级", "Last year"), width=10),
                *(Column(label=g, kind="integer", width=8) for g in self.grades),
                Column(label=self.t("合计", "Total"), kind="integer", width=8),
            ],
            rows=rows,
        )
        text = self.t(
            f"两年均参评的企业中，等级上升{num(up)}家，不变{num(same)}家，下降{num(down)}家。",
            f"Of the enterprises graded in both years, {num(up)} moved up, {num(same)} stayed and "
            f"{num(down)} moved down.",
        )
        return [Paragraph(text=text), moves, matrix]

    # -- the report ----------------------------------------------------------
    def report(self) -> Report:
        grades = self.scheme.classification.grades()
        best, worst = grades[:1], grades[2:]
        a_list = self.enterprise_list(
            best,
            "list_best",
            f"{best[0]}类企业名单" if best else "",
            f"Grade {best[0]} enterprises" if best else "",
            weak=False,
        )
        cd_list = self.enterprise_list(
            worst,
            "list_weak",
            f"{'、'.join(worst)}类企业名单",
            f"Grade {'/'.join(worst)} enterprises",
            weak=True,
        )
        parts = [
            (self.t("评价方法", "Method"), self.method()),
            (self.t("评价结果总体情况", "Results overall"), self.overall()),
            (
                self.t("分地区评价结果", "By region"),
                self.breakdown("region", "by_region", "地区", "Region"),
            ),
            (
                self.t("分园区评价结果", "By park"),
                self.breakdown("park", "by_park", "园区", "Park")
                if "park" in self.all.columns and self.all["park"].drop_nulls().len()
                else [],
            ),
            (
                self.t("分行业评价结果", "By industry"),
                self.breakdown("industry_code", "by_industry", "行业", "Industry")
                if "industry_code" in self.all.columns
                else [],
            ),
            (self.t("企业名单", "Enterprise lists"), [t for t in (a_list, cd_list) if t]),
            (self.t("等级变动", "Grade moves"), self.transitions()),
        ]
        sections = chapters(parts, self.lang)
        year = f"{self.year}年度" if self.year else ""
        title = self.t(
            f"{year}工业企业亩均效益综合评价结果",
            f"Per-mu evaluation of industrial enterprises {self.year or ''}".strip(),
        )
        from planwatch import __version__

        facts = [
            self.t(
                f"评价方案：{self.scheme.title or self.scheme.name}",
                f"Scheme: {self.scheme.title or self.scheme.name}",
            )
        ]
        if self.scheme.source:
            facts.append(self.t(f"依据：{self.scheme.source}", f"Source: {self.scheme.source}"))
        facts.append(self.t(f"生成：planwatch {__version__}", f"Made by planwatch {__version__}"))
        return Report(title=title, lang=self.lang, facts=facts, sections=sections)  # type: ignore[arg-type]


def _with_unit(label: str, unit: str) -> str:
    return f"{label}（{unit}）" if unit else label


def _benchmark(ind: IndicatorSpec, lang: str) -> str:
    b = ind.benchmark
    if b.value is not None:
        return num(b.value)
    words = {
        "aggregate": ("全体合计比值", "ratio of sums"),
        "mean": ("平均值", "mean"),
        "median": ("中位数", "median"),
        "percentile": (f"{pct(b.p)}分位数", f"{pct(b.p)} percentile"),
    }
    zh, en = words[b.stat or "mean"]
    scope = {"industry": ("分行业", "by industry"), "region": ("分地区", "by region")}.get(
        b.by or "", ("", "")
    )
    return f"{scope[0]}{zh}" if lang == "zh" else f"{en} {scope[1]}".strip()


def permu_report(
    results: pl.DataFrame,
    scheme: Scheme,
    previous: pl.DataFrame | None = None,
    lang: str = "zh",
    limit: int = LIST_LIMIT,
) -> Report:
    return _Builder(results, scheme, previous, lang, limit).report()
