"""A month's warning lists as an .xlsx: the counts, by region and industry, the
橙/红 and 黄 lists with reasons, the changes since last month, who did not report."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from planwatch.models.warn import LEVEL_WORDS, STATUSES
from planwatch.sheets import write_xlsx
from planwatch.warn.engine import WarnRun
from planwatch.warn.report import change_table, count_table, counts, counts_by, industry, list_table


def write_lists(run: WarnRun, path: Path) -> Path:
    frame = run.frame
    c = counts(frame)
    summary = (["月份", *(LEVEL_WORDS[s] for s in STATUSES), "合计"],
               [[run.month, *(c[s] for s in STATUSES), frame.height]])  # fmt: skip
    return write_xlsx(path, {
        "汇总": summary,
        "按地区": count_table(counts_by(frame, pl.col("region")), "地区"),
        "按行业": count_table(counts_by(frame, industry(frame)), "行业"),
        "橙红名单": list_table(run, ("red", "orange")),
        "黄色名单": list_table(run, ("yellow",)),
        "较上月变化": change_table(run),
        "未报送": list_table(run, ("missing",)),
    })  # fmt: skip
