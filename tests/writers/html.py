"""Render a spec as an HTML page and print it to PDF with Chromium, as a browser's
"print to PDF" or a web-published plan gives it.

Tables are bordered grids (`border-collapse`), or 三线表 with `rules="three_line"`;
the caption is a paragraph above the table, `caption_gap` empty lines above it;
`repeat_header` header rows go in a `<thead>`, which Chromium repeats on each page a
table runs over (without one a continued table starts with a body row).
`print_pdf` needs Debian's `chromium`; callers skip where `CHROMIUM` is None.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

from tests.writers.spec import H, P, Plan, T, header_rows, spans

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

STYLE = """
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 11pt;
       margin: 2cm; line-height: 1.5; }
h1, h2, h3 { font-size: 13pt; }
table { border-collapse: collapse; margin: 0 auto 0.5em auto; }
td, th { border: 0.5pt solid #000; padding: 2pt 5pt; text-align: center; font-weight: normal; }
table.three_line td, table.three_line th { border: none; }
table.three_line { border-top: 1.5pt solid #000; border-bottom: 1.5pt solid #000; }
table.three_line .rule { border-bottom: 0.75pt solid #000; }
p.caption { text-align: center; margin: 0; }
p.gap { margin: 0; }
"""


def _cells(rows: list[list[str]], r: int, tag: str, rule_under: int) -> str:
    """Row `r`'s cells; those ending on row `rule_under` carry a 三线表's middle rule."""
    out = []
    for c, span in enumerate(spans(rows)[r]):
        if span is None:
            continue
        rs, cs = span
        attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        attrs += ' class="rule"' if r + rs - 1 == rule_under else ""
        text = "<br>".join(html.escape(x) for x in rows[r][c].split("\n"))
        out.append(f"<{tag}{attrs}>{text}</{tag}>")
    return "".join(out)


def _row(rows: list[list[str]], r: int, tag: str, rule_under: int) -> str:
    return f"<tr>{_cells(rows, r, tag, rule_under)}</tr>"


def _table(t: T, repeat_header: int, rules: str, caption_gap: int) -> str:
    repeat_header = header_rows(t.rows, repeat_header) if repeat_header else 0
    parts = []
    if t.caption:
        parts.append(f'<p class="caption">{html.escape(t.caption)}</p>')
        parts += ['<p class="gap">&nbsp;</p>'] * caption_gap
    css = ' class="three_line"' if rules == "three_line" else ""
    parts.append(f"<table{css}>")
    end = header_rows(t.rows) - 1  # the row the 三线表's middle rule is under
    if repeat_header:
        parts.append("<thead>")
        parts += [_row(t.rows, r, "th", end) for r in range(repeat_header)]
        parts.append("</thead>")
    parts.append("<tbody>")
    parts += [_row(t.rows, r, "td", end) for r in range(repeat_header, len(t.rows))]
    parts.append("</tbody></table>")
    parts += [f"<p>{html.escape(n)}</p>" for n in t.notes]
    return "\n".join(parts)


def render(
    plan: Plan,
    path: Path,
    *,
    repeat_header: int = 0,
    rules: str = "grid",
    caption_gap: int = 0,
) -> Path:
    """Write `plan` as an HTML page at `path` (and return it)."""
    body = [f"<p>{html.escape(plan.title)}</p>"] if plan.title else []
    for b in plan.blocks:
        if isinstance(b, H):
            level = min(max(b.level, 1), 3)
            body.append(f"<h{level}>{html.escape(b.text)}</h{level}>")
        elif isinstance(b, P):
            body.append(f"<p>{html.escape(b.text)}</p>")
        else:
            body.append(_table(b, repeat_header, rules, caption_gap))
    page = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>")  # fmt: skip
    path.write_text(page, encoding="utf-8")
    return path


def print_pdf(page: Path, out: Path) -> Path:
    """`page` printed to PDF by headless Chromium (Skia), no header or footer."""
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={out}", page.resolve().as_uri()],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return out


def render_pdf(plan: Plan, path: Path, **options: object) -> Path:
    """`plan` as a Chromium-printed PDF at `path` (the HTML page beside it)."""
    page = render(plan, path.with_suffix(".html"), **options)  # type: ignore[arg-type]
    return print_pdf(page, path)
