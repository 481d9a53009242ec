"""A chain drawn as people draw it by hand: three columns (上游 → 中游 → 下游), each
link a circle sized by its output and coloured by its gap class, arrows where a link
feeds another. An ECharts `graph` option (plain JSON: the same for the
self-contained HTML page and the web app)."""

from __future__ import annotations

import math
from typing import Any

from planwatch.chains.tables import GAP_WORDS
from planwatch.models.chains import SEGMENTS, ChainMap, ChainSpec

GAP_COLOURS = {"missing": "#c0392b", "weak": "#e67e22", "inefficient": "#8e44ad",
               "strong": "#27ae60", "none": "#5b8ff9"}  # fmt: skip
COLUMN_WIDTH, ROW_HEIGHT = 380, 70
MIN_SIZE, MAX_SIZE = 14, 64


def _size(output: float, largest: float) -> float:
    """Area in proportion to output; an empty link still shows as a small ring."""
    if output <= 0 or largest <= 0:
        return MIN_SIZE
    return MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(output / largest)


def _tooltip(chain: ChainMap, i: int) -> str:
    link = chain.links[i]
    lines = [f"<b>{link.segment} · {link.link}</b>", f"类别：{GAP_WORDS[link.gap]}",
             f"企业 {link.enterprises} 家（规上 {link.above_scale}）",
             f"产值 {link.output:,.0f} 万元"]  # fmt: skip
    if link.tax_per_mu is not None:
        lines.append(f"亩均税收 {link.tax_per_mu:.2f} 万元/亩")
    lines += link.reasons
    return "<br/>".join(_escape(x) if not x.startswith("<b>") else x for x in lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chain_option(chain: ChainMap, spec: ChainSpec | None = None) -> dict[str, Any]:
    largest = max((link.output for link in chain.links), default=0.0)
    nodes: list[dict[str, Any]] = []
    for col, segment in enumerate(SEGMENTS):
        nodes.append({"name": f"§{segment}", "x": col * COLUMN_WIDTH, "y": 0, "symbol": "rect",
                      "symbolSize": [90, 28], "itemStyle": {"color": "#34495e"},
                      "label": {"show": True, "formatter": segment, "color": "#fff"},
                      "tooltip": {"show": False}})  # fmt: skip
        links = [(i, x) for i, x in enumerate(chain.links) if x.segment == segment]
        for row, (i, link) in enumerate(links, start=1):
            colour = GAP_COLOURS[link.gap]
            empty = link.enterprises == 0
            nodes.append({
                "name": link.link, "x": col * COLUMN_WIDTH, "y": row * ROW_HEIGHT,
                "value": round(link.output, 2), "symbolSize": round(_size(link.output, largest), 1),
                "itemStyle": {"color": "#fff" if empty else colour, "borderColor": colour,
                              "borderWidth": 3 if empty else 1},
                "label": {"show": True, "position": "right", "formatter": link.link},
                "tooltip": {"formatter": _tooltip(chain, i)},
            })  # fmt: skip
    return {
        "animation": False,
        "title": {"text": chain.name, "left": "center", "top": 0},
        "tooltip": {"trigger": "item"},
        "series": [{
            # no `right`: the width follows the columns' aspect, so circles stay round
            "type": "graph", "layout": "none", "roam": True, "top": 60, "bottom": 40,
            "left": 40, "edgeSymbol": ["none", "arrow"], "edgeSymbolSize": 8,
            "lineStyle": {"color": "#999", "curveness": 0.15, "opacity": 0.7},
            "data": nodes, "links": _edges(chain, spec),
        }],
    }  # fmt: skip


def _edges(chain: ChainMap, spec: ChainSpec | None) -> list[dict[str, Any]]:
    """The links' explicit `feeds`, as arrows (columns already say the default order)."""
    if spec is None:
        return []
    return [{"source": link.link, "target": t} for _, link in spec.links() for t in link.feeds]


def chart_height(chain: ChainMap) -> int:
    rows = max((sum(1 for x in chain.links if x.segment == s) for s in SEGMENTS), default=1)
    return 140 + ROW_HEIGHT * rows
