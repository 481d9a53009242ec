"""Render a spec as the text users get from a .docx converter.

Each table cell starts with a tab at the start of a line, a blank line ends a
row, a cell's further lines follow without a tab, a vertically merged cell shows
as an empty cell and a horizontally merged one is missing.
"""

from __future__ import annotations

from pathlib import Path

from tests.writers.spec import LEFT, UP, H, P, Plan, T


def table_lines(t: T) -> list[str]:
    out: list[str] = []
    if t.caption:
        out.append(t.caption)
    for row in t.rows:
        for text in row:
            if text == LEFT:
                continue
            if text == UP:
                out.append("\t")
                continue
            first, *rest = text.split("\n")
            out.append("\t" + first)
            out.extend(rest)
        out.append("")
    out.append("")
    out.extend(t.notes)
    return out


def render(plan: Plan) -> str:
    lines: list[str] = []
    if plan.title:
        lines.append(plan.title)
    for b in plan.blocks:
        if isinstance(b, H | P):
            lines.append(b.text)
        elif isinstance(b, T):
            lines.extend(table_lines(b))
    return "\n".join(lines) + "\n"


def write(plan: Plan, path: Path, encoding: str = "utf-8") -> Path:
    path.write_text(render(plan), encoding=encoding)
    return path
