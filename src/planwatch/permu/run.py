"""The per-mu evaluation flow that `permu evaluate` and the web app share: the scheme
(with population benchmarks if asked), last year's results, the engine, the columns
users get, and the regional figures. No store here: the CLI starts without it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

    from planwatch.models.permu import Scheme


@dataclass
class Evaluation:
    scheme: Scheme
    full: pl.DataFrame  # every column the engine made
    results: pl.DataFrame  # the columns users get (`permu.results.result_columns`)
    regions: pl.DataFrame  # ratios of sums and grade counts by region
    year: int


def evaluate_population(
    data: pl.DataFrame, scheme_ref: str | Scheme, population_benchmarks: bool = False,
    previous: pl.DataFrame | None = None, year: int | None = None,
) -> Evaluation:  # fmt: skip
    """Score, rank and grade `data` (validated enterprise rows) by a preset, a scheme file
    or a loaded scheme (the CLI loads it first, so a bad scheme is told before the data
    is read)."""
    from planwatch.permu.aggregate import aggregate
    from planwatch.permu.engine import evaluate
    from planwatch.permu.results import result_columns
    from planwatch.permu.schemes import load_scheme, with_population_benchmarks

    scheme = load_scheme(scheme_ref) if isinstance(scheme_ref, str) else scheme_ref
    if population_benchmarks:
        scheme = with_population_benchmarks(scheme)
    full = evaluate(data, scheme, previous)
    the_year = year if year is not None else int(data["year"].max())  # type: ignore[arg-type]
    return Evaluation(
        scheme=scheme,
        full=full,
        results=result_columns(full),
        regions=aggregate(full, "region", scheme.classification.grades()),
        year=the_year,
    )
