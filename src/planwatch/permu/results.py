"""Evaluation results as files: the columns users get, where each year's results
are kept for `permu compare`, and writing .parquet/.csv/.xlsx. Errors are said in
English and in Chinese (the /enterprises pages export results)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from planwatch.errors import InputError
from planwatch.files import input_file, output_file, output_target
from planwatch.paths import home
from planwatch.permu.fields import FIELDS
from planwatch.sheets import write_xlsx

KEEP_FIRST = (
    "credit_code",
    "name",
    "year",
    "region",
    "park",
    "industry_code",
    "above_scale",
    "land_mu",
    "group",
    "not_evaluable",
)
KEEP_LAST = (
    "score",
    "rank",
    "rank_industry",
    "rank_region",
    "grade",
    "override_rule",
    "consecutive_d",
)
EXCEL_MAX_ROWS = 1_048_575
# What `permu compare` and `--previous` need from a year's results.
KEPT = (
    "credit_code",
    "year",
    "region",
    "park",
    "industry_code",
    "group",
    "score",
    "grade",
    "consecutive_d",
)


def result_columns(results: pl.DataFrame) -> pl.DataFrame:
    cols = results.columns
    fields = {f.name for f in FIELDS}  # value_added is a field, not an indicator's value
    per_indicator = [x for x in cols if x.startswith(("value_", "score_")) and x not in fields]
    policies = [x for x in cols if x.startswith("policy_")]
    return pick(results, [*KEEP_FIRST, *per_indicator, *KEEP_LAST, *policies])


def pick(frame: pl.DataFrame, names: Iterable[str]) -> pl.DataFrame:
    """The columns of `frame` among `names`, in that order, sharing their data
    (`select` runs a query, which copies a million rows a column)."""
    return pl.DataFrame([frame[x] for x in names if x in frame.columns])


def results_dir() -> Path:
    return home() / "permu"


def kept_results(year: int) -> Path:
    return results_dir() / f"results_{year}.parquet"


def keep_results(results: pl.DataFrame, written: Path, year: int) -> Path:
    """This year's results where `permu compare` and `--previous` find them. A Parquet
    just written is copied whole (the kernel copies the file in a fraction of the time
    writing it again takes); results written as .csv or .xlsx are written again as
    Parquet, the columns `KEPT` only."""
    kept = kept_results(year)
    if written.suffix.lower() == ".parquet" and written.is_file():
        with output_file(kept) as tmp:
            shutil.copyfile(written, tmp)
        return kept
    return write_results(pick(results, KEPT), kept)


def results_target(path: Path) -> Path:
    """`path` if results can be written there (checked before the evaluation runs)."""
    ext = output_target(path).suffix.lower()
    if ext not in (".parquet", ".csv", ".xlsx"):
        shown_zh = f"“{ext}”" if ext else "（无扩展名）"
        raise InputError(
            path,
            f"unknown output type '{ext or '(none)'}'; use .parquet, .csv or .xlsx",
            zh=f"不支持的输出类型{shown_zh}，请使用 .parquet、.csv 或 .xlsx",
        )
    return path


def write_results(results: pl.DataFrame, path: Path) -> Path:
    ext = results_target(path).suffix.lower()
    if ext == ".parquet":
        # snappy: 0.36 s for a million results against zstd's 0.60, files ~30 % larger
        with output_file(path) as tmp:
            results.write_parquet(tmp, compression="snappy")
    elif ext == ".csv":
        flat = results.with_columns(pl.col(pl.List(pl.String)).list.join("、"))
        with output_file(path) as tmp:
            tmp.write_bytes(b"\xef\xbb\xbf" + flat.write_csv().encode("utf-8"))
    elif ext == ".xlsx":
        if results.height > EXCEL_MAX_ROWS:
            rows = f"{results.height:,}"
            raise InputError(path, f"{rows} rows do not fit in Excel; use .parquet",
                             zh=f"{rows}行超出 Excel 的行数上限，请使用 .parquet")  # fmt: skip
        write_xlsx(path, {"亩均评价": (results.columns, [list(r) for r in results.iter_rows()])})
    return path


# What a results file must hold to be compared or used as last year's results.
REQUIRED = ("credit_code", "grade", "consecutive_d")


def read_results(ref: str) -> pl.DataFrame:
    """Results by file path, or by year (the results `permu evaluate` kept for it)."""
    path = kept_results(int(ref)) if ref.isdigit() and len(ref) == 4 else Path(ref)
    if not path.exists():
        raise InputError(
            path,
            "no such results file (run `planwatch permu evaluate` for that year)",
            zh="没有该评价结果文件（请先对该年份运行 `planwatch permu evaluate`）",
        )
    input_file(path)
    ext = path.suffix.lower()
    if ext not in (".parquet", ".csv"):
        raise InputError(path, "results are read from .parquet or .csv",
                         zh="评价结果应为 .parquet 或 .csv 文件")  # fmt: skip
    try:
        if ext == ".parquet":
            frame = pl.read_parquet(path)
        else:
            frame = pl.read_csv(path, infer_schema_length=10000)
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        kind, why = "Parquet" if ext == ".parquet" else "CSV", type(exc).__name__
        raise InputError(path, f"not a readable {kind} file ({why})",
                         zh=f"无法读取该 {kind} 文件（{why}）") from None  # fmt: skip
    missing = [x for x in REQUIRED if x not in frame.columns]
    if missing:
        raise InputError(
            path,
            f"not a results file of `planwatch permu evaluate` (no column {', '.join(missing)})",
            zh=f"不是 `planwatch permu evaluate` 的评价结果文件（缺少列：{'、'.join(missing)}）",
        )
    return frame
