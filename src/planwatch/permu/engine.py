"""The per-mu evaluation engine: enterprises in, one scored row per enterprise out.

Vectorised, no per-row Python: a handful of polars `with_columns` passes, and
numpy passes over one sort for the ranks (`ranking`).

1. not evaluable (no land …) with the reason; the group of each enterprise;
   rules of stage "before" (exempt new enterprises …) take rows out of scoring;
2. indicator values from the group's formulas, benchmarks, scores
   (value ÷ benchmark × weight, negative values at the floor, capped), missing
   values by rule (zero, or the group's mean score);
3. total score, ranks overall / within industry / within region;
4. grades by population share or by thresholds; tied scores always share the
   better grade (shares: the rank of the first of the tie is the position);
5. rules of stage "after" (a tax-per-mu floor → D, violations → downgrade);
6. consecutive D years (with last year's results) and the policy amounts.

While it works, an enterprise's group and grade are small integers (`_group`,
`GradeCodes`); their names go back in at the end. Comparing, moving and
grouping integers costs a fraction of doing it on a million strings.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import polars as pl

from planwatch.models.permu import Classification, IndicatorSpec, Scheme
from planwatch.permu.benchmarks import benchmark_expr
from planwatch.permu.fields import DTYPES, FIELDS
from planwatch.permu.formula import compile_condition, compile_expr
from planwatch.permu.ranking import ranks_in_scopes

c = pl.col
GROUP = pl.UInt8  # `_group`: index of the enterprise's group in the scheme
GRADE = pl.UInt8  # `grade` while the engine works: index in `GradeCodes.names`


def with_all_fields(df: pl.DataFrame) -> pl.DataFrame:
    """Absent optional fields as null columns, so every formula can name every field."""
    missing = [f for f in FIELDS if f.name not in df.columns]
    return df.with_columns(pl.lit(None, dtype=DTYPES[f.kind]).alias(f.name) for f in missing)


def indicator_names(scheme: Scheme) -> list[str]:
    seen: dict[str, None] = {}
    for g in scheme.groups:
        for ind in g.indicators:
            seen.setdefault(ind.name, None)
    return list(seen)


def _first_match(pairs: list[tuple[pl.Expr, pl.Expr]], default: pl.Expr) -> pl.Expr:
    out = default
    for cond, value in reversed(pairs):
        out = pl.when(cond).then(value).otherwise(out)
    return out


def _stage_one(df: pl.LazyFrame, scheme: Scheme, grades: GradeCodes) -> pl.LazyFrame:
    reason = _first_match(
        [(compile_condition(k), pl.lit(v)) for k, v in scheme.not_evaluable.items()],
        pl.lit(None, dtype=pl.String),
    )
    group = _first_match(  # the group's index: cheaper to compare and group by than its name
        [(compile_condition(g.when), pl.lit(i, dtype=GROUP)) for i, g in enumerate(scheme.groups)],
        pl.lit(None, dtype=GROUP),
    )
    before = [o for o in scheme.overrides if o.stage == "before"]
    exempt = _first_match(
        [(compile_condition(o.when), grades.lit(o.grade)) for o in before],
        pl.lit(None, dtype=GRADE),
    )
    exempt_rule = _first_match(
        [(compile_condition(o.when), pl.lit(o.label or o.name)) for o in before],
        pl.lit(None, dtype=pl.String),
    )
    df = df.with_columns(
        reason.alias("not_evaluable"),
        group.alias("_group"),
        exempt.alias("_exempt"),
        exempt_rule.alias("_exempt_rule"),
    )
    df = df.with_columns(
        pl.when(c("not_evaluable").is_null() & c("_group").is_null())
        .then(pl.lit("不属于方案的任何企业组"))
        .otherwise(c("not_evaluable"))
        .alias("not_evaluable")
    )
    return df.with_columns((c("not_evaluable").is_null() & c("_exempt").is_null()).alias("_scored"))


def _values(scheme: Scheme) -> list[pl.Expr]:
    out = []
    for name in indicator_names(scheme):
        pairs = [
            (c("_group") == k, compile_expr(i.formula))
            for k, g in enumerate(scheme.groups)
            for i in g.indicators
            if i.name == name
        ]
        value = _first_match(pairs, pl.lit(None, dtype=pl.Float64)).cast(pl.Float64)
        # finite inputs can overflow (1e308 of tax on 1e-300 mu): such a value is not a
        # result, and scores as a missing one rather than as the best of all
        out.append(pl.when(c("_scored") & value.is_finite()).then(value).alias(f"value_{name}"))
    return out


def _per_indicator(
    scheme: Scheme,
    column: str,
    rule: Callable[[IndicatorSpec, pl.Expr], pl.Expr],
    only: set[str] | None = None,
) -> list[pl.Expr]:
    """One `<column>_<indicator>` expression per indicator name (or per name in `only`):
    `rule(spec, in_group)` for the rows of each group that scores it (a name may
    appear in several groups)."""
    out = []
    for name in indicator_names(scheme):
        if only is not None and name not in only:
            continue
        pairs = [
            (in_group, rule(ind, in_group))
            for k, g in enumerate(scheme.groups)
            for ind in g.indicators
            if ind.name == name
            for in_group in [c("_scored") & (c("_group") == k)]
        ]
        out.append(_first_match(pairs, pl.lit(None, dtype=pl.Float64)).alias(f"{column}_{name}"))
    return out


def _raw_scores(scheme: Scheme) -> list[pl.Expr]:
    """Score of each indicator; a missing one is 0 where that is the rule, else null
    until `_group_means` fills it."""
    cap, floor = scheme.scoring.cap, scheme.scoring.floor

    def raw(ind: IndicatorSpec, in_group: pl.Expr) -> pl.Expr:
        value = c(f"value_{ind.name}")
        bench = benchmark_expr(ind, value, in_group)
        low = floor * ind.weight
        high = math.inf if cap is None else cap * ind.weight
        score = value / bench * ind.weight
        # clip(low, high) as one chain of branches: polars' clip is several times slower
        clipped = (
            pl.when(score < low)
            .then(pl.lit(min(low, high)))
            .when(score > high)
            .then(pl.lit(high))
            .otherwise(score)  # NaN stays NaN, as with clip
        )
        within = pl.when(score.is_nan()).then(score).otherwise(clipped)
        scorable = (bench > 0) & bench.is_finite() & ~score.is_infinite()
        out = pl.when(value < 0).then(pl.lit(min(low, high))).when(scorable).then(within)
        return out.fill_null(0.0) if ind.missing == "zero" else out

    return _per_indicator(scheme, "score", raw)


def _group_means(scheme: Scheme) -> list[pl.Expr]:
    """Missing scores of `group_mean` indicators: the mean score of the group's others."""

    def filled(ind: IndicatorSpec, in_group: pl.Expr) -> pl.Expr:
        score = c(f"score_{ind.name}")
        if ind.missing == "group_mean":  # one mean: the expression serves the group's rows only
            return score.fill_null(pl.when(in_group).then(score).mean().fill_null(0.0))
        return score

    names = {i.name for g in scheme.groups for i in g.indicators if i.missing == "group_mean"}
    return _per_indicator(scheme, "score", filled, names)


def _total(scheme: Scheme) -> pl.Expr:
    pairs = [
        (c("_group") == k, pl.sum_horizontal([c(f"score_{i.name}") for i in g.indicators]))
        for k, g in enumerate(scheme.groups)
    ]
    return pl.when(c("_scored")).then(_first_match(pairs, pl.lit(None))).alias("score")


def _with_ranks(frame: pl.DataFrame, scheme: Scheme) -> pl.DataFrame:
    """Ranks as published (ties share the better rank, 1, 2, 2, 4) and the size of
    each grading scope. Grading by shares reads the rank as the position, so tied
    enterprises all get the grade of the first of them: the better one."""
    scope = ["_group"] if scheme.classification.by_group else []
    grading, industry, region = ranks_in_scopes(
        frame["score"],
        frame,
        [(scope, True), ([*scope, "industry_code"], False), ([*scope, "region"], False)],
    )
    columns = {
        "rank": grading.rank,
        "_n": grading.size,
        "rank_industry": industry.rank,
        "rank_region": region.rank,
    }
    # the arrays as they are (-1: no score); `RANKS` become nullable in the lazy query
    return frame.with_columns(pl.Series(name, values) for name, values in columns.items())


RANKS = ("rank", "rank_industry", "rank_region")


def _nullable_ranks() -> list[pl.Expr]:
    return [pl.when(c(x) > 0).then(c(x).cast(pl.Int64)).alias(x) for x in RANKS]


class GradeCodes:
    """Grades as small integers while the engine works (the classification's grades,
    best first, then grades only rules set, such as exempt): comparing and moving
    integers is many times cheaper than strings; names are put back at the end."""

    def __init__(self, scheme: Scheme) -> None:
        names = scheme.classification.grades()
        for o in scheme.overrides:
            if o.grade is not None and o.grade not in names:
                names.append(o.grade)
        self.names, self.graded = names, len(scheme.classification.grades())
        self.index = {g: i for i, g in enumerate(names)}

    def lit(self, grade: str) -> pl.Expr:
        return pl.lit(self.index[grade], dtype=GRADE)

    def is_(self, grade: str) -> pl.Expr:
        return c("grade") == self.index[grade] if grade in self.index else pl.lit(False)

    def named(self) -> pl.Expr:
        return _named(c("grade"), self.names)


def _named(codes: pl.Expr, names: list[str]) -> pl.Expr:
    """Each code's name (null stays null): a gather, three times faster than replace."""
    return pl.lit(pl.Series(names, dtype=pl.String)).gather(codes)


def _grade(cl: Classification, codes: GradeCodes) -> pl.Expr:
    if cl.method == "thresholds":
        pairs = [(c("score") >= t, codes.lit(g)) for g, t in list(cl.thresholds.items())[:-1]]
    else:
        position = c("rank") / c("_n")  # ties share the rank of the first: the better grade
        cum, pairs = 0.0, []
        for g, share in list(cl.shares.items())[:-1]:
            cum += share
            pairs.append((position <= cum + 1e-9, codes.lit(g)))
    return _first_match(pairs, codes.lit(cl.grades()[-1]))


def _after_overrides(df: pl.LazyFrame, scheme: Scheme, codes: GradeCodes) -> pl.LazyFrame:
    """Each rule in turn moves the grade; `_rule_<k>` marks the rows rule k decided."""
    after = [o for o in scheme.overrides if o.stage == "after"]
    for k, o in enumerate(after):
        hit = c("_scored") & compile_condition(o.when)
        if o.grade is not None:
            moved = codes.lit(o.grade)
        else:  # down by `downgrade`, at most to the worst grade of the classification
            moved = pl.min_horizontal(c("grade") + o.downgrade, codes.graded - 1).cast(GRADE)
        df = df.with_columns(
            pl.when(hit).then(moved).otherwise(c("grade")).alias("grade"), hit.alias(f"_rule_{k}")
        )
    rules = [pl.when(c(f"_rule_{k}")).then(pl.lit(o.label or o.name)) for k, o in enumerate(after)]
    fired = pl.concat_str(rules, separator="；", ignore_nulls=True) if rules else pl.lit(None)
    any_fired = pl.any_horizontal(c(f"_rule_{k}") for k in range(len(after))) if rules else False
    named = pl.when(any_fired).then(fired).otherwise(c("override_rule")).cast(pl.String)
    return df.with_columns(named.alias("override_rule"))


def _consecutive_d(df: pl.LazyFrame, previous: pl.DataFrame | None, is_d: pl.Expr) -> pl.LazyFrame:
    if previous is None:
        prev = pl.lit(0)
    else:
        last = previous.select("credit_code", pl.col("consecutive_d").alias("_prev_d")).unique(
            "credit_code", keep="first"
        )
        df = df.join(last.lazy(), on="credit_code", how="left", maintain_order="left")
        prev = c("_prev_d").fill_null(0)
    return df.with_columns(
        pl.when(is_d).then(prev + 1).otherwise(0).cast(pl.Int64).alias("consecutive_d")
    )


def _policies(scheme: Scheme, codes: GradeCodes) -> list[pl.Expr]:
    out = []
    for name, p in scheme.policies.items():
        pairs = [(codes.is_(g), pl.lit(rate)) for g, rate in p.rates.items()]
        for g, steps in p.consecutive.items():
            # the k-th consecutive year pays steps[k-1]; later years the last step
            by_year = _first_match(
                [(c("consecutive_d") == k + 1, pl.lit(r)) for k, r in enumerate(steps[:-1])],
                pl.lit(steps[-1]),
            )
            pairs.append((codes.is_(g), by_year))
        rate = _first_match(pairs, pl.lit(0.0))
        out.append((rate * c(p.per).fill_null(0)).fill_null(0.0).alias(f"policy_{name}"))
    return out


def evaluate(
    enterprises: pl.DataFrame, scheme: Scheme, previous: pl.DataFrame | None = None
) -> pl.DataFrame:
    """One row per enterprise: values, scores, total, ranks, grade, override rule, policies.

    The steps build two lazy queries, so polars can share work between the
    steps and spread it over the cores; ranking runs between them on the
    collected scores (`ranking`: one sort serves every scope). The same input
    gives the same scores to the last bit.
    """
    grades = GradeCodes(scheme)
    df = _stage_one(with_all_fields(enterprises).lazy(), scheme, grades)
    df = df.with_columns(_values(scheme))
    df = df.with_columns(_raw_scores(scheme)).with_columns(_group_means(scheme))
    # in-memory: the streaming engine sums group means (missing emissions, population
    # benchmarks) in parallel pieces, so scores differed in the last bits between runs
    scored = df.with_columns(_total(scheme)).collect(engine="in-memory")
    df = _with_ranks(scored, scheme).lazy().with_columns(_nullable_ranks())
    df = df.with_columns(
        pl.when(c("_scored"))
        .then(_grade(scheme.classification, grades))
        .otherwise(c("_exempt"))
        .alias("grade"),
        c("_exempt_rule").alias("override_rule"),
    )
    df = _after_overrides(df, scheme, grades)
    df = _consecutive_d(df, previous, grades.is_("D")).with_columns(_policies(scheme, grades))
    hidden = [x for x in df.collect_schema().names() if x.startswith("_") and x != "_group"]
    group = _named(c("_group"), [g.name for g in scheme.groups])
    df = df.with_columns(group.alias("_group"), grades.named().alias("grade"))
    return df.drop(hidden).rename({"_group": "group"}).collect()
