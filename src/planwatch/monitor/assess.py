"""Progress and status of every indicator, region and evaluation year at once.

Formulas (sources in docs/monitoring.md):
- time progress 时间进度 = (year − t0) / (tT − t0)
- task progress 任务进度 = (yi − y0) / (yT − y0); the sign takes care of direction
- expected value on the planned path in the actual's year: geometric for levels,
  linear for shares, rates, counts and cumulative sums
- pace = task progress ÷ the task progress the planned path expects by then, so an
  indicator exactly on its path has pace 1 whatever the path's shape
- growth: actual average annual growth since the baseline, growth the plan implies,
  growth still needed from the latest actual, and actual ÷ planned (the growth ratio)
"""

from __future__ import annotations

import polars as pl

from planwatch.models.monitor import Assessment, Bound, Direction, Path, Status, Thresholds, Track
from planwatch.monitor.actuals import with_actuals
from planwatch.monitor.lifecycle import active_in

c = pl.col

PLAN_SCHEMA: dict[str, pl.DataType] = {
    "ref": pl.Int64(),
    "indicator": pl.String(),
    "region": pl.String(),
    "unit": pl.String(),
    "baseline": pl.Float64(),
    "baseline_year": pl.Int64(),
    "target": pl.Float64(),
    "target_year": pl.Int64(),
    "bound": pl.String(),
    "stretch_target": pl.Float64(),
    "direction": pl.String(),
    "path": pl.String(),
    "cumulative": pl.Boolean(),
    "evaluated": pl.Boolean(),
    "textual_target": pl.Boolean(),
}


def _ratio(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    return pl.when(den != 0).then(num / den)


def _cagr(end: pl.Expr, start: pl.Expr, years: pl.Expr) -> pl.Expr:
    ok = (end > 0) & (start > 0) & (years > 0)
    return pl.when(ok).then((end / start).pow(1 / years) - 1)


def _progress_columns() -> list[pl.Expr]:
    t0, tT, ti = c("baseline_year"), c("target_year"), c("actual_year")
    y0, yT, yi = c("base"), c("target"), c("actual")
    span = (tT - t0).cast(pl.Float64)
    frac = _ratio((ti - t0).cast(pl.Float64), span)
    geometric = (c("path") == Path.GEOMETRIC) & (y0 > 0) & (yT > 0)
    expected = pl.when(geometric).then(y0 * (yT / y0).pow(frac)).otherwise(y0 + (yT - y0) * frac)
    # Where the plan gives values for years in between, the path runs through them:
    # the same interpolation, within the segment around the actual's year.
    a, b, ta, tb = c("seg_from"), c("seg_to"), c("seg_from_year"), c("seg_to_year")
    seg_frac = _ratio((ti - ta).cast(pl.Float64), (tb - ta).cast(pl.Float64))
    seg_geometric = (c("path") == Path.GEOMETRIC) & (a > 0) & (b > 0)
    in_segment = (
        pl.when(seg_geometric).then(a * (b / a).pow(seg_frac)).otherwise(a + (b - a) * seg_frac)
    )
    expected = pl.when(a.is_not_null() & b.is_not_null()).then(in_segment).otherwise(expected)
    return [
        _ratio((c("year") - t0).cast(pl.Float64), span).alias("time_progress"),
        _ratio(yi - y0, yT - y0).alias("task_progress"),
        expected.alias("expected"),
        pl.when(geometric).then(_cagr(yi, y0, ti - t0)).alias("actual_growth"),
        pl.when(geometric).then(_cagr(yT, y0, tT - t0)).alias("planned_growth"),
        pl.when(geometric).then(_cagr(yT, yi, tT - ti)).alias("required_growth"),
    ]


def _derived_columns() -> list[pl.Expr]:
    expected_task = _ratio(c("expected") - c("base"), c("target") - c("base"))
    return [
        (c("actual") - c("expected")).alias("gap"),
        pl.when(expected_task > 0).then(c("task_progress") / expected_task).alias("pace"),
        _ratio(c("actual_growth"), c("planned_growth")).alias("growth_ratio"),
        _projected().alias("projected"),
    ]


def _projected() -> pl.Expr:
    """The target year's value if the pace since the baseline continues (UNSD's projection)."""
    ahead = (c("target_year") - c("actual_year")).cast(pl.Float64)
    linear_step = _ratio(c("actual") - c("base"), (c("actual_year") - c("baseline_year")))
    return (
        pl.when(c("actual_growth").is_not_null())
        .then(c("actual") * (1 + c("actual_growth")).pow(ahead))
        .otherwise(c("actual") + linear_step * ahead)
    )


def _met(target: pl.Expr, sign: pl.Expr, tolerance: float) -> pl.Expr:
    """Whether the actual satisfies `target` under the row's qualifier."""
    yi, bound = c("actual"), c("bound")
    return (
        pl.when(bound == Bound.AT_LEAST)
        .then(yi >= target)
        .when(bound == Bound.AT_MOST)
        .then(yi <= target)
        .when(bound == Bound.ABOUT)
        .then(sign * (yi - target) >= -tolerance * target.abs())
        .otherwise(sign * (yi - target) >= 0)
    )


def _status(th: Thresholds) -> pl.Expr:
    sign = pl.when(c("direction") == Direction.LOWER).then(-1.0).otherwise(1.0)
    return (
        pl.when(~c("evaluated"))
        .then(pl.lit(Status.NOT_EVALUATED))
        .when(c("target").is_null() & c("textual_target"))
        .then(pl.lit(Status.AWAITING_TARGET))
        .when(c("target").is_null())
        .then(pl.lit(Status.NOT_EVALUATED))
        .when(c("actual").is_null())
        .then(pl.lit(Status.NO_DATA))
        .when(_met(c("target"), sign, th.about_tolerance))
        .then(pl.lit(Status.ACHIEVED))
        .when(c("base").is_null() | c("baseline_year").is_null())
        .then(pl.lit(Status.NO_DATA))
        .when(sign * (c("actual") - c("base")) < 0)
        .then(pl.lit(Status.REGRESSING))
        .when(c("pace").is_null() | (c("pace") >= th.on_track))
        .then(pl.lit(Status.ON_TRACK))
        .when(c("pace") >= th.behind)
        .then(pl.lit(Status.BEHIND))
        .otherwise(pl.lit(Status.SERIOUSLY_BEHIND))
        .alias("status")
    )


SEGMENT = {
    "seg_from": pl.Float64(),
    "seg_from_year": pl.Int64(),
    "seg_to": pl.Float64(),
    "seg_to_year": pl.Int64(),
}


def assess_frame(rows: pl.DataFrame, thresholds: Thresholds | None = None) -> pl.DataFrame:
    """Add progress, growth and status columns to rows of plan fields plus `year`,
    `actual` and `actual_year` (as `with_actuals` gives them), and optionally the
    planned segment around the actual's year (`SEGMENT` columns, see
    `path_segments`)."""
    th = thresholds or Thresholds()
    missing = [pl.lit(None, dtype=t).alias(n) for n, t in SEGMENT.items() if n not in rows.columns]
    rows = rows.with_columns(missing)
    sign = pl.when(c("direction") == Direction.LOWER).then(-1.0).otherwise(1.0)
    # A cumulative indicator's baseline is zero: the sum starts after the baseline year.
    base = pl.when(c("cumulative")).then(pl.lit(0.0)).otherwise(c("baseline"))
    path = pl.when(c("cumulative")).then(pl.lit(Path.LINEAR.value)).otherwise(c("path"))
    return (
        rows.with_columns(base.alias("base"), path.alias("path"))
        .with_columns(_progress_columns())
        .with_columns(_derived_columns())
        .with_columns(
            _status(th),
            pl.when(c("stretch_target").is_not_null() & c("actual").is_not_null())
            .then(_met(c("stretch_target"), sign, 0.0))
            .alias("stretch_achieved"),
            _ratio(c("projected") - c("base"), c("target") - c("base")).alias("projection_ratio"),
        )
        .drop("base", *SEGMENT)
    )


def plan_frame(tracks: list[Track]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(plan rows, observations) frames of `tracks`."""
    plan = pl.DataFrame(
        [t.model_dump(exclude={"actuals", "states", "path_targets"}, mode="json") for t in tracks],
        schema=PLAN_SCHEMA,
    ).with_row_index(TRACK)
    obs = pl.DataFrame(
        [
            {"indicator": t.indicator, "region": t.region, "year": y, "value": v}
            for t in tracks
            for y, v in t.actuals.items()
        ],
        schema={"indicator": pl.String, "region": pl.String, "year": pl.Int64, "value": pl.Float64},
    )
    return plan, obs


TRACK = "_track"  # a track's position in the list: two tracks may share a name and region


def _with_lifecycle(rows: pl.DataFrame, tracks: list[Track], years: list[int]) -> pl.DataFrame:
    """`evaluated` per evaluation year: false in the years the indicator is suspended."""
    changed = [(k, t) for k, t in enumerate(tracks) if t.states]
    if not changed:
        return rows
    active = pl.DataFrame(
        [
            {TRACK: k, "year": y, "_active": active_in(t.states, y)}
            for k, t in changed
            for y in years
        ],
        schema={TRACK: pl.UInt32, "year": pl.Int64, "_active": pl.Boolean},
    )
    joined = rows.join(active, on=[TRACK, "year"], how="left", maintain_order="left")
    evaluated = c("evaluated") & c("_active").fill_null(True)
    return joined.with_columns(evaluated.alias("evaluated")).drop("_active")


def segment(track: Track, year: int) -> tuple[float, int, float, int] | None:
    """The stretch of the planned path around `year`: the nearest stated values before
    (the baseline or a yearly target) and after it (a yearly target or the target)."""
    points = dict(track.path_targets)
    if track.target is not None and track.target_year is not None:
        points[track.target_year] = track.target
    if track.baseline_year is not None:
        base = 0.0 if track.cumulative else track.baseline
        if base is not None:
            points[track.baseline_year] = base
    before = [y for y in points if y <= year]
    after = [y for y in points if y > year]
    if not before or not after:
        return None
    ta, tb = max(before), min(after)
    return points[ta], ta, points[tb], tb


def path_segments(tracks: list[Track]) -> pl.DataFrame:
    """For tracks with yearly targets, the segment around each year an actual was
    reported in (`actual_year`), keyed by the track's position."""
    rows = []
    for k, t in enumerate(tracks):
        if not t.path_targets:
            continue
        for year in t.actuals:
            seg = segment(t, year)
            if seg is not None:
                rows.append((k, year, *seg))
    schema = {TRACK: pl.UInt32(), "actual_year": pl.Int64(), **SEGMENT}
    return pl.DataFrame(rows, schema=schema, orient="row")


def assess_tracks(
    tracks: list[Track], years: list[int], thresholds: Thresholds | None = None
) -> list[Assessment]:
    plan, obs = plan_frame(tracks)
    rows = _with_lifecycle(with_actuals(plan, obs, years), tracks, years)
    segments = path_segments(tracks)
    if segments.height:
        rows = rows.join(segments, on=[TRACK, "actual_year"], how="left", maintain_order="left")
    frame = assess_frame(rows, thresholds)
    fields = Assessment.model_fields
    return [
        Assessment(**{k: v for k, v in row.items() if k in fields})
        for row in frame.sort("year", maintain_order=True).iter_rows(named=True)
    ]


def assess(track: Track, year: int, thresholds: Thresholds | None = None) -> Assessment:
    """The assessment of one indicator in one evaluation year."""
    return assess_tracks([track], [year], thresholds)[0]
