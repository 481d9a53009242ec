"""The fill-in sheet for a year's actuals: one row per indicator and region.

The first columns are the long import format (地区, 指标, 单位, 年份, 数值, 来源, 备注),
so the filled sheet imports as it is; the columns after them are for reference
(baseline, target, values already reported) and are ignored on import.
"""

from __future__ import annotations

from planwatch.models.monitor import Track

INPUT_HEADERS = ["地区", "指标", "单位", "年份", "数值", "来源", "备注"]
VALUE_COLUMN = INPUT_HEADERS.index("数值")


def template_rows(
    tracks: list[Track], year: int, first_year: int
) -> tuple[list[str], list[list[object]]]:
    earlier = list(range(first_year, year))
    headers = [*INPUT_HEADERS, "基期年", "基期值", "目标年", "目标值"]
    headers += [f"{y}年已报" for y in earlier]
    rows: list[list[object]] = []
    for t in tracks:
        known = t.actuals.get(year)
        rows.append(
            [
                t.region,
                t.indicator,
                t.unit,
                year,
                known,
                "",
                "",
                t.baseline_year,
                t.baseline,
                t.target_year,
                t.target,
            ]
            + [t.actuals.get(y) for y in earlier]
        )
    return headers, rows
