"""A `Report` as one self-contained HTML page: it opens from a mail attachment or a USB
stick on an office network with no internet, so the styles and ECharts itself are
inline and nothing is fetched from anywhere.

The charts are ECharts options built here from the same numbers the other formats
use; each sits as JSON beside its `<div>` and a few lines of script draw them. A
report without charts carries no script at all.
"""

from __future__ import annotations

import functools
import json
import math
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from planwatch.models.report import Chart, Column, Report, Table
from planwatch.report import tones

WORDS = {
    "zh": {"html_lang": "zh-CN", "toc": "目录", "table": "表{}", "figure": "图{}"},
    "en": {"html_lang": "en", "toc": "Contents", "table": "Table {}", "figure": "Figure {}"},
}
NUMERIC = ("number", "integer", "percent")
AXIS_CHART_HEIGHT = 360  # px
BAR_HEIGHT = 28  # px per category of a horizontal bar chart
MARKER_COLOUR = "#e53935"


def write(report: Report, path: Path) -> None:
    """Write `report` as a UTF-8 HTML page at `path`."""
    path.write_text(render(report), encoding="utf-8")


def render(report: Report) -> str:
    """The page as text."""
    words = WORDS[report.lang]
    charts = report.charts()
    views = _table_views(report.tables(), words["table"])
    views.update({id(c): _chart_view(c, n, words) for n, c in enumerate(charts, 1)})
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            t=words,
            section_ids=[f"s{i}" for i in range(1, len(report.sections) + 1)],
            view=lambda block: views[id(block)],
            tone_css=Markup(tone_css()),
            echarts=Markup(script_safe(echarts_js())) if charts else None,
            numeric=NUMERIC,
        )
    )


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("planwatch", "report/templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def echarts_js() -> str:
    """ECharts' built file (1 MB), read once per process."""
    return (files("planwatch") / "static/vendor/echarts.min.js").read_text("utf-8")


def script_safe(text: str) -> str:
    """`text` made safe inside a `<script>` element: the page's parser ends the element
    at the first `</` + 'script' whatever the quoting, and `<!--` can change how it
    reads on. `<\\/` and `\\u003c` mean the same in JSON and in JavaScript strings."""
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


def json_script(data: Any) -> Markup:
    """`data` as JSON to put in a `<script type="application/json">`."""
    return Markup(script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":"))))


def tone_css() -> str:
    """A class per tone, coloured as in Word and Excel."""
    return "\n".join(
        f".tone-{name} {{ background: {fill}; color: {ink}; }}"
        for name, (fill, ink) in tones.TONES.items()
    )


def shown(cell_text: str, value: float | int | str | None, column: Column) -> str:
    """A cell's text; the value formatted by the column's kind when a builder left the
    text empty, so a number never disappears from the page."""
    if cell_text or value is None:
        return cell_text
    if isinstance(value, str | bool):
        return str(value)
    if column.kind == "percent":
        return f"{value:.1%}"
    if column.kind == "integer":
        return f"{value:,.0f}"
    if column.kind == "number":
        return f"{value:,.2f}"
    return f"{value:g}"


def _slug(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-") or "x"


def _table_views(tables: list[Table], label: str) -> dict[int, dict[str, Any]]:
    """What the template needs of each table, by object id: a unique id from its key,
    its number label (表1 …), the classes of its columns and its cells as shown."""
    out: dict[int, dict[str, Any]] = {}
    used: set[str] = set()
    for n, table in enumerate(tables, 1):
        anchor = f"table-{_slug(table.key)}"
        if anchor in used:
            anchor = f"{anchor}-{n}"
        used.add(anchor)
        out[id(table)] = {"id": anchor, "label": label.format(n), "rows": _rows(table)}
    return out


def _rows(table: Table) -> list[list[tuple[str, str]]]:
    """Each row's cells as (text, classes): numeric columns right-aligned, tones coloured."""
    rows = []
    for row in table.rows:
        cells = []
        for cell, column in zip(row, table.columns, strict=False):
            classes = ["num"] if column.kind in NUMERIC else []
            if cell.tone in tones.TONES:
                classes.append(f"tone-{cell.tone}")
            cells.append((shown(cell.text, cell.value, column), " ".join(classes)))
        rows.append(cells)
    return rows


def _chart_view(chart: Chart, n: int, words: dict[str, str]) -> dict[str, Any]:
    """What the template needs of a chart: its div's id and size, its label, its option."""
    return {
        "id": f"chart{n}-{_slug(chart.key)}",
        "label": words["figure"].format(n),
        "height": _chart_height(chart),
        "suffix": "%" if chart.percent else chart.unit,
        "option": json_script(echarts_option(chart)),
    }


def _chart_height(chart: Chart) -> int:
    if chart.kind == "hbars":
        return max(240, BAR_HEIGHT * len(chart.categories) * max(1, len(chart.series)) + 80)
    return AXIS_CHART_HEIGHT


# ECharts options ---------------------------------------------------------------------------


def echarts_option(chart: Chart) -> dict[str, Any]:
    """The ECharts option drawing `chart`. Percent charts carry their values ×100 so
    axis labels can say '{value}%' (a JSON option can hold no formatter function)."""
    option: dict[str, Any] = {
        "animation": False,  # printed pages catch the chart drawn, not half-way
        "color": list(tones.PALETTE),
        "tooltip": {"trigger": "item" if chart.kind == "pie" else "axis"},
    }
    if chart.kind == "pie":
        option["series"] = [_pie_series(chart)]
        return option
    option["grid"] = {"left": 16, "right": 40, "top": 40, "bottom": 16, "containLabel": True}
    if len(chart.series) > 1:
        option["legend"] = {"top": 0, "type": "scroll"}
    if chart.kind != "lines":
        option["tooltip"]["axisPointer"] = {"type": "shadow"}
    category = {"type": "category", "data": list(chart.categories)}
    value = _value_axis(chart)
    if chart.kind == "hbars":
        option["yAxis"] = {**category, "inverse": True}
        option["xAxis"] = value
    else:
        option["xAxis"] = {**category, "boundaryGap": chart.kind == "bars" or _has_bars(chart)}
        # a line of levels is read against its own range, as in the printed charts
        option["yAxis"] = {**value, "scale": True} if chart.kind == "lines" else value
    option["series"] = [_axis_series(chart, i) for i in range(len(chart.series))]
    if chart.marker is not None and option["series"]:
        option["series"][0]["markLine"] = _mark_line(chart)
    return option


def _has_bars(chart: Chart) -> bool:
    return any(s.style == "bar" for s in chart.series)


def _scaled(chart: Chart, v: float | None) -> float | None:
    """A value as plotted: ×100 on a percent chart (rounded off the float noise)."""
    if v is None or not math.isfinite(v):
        return None
    return round(v * 100, 6) if chart.percent else v


def _value_axis(chart: Chart) -> dict[str, Any]:
    """The value axis: named by the unit, labelled in % on a percent chart."""
    axis: dict[str, Any] = {"type": "value"}
    if chart.unit:
        axis["name"] = chart.unit
    if chart.percent:
        axis["axisLabel"] = {"formatter": "{value}%"}
    return axis


def _axis_series(chart: Chart, i: int) -> dict[str, Any]:
    series = chart.series[i]
    values = [_scaled(chart, v) for v in series.values]
    if chart.kind in ("bars", "hbars") or series.style == "bar":
        return {"type": "bar", "name": series.name, "data": _toned(chart, values)}
    if series.style == "point":
        return {"type": "scatter", "name": series.name, "data": values, "symbolSize": 10}
    out: dict[str, Any] = {
        "type": "line",
        "name": series.name,
        "data": values,
        "connectNulls": False,
        "symbol": "circle",
        "symbolSize": 6,
    }
    if series.style == "dashed":
        out["lineStyle"] = {"type": "dashed"}
    return out


def _toned(chart: Chart, values: list[float | None]) -> list[Any]:
    """Bar values, each bar coloured by its category's tone when the chart has tones
    and a single series (with several, colour tells the series apart)."""
    if not chart.tones or len(chart.series) != 1:
        return values
    out: list[Any] = []
    for i, v in enumerate(values):
        colour = tones.fill(chart.tones[i]) if i < len(chart.tones) else None
        out.append({"value": v, "itemStyle": {"color": colour}} if colour else v)
    return out


def _mark_line(chart: Chart) -> dict[str, Any]:
    """A line across the value axis at the marker (时间进度), labelled."""
    at = _scaled(chart, chart.marker)
    shown_at = f"{at:g}%" if chart.percent else f"{at:g}"
    label = f"{chart.marker_label} {shown_at}".strip()
    axis = "xAxis" if chart.kind == "hbars" else "yAxis"
    return {
        "symbol": "none",
        "silent": True,
        "lineStyle": {"color": MARKER_COLOUR, "type": "dashed", "width": 1.5},
        "label": {"formatter": "{b}", "position": "end"},
        "data": [{axis: at, "name": label}],
    }


def _pie_series(chart: Chart) -> dict[str, Any]:
    """The first series as slices, coloured by tone where the chart gives tones."""
    series = chart.series[0] if chart.series else None
    data = []
    for i, name in enumerate(chart.categories):
        v = series.values[i] if series and i < len(series.values) else None
        if v is None or not math.isfinite(v):
            continue
        item: dict[str, Any] = {"name": name, "value": v}
        colour = tones.fill(chart.tones[i]) if i < len(chart.tones) else None
        if colour:
            item["itemStyle"] = {"color": colour}
        data.append(item)
    return {
        "type": "pie",
        "name": series.name if series else "",
        "radius": ["0%", "62%"],
        "data": data,
        "label": {"formatter": "{b}\n{d}%"},
    }
