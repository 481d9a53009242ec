"""Charts of a report drawn as PNG images for Word and PDF.

The HTML writer hands a `Chart`'s numbers to ECharts; Word needs a picture, so this
module draws the same chart with matplotlib. It never touches pyplot: a
`Figure` with its own Agg canvas keeps no global state, so reports can be written
from several threads at once.

Reports are in Chinese and matplotlib's default font has no Chinese glyphs: a
chart drawn with it shows empty boxes where the categories should be, without
any error. So the chart is drawn with a CJK font found on the system, and
drawing without one is refused (`NoCJKFont`) rather than producing such a chart.
A glyph still missing from the font found is reported as `MissingGlyphWarning`,
which tests turn into an error.
"""

from __future__ import annotations

import functools
import io
import os
import re
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, fontManager
from matplotlib.ticker import FuncFormatter

from planwatch.errors import PlanwatchError
from planwatch.models.report import Chart, Series
from planwatch.report import tones

FONT_ENV = "PLANWATCH_CJK_FONT"
# Families tried in order; the first found is used. Simplified Chinese faces first,
# so 的 and 关 have their mainland shapes.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Serif CJK SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)
CM_PER_INCH = 2.54
INK = "#333333"
GRID = "#dddddd"
MARKER_COLOUR = "#c62828"
_GLYPH_WARNING = re.compile(r"Glyph .* missing from font")
# `warnings.catch_warnings` swaps process-wide state: two threads recording at once
# would restore each other's filters. Drawing is serialised instead (~50 ms a chart).
_DRAW_LOCK = threading.Lock()


class NoCJKFont(PlanwatchError):
    """No font with Chinese glyphs: charts would show boxes instead of text."""

    def __init__(self) -> None:
        super().__init__(
            "charts need a Chinese (CJK) font: install one (Debian: apt-get install "
            f"fonts-noto-cjk) or set {FONT_ENV} to a font file"
        )


class MissingGlyphWarning(UserWarning):
    """A character of a chart's text is not in the font: it is drawn as a box."""


@functools.cache
def _font_choice(env_path: str) -> tuple[str, str] | None:
    """("file", path) or ("family", name) of the CJK font to use; cached because
    scanning the font list for every chart of a report is wasted work. The
    environment variable is part of the key, so changing it takes effect."""
    if env_path and Path(env_path).is_file():
        return ("file", env_path)
    names = {entry.name for entry in fontManager.ttflist}
    lowered = {name.lower(): name for name in names}
    for family in CJK_FAMILIES:
        if family.lower() in lowered:
            return ("family", lowered[family.lower()])
    cjk = sorted(
        (name for name in names if "cjk" in name.lower()),
        key=lambda name: (" SC" not in name, "Mono" in name, name),
    )
    return ("family", cjk[0]) if cjk else None


def cjk_font() -> FontProperties | None:
    """A font that has Chinese glyphs, or None when the system has none.

    `PLANWATCH_CJK_FONT` (a font file) wins, then the families of `CJK_FAMILIES`,
    then any family with "CJK" in its name. A new `FontProperties` each call, since
    callers may change its size.
    """
    choice = _font_choice(os.environ.get(FONT_ENV, ""))
    if choice is None:
        return None
    how, value = choice
    return FontProperties(fname=value) if how == "file" else FontProperties(family=value)


def render_png(chart: Chart, width_cm: float = 15, dpi: int = 150) -> bytes:
    """`chart` as PNG bytes, `width_cm` wide at `dpi`; the caption is left to the writer,
    which sets it as text under the picture (numbered, searchable, in the document's font)."""
    return _rendered(9, lambda font: _draw(chart, font, width_cm, dpi))


def render_grid(
    panels: Sequence[Chart], width_cm: float = 15, dpi: int = 150, columns: int = 2
) -> bytes:
    """Small multiples: `panels` in one picture, `columns` across, each titled by its
    `title`, one legend for all. A page of indicator paths costs one figure's set-up,
    layout and PNG instead of one per indicator."""
    return _rendered(8, lambda font: _draw_grid(list(panels), font, width_cm, dpi, columns))


def _rendered(size: float, draw: Callable[[FontProperties], bytes]) -> bytes:
    """What every picture shares: the CJK font at `size` (a copy: the looked-up font is
    shared between threads), drawing one at a time, missing glyphs passed on."""
    found = cjk_font()
    if found is None:
        raise NoCJKFont()
    font = found.copy()
    font.set_size(size)
    with _DRAW_LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = draw(font)
    _reemit(caught)
    return png


def _draw_grid(
    panels: list[Chart], font: FontProperties, width_cm: float, dpi: int, columns: int
) -> bytes:
    rows = -(-len(panels) // columns)
    width = width_cm / CM_PER_INCH
    panel_height = width / columns * 0.72
    fig = Figure(figsize=(width, rows * panel_height + 0.35), dpi=dpi)
    FigureCanvasAgg(fig)
    axes = list(fig.subplots(rows, columns, squeeze=False).flat)
    for ax, chart in zip(axes, panels, strict=False):
        DRAWERS[chart.kind](ax, chart, font)
        if chart.kind != "pie":
            _frame(ax, font, "x" if chart.kind == "hbars" else "y", legend=False)
        ax.set_title(chart.title or chart.caption, fontproperties=font, color=INK)
    for ax in axes[len(panels) :]:
        ax.set_axis_off()
    first = fig.axes[0]
    handles, names = first.get_legend_handles_labels()
    top = 1 - 0.3 / (rows * panel_height + 0.35)
    if len(handles) > 1:
        fig.legend(handles, names, prop=font, frameon=False, loc="upper center", ncol=len(handles))
    # Fixed margins rather than tight_layout, which draws the whole figure once more
    # to measure it: panels of years and values need about the same room every time.
    height = rows * panel_height + 0.35
    fig.subplots_adjust(left=0.1, right=0.98, bottom=0.35 / height, top=top - 0.25 / height,
                        wspace=0.32, hspace=0.55)  # fmt: skip
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, facecolor="white")
    return out.getvalue()


def _reemit(caught: Sequence[warnings.WarningMessage]) -> None:
    """Pass on the warnings recorded while drawing: matplotlib's missing glyphs as
    `MissingGlyphWarning`, anything else unchanged."""
    for w in caught:
        if _GLYPH_WARNING.search(str(w.message)):
            warnings.warn(str(w.message), MissingGlyphWarning, stacklevel=3)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _draw(chart: Chart, font: FontProperties, width_cm: float, dpi: int) -> bytes:
    width = width_cm / CM_PER_INCH
    fig = Figure(figsize=(width, _height(chart, width)), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    DRAWERS[chart.kind](ax, chart, font)
    if chart.kind != "pie":
        _frame(ax, font, "x" if chart.kind == "hbars" else "y")
    fig.tight_layout(pad=0.6)
    # Laid out once: without this savefig draws the figure twice (layout, then pixels).
    fig.set_layout_engine("none")
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, facecolor="white")
    return out.getvalue()


def _height(chart: Chart, width: float) -> float:
    """Inches: a horizontal bar chart grows with its categories, so long lists of
    indicators keep readable rows; the others are landscape."""
    if chart.kind == "hbars":
        rows = len(chart.categories) * max(1, len(chart.series))
        return min(max(2.4, 0.28 * rows + 1.2), 9.0)
    if chart.kind == "pie":
        return width * 0.55
    return width * 0.58


def _values(series: Series, n: int) -> np.ndarray:
    """The series as floats with NaN for None (matplotlib leaves a gap there), padded
    or cut to the number of categories."""
    values = [np.nan if v is None else float(v) for v in series.values[:n]]
    return np.array(values + [np.nan] * (n - len(values)), dtype=float)


def _colour(i: int) -> str:
    return tones.PALETTE[i % len(tones.PALETTE)]


def _tone_colours(chart: Chart) -> list[str] | None:
    """Colours of the categories by their tones, when every category has a known one."""
    fills = [tones.fill(t) for t in chart.tones]
    if len(fills) < len(chart.categories) or not all(fills):
        return None
    return [f for f in fills[: len(chart.categories)] if f]


def _number(value: float, percent: bool, decimals: int = 0) -> str:
    """A value as a tick or bar label; an ASCII minus, which every font has."""
    if percent:
        return f"{value * 100:.{decimals}f}%"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.{max(decimals, 1)}f}".rstrip("0").rstrip(".")


def _value_axis(axis: Axis, chart: Chart) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: _number(v, chart.percent)))


def _category_labels(ax: Axes, chart: Chart, font: FontProperties) -> None:
    """Categories under the x axis, slanted when they would collide."""
    n = len(chart.categories)
    ax.set_xticks(range(n), chart.categories, fontproperties=font)
    chars = sum(len(c) for c in chart.categories)
    if n > 12 or chars > 40:
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
    ax.set_xlim(-0.6, n - 0.4)


def _bar_slots(count: int, span: float = 0.8) -> tuple[float, list[float]]:
    """Width of one bar and the offsets of `count` bars grouped around a category."""
    width = span / max(count, 1)
    return width, [(k - (count - 1) / 2) * width for k in range(count)]


def _draw_lines(ax: Axes, chart: Chart, font: FontProperties) -> None:
    """Years along x; `line` solid with points, `dashed` a planned path, `point`
    targets as markers, `bar` columns behind the lines."""
    n = len(chart.categories)
    x = np.arange(n)
    bars = [(i, s) for i, s in enumerate(chart.series) if s.style == "bar"]
    width, offsets = _bar_slots(len(bars))
    for (i, s), offset in zip(bars, offsets, strict=True):
        ax.bar(x + offset, _values(s, n), width, color=_colour(i), label=s.name, zorder=2)
    for i, s in enumerate(chart.series):
        if s.style != "bar":
            _line(ax, x, _values(s, n), s, _colour(i))
    _category_labels(ax, chart, font)
    _value_axis(ax.yaxis, chart)
    ax.set_ylabel(chart.unit, fontproperties=font)


def _line(ax: Axes, x: np.ndarray, y: np.ndarray, series: Series, colour: str) -> None:
    style: dict[str, object] = {"color": colour, "label": series.name, "zorder": 3}
    if series.style == "dashed":
        style |= {"linestyle": "--", "linewidth": 1.6}
    elif series.style == "point":
        style |= {"linestyle": "none", "marker": "D", "markersize": 7}
    else:
        style |= {"linestyle": "-", "linewidth": 2, "marker": "o", "markersize": 4}
    ax.plot(x, y, **style)


def _draw_bars(ax: Axes, chart: Chart, font: FontProperties) -> None:
    """Grouped columns; `dashed` and `point` series are drawn over them (a target
    line or target points over actual values)."""
    n = len(chart.categories)
    x = np.arange(n)
    bars = [(i, s) for i, s in enumerate(chart.series) if s.style in ("bar", "line")]
    width, offsets = _bar_slots(len(bars))
    toned = _tone_colours(chart) if len(bars) == 1 else None
    for (i, s), offset in zip(bars, offsets, strict=True):
        colour = toned or _colour(i)
        ax.bar(x + offset, _values(s, n), width, color=colour, label=s.name, zorder=2)
    for i, s in enumerate(chart.series):
        if s.style in ("dashed", "point"):
            _line(ax, x, _values(s, n), s, _colour(i))
    _category_labels(ax, chart, font)
    _value_axis(ax.yaxis, chart)
    ax.set_ylabel(chart.unit, fontproperties=font)
    ax.axhline(0, color=INK, linewidth=0.8, zorder=2)


def _draw_hbars(ax: Axes, chart: Chart, font: FontProperties) -> None:
    """Horizontal bars, categories read top to bottom in their order (progress of
    indicators), with the time-elapsed marker as a vertical line."""
    n = len(chart.categories)
    y = np.arange(n)
    width, offsets = _bar_slots(len(chart.series))
    toned = _tone_colours(chart) if len(chart.series) == 1 else None
    for i, (s, offset) in enumerate(zip(chart.series, offsets, strict=True)):
        values = _values(s, n)
        colour = toned or _colour(i)
        bars = ax.barh(y + offset, values, width, color=colour, label=s.name, zorder=2)
        labels = ["" if np.isnan(v) else _number(v, chart.percent, 1) for v in values]
        ax.bar_label(bars, labels=labels, padding=2, fontproperties=font, color=INK)
    ax.set_yticks(y, chart.categories, fontproperties=font)
    ax.set_ylim(n - 0.5, -0.5)  # first category on top
    ax.margins(x=0.12)
    _value_axis(ax.xaxis, chart)
    ax.set_xlabel(chart.unit, fontproperties=font)
    ax.axvline(0, color=INK, linewidth=0.8, zorder=2)
    if chart.marker is not None:
        _marker(ax, chart, font)


def _marker(ax: Axes, chart: Chart, font: FontProperties) -> None:
    assert chart.marker is not None
    ax.axvline(chart.marker, color=MARKER_COLOUR, linestyle="--", linewidth=1.2, zorder=4)
    if chart.marker_label:
        label = f"{chart.marker_label} {_number(chart.marker, chart.percent, 1)}"
        ax.text(
            chart.marker,
            1.01,
            label,
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            color=MARKER_COLOUR,
            fontproperties=font,
        )


def _draw_pie(ax: Axes, chart: Chart, font: FontProperties) -> None:
    """Shares of the first series; empty and zero slices are left out (their labels
    would pile up), colours follow the categories' tones."""
    if not chart.series:
        ax.set_axis_off()
        return
    values = _values(chart.series[0], len(chart.categories))
    keep = [k for k, v in enumerate(values) if np.isfinite(v) and v > 0]
    toned = list(chart.tones) + [""] * (len(chart.categories) - len(chart.tones))
    colours = [tones.fill(toned[k]) or _colour(k) for k in keep]
    *_, autotexts = ax.pie(
        [values[k] for k in keep],
        labels=[chart.categories[k] for k in keep],
        colors=colours,
        autopct="%1.0f%%",
        startangle=90,
        counterclock=False,
        pctdistance=0.72,
        wedgeprops={"linewidth": 1, "edgecolor": "white"},
        textprops={"fontproperties": font, "color": INK},
    )
    for k, text in zip(keep, autotexts, strict=True):
        text.set_color(tones.ink(toned[k]) or "white")
    ax.set_aspect("equal")


def _frame(ax: Axes, font: FontProperties, values: str, legend: bool = True) -> None:
    """Light grid along the `values` axis ("x" or "y"), no top and right spines, the CJK
    font on every tick; a legend when there is more than one series to tell apart."""
    ax.grid(True, axis=values, color=GRID, linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=INK, labelsize=font.get_size())
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_fontproperties(font)
    handles, names = ax.get_legend_handles_labels()
    if legend and len(handles) > 1:
        ax.legend(handles, names, prop=font, frameon=False, loc="best")


DRAWERS = {
    "lines": _draw_lines,
    "bars": _draw_bars,
    "hbars": _draw_hbars,
    "pie": _draw_pie,
}
