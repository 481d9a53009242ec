"""Shared pieces of every tabular import: column mapping, cell parsing, row errors."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from planwatch.numbers import number_or_none

Row = TypeVar("Row")


# The columns as the Chinese sheet headers name them, for a row error in Chinese.
COLUMN_ZH: dict[str, str] = {
    "region": "地区",
    "indicator": "指标",
    "year": "年份",
    "value": "数值",
    "unit": "单位",
    "source": "来源",
    "note": "备注",
    "project": "项目名称",
    "invested": "完成投资",
    "status": "状态",
}


@dataclass
class RowError:
    row: int
    column: str
    message: str
    # the message in Chinese: the pages list a sheet's bad rows to readers of Chinese
    zh: str = ""

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"

    def text(self, lang: str) -> str:
        """The line in the page's language ("第3行，数值列：“1x”不是数字"); all English
        where the message has no Chinese, rather than half of each."""
        if lang != "zh" or not self.zh:
            return str(self)
        column = COLUMN_ZH.get(self.column, self.column)
        where = f"第{self.row}行" + (f"，{column}列" if self.column else "")
        return f"{where}：{self.zh}"


def map_columns(
    headers: list[str], spec: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> tuple[dict[str, int], list[RowError]]:
    """{field: column index} by English name or Chinese alias; an error per missing field."""
    found: dict[str, int] = {}
    for i, h in enumerate(headers):
        for name, aliases in spec.items():
            if h.strip().lower() in aliases and name not in found:
                found[name] = i
    absent = [f for f in required if f not in found]
    missing = [f"{f} ({spec[f][1]})" for f in absent]
    errors = (
        [RowError(1, "", f"missing column(s): {', '.join(missing)}",
                  f"缺少列：{'、'.join(spec[f][1] for f in absent)}")]
        if missing
        else []
    )  # fmt: skip
    return found, errors


def cell_getter(cols: dict[str, int], cells: list[str]):  # type: ignore[no-untyped-def]
    def get(name: str) -> str:
        i = cols.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    return get


def year(text: str) -> int | None:
    y = number_or_none(text.removesuffix("年"))
    return int(y) if y is not None and y.is_integer() else None


def conflicts(
    rows: Sequence[Row],
    key: Callable[[Row], Hashable],
    value: Callable[[Row], float],
    line: Callable[[Row], int],
    describe: Callable[[Row], str],
    detail: Callable[[Row], str] = lambda _: "",
) -> list[RowError]:
    """Rows that give the same key another value (or another `detail`, such as a
    project's status) than an earlier row: a file must not say two things about one
    value, since which would win is an accident of row order. Repeats that say the
    same are harmless and not reported."""
    first: dict[Hashable, Row] = {}
    errors = []
    for r in rows:
        earlier = first.setdefault(key(r), r)
        same = math.isclose(value(earlier), value(r), rel_tol=1e-9, abs_tol=1e-12)
        if earlier is r or (same and detail(earlier) == detail(r)):
            continue

        def shown(x: Row) -> str:
            return " ".join(filter(None, (f"{value(x):g}", detail(x))))

        errors.append(
            RowError(
                line(r),
                "",
                f"{describe(r)} is also on row {line(earlier)} with another value "
                f"({shown(earlier)} there, {shown(r)} here); keep one",
                f"{describe(r)}在第{line(earlier)}行也有，但数值不同（第{line(earlier)}行为"
                f"{shown(earlier)}，本行为{shown(r)}），请只保留一行",
            )
        )
    return errors
