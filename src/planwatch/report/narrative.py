"""The evaluation's prose, written from the numbers by templates (no language model).

Every figure a sentence quotes is the text of a table cell (`Row.cells`, the count
tables), never computed again here: a reader who checks the text against the
tables finds the same numbers.
"""

from __future__ import annotations

from planwatch.models.report import Cell
from planwatch.report.figures import DASH
from planwatch.report.plan_rows import Row
from planwatch.report.statuses import LAGGING, TONES, UNASSESSED, label

# Positions of the completion table's cells (see Row.cells).
ACTUAL_GROWTH, TIME, TASK, NEEDED = 9, 10, 11, 12


def counts_phrase(counts: dict[str, Cell], lang: str) -> str:
    """已完成2项、滞后1项 from a count table's cells (zero counts left out)."""
    parts = [
        (
            f"{label(t, lang)} {counts[t].text}"
            if lang == "en"
            else f"{label(t, lang)}{counts[t].text}项"
        )
        for t in TONES
        if t in counts and counts[t].value
    ]
    return ("; " if lang == "en" else "、").join(parts)


def _pace(row: Row, cells: list[Cell], lang: str) -> str:
    a = row.assessment
    time, task = cells[TIME].text, cells[TASK].text
    if a.task_progress is None or a.time_progress is None or DASH in (time, task):
        return ""
    ahead = a.task_progress >= a.time_progress
    if lang == "en":
        return f"task progress {task} against time progress {time}"
    return f"任务进度{task}，{'快于' if ahead else '慢于'}时间进度{time}"


def _change(row: Row, cells: list[Cell], lang: str) -> str:
    """How far the indicator has moved since the base year."""
    cell = cells[ACTUAL_GROWTH]
    if not cell.text or cell.text == DASH:
        return ""
    if row.level:
        return (
            f"growing {cell.text} a year since the base year"
            if lang == "en"
            else f"年均增长{cell.text}"
        )
    amount = cell.text.strip("[]")
    down = amount.startswith("-")
    amount = amount.lstrip("-")
    unit = "个百分点" if row.track.unit == "%" else row.track.unit
    if lang == "en":
        unit = "percentage points" if row.track.unit == "%" else row.track.unit
        return f"{'down' if down else 'up'} {amount} {unit} on the base year".rstrip()
    verb = "下降" if down else ("提高" if row.track.unit == "%" else "增加")
    return f"比基期{verb}{amount}{unit}"


def _needed(row: Row, cells: list[Cell], lang: str) -> str:
    cell = cells[NEEDED]
    if row.tone == "achieved":
        return "target reached" if lang == "en" else "已达到规划目标"
    if not cell.text or cell.text == DASH:
        return ""
    if lang == "en":
        need = f"{cell.text} a year" if row.level else f"a further {cell.text.strip('[]')}"
        return f"reaching the target needs {need}"
    if row.level:
        return f"实现目标还需年均增长{cell.text}"
    unit = "个百分点" if row.track.unit == "%" else row.track.unit
    return f"实现目标还需增加{cell.text.strip('[]')}{unit}"


def indicator_sentence(row: Row, cells: list[Cell], lang: str) -> str:
    """One assessed indicator: value, change, progress against time, status, what remains."""
    actual, a = cells[8].text.split("（")[0], row.assessment
    if lang == "en":
        head = f"{row.name} was {actual} {row.track.unit} in {a.actual_year}".rstrip()
        parts = [
            head,
            _change(row, cells, lang),
            _pace(row, cells, lang),
            row.status_text(),
            _needed(row, cells, lang),
        ]
        return "; ".join(p for p in parts if p) + "."
    head = f"{row.name}{a.actual_year}年为{actual}{row.track.unit}"
    parts = [
        head,
        _change(row, cells, lang),
        _pace(row, cells, lang),
        f"状态为{row.status_text()}",
        _needed(row, cells, lang),
    ]
    return "，".join(p for p in parts if p) + "。"


def _conclusion(rows: list[Row], lang: str) -> str:
    tones = {r.tone for r in rows}
    if tones & {"seriously_behind", "regressing"}:
        return (
            "Some indicators are seriously behind or regressing and need attention."
            if lang == "en"
            else "部分指标严重滞后或出现倒退，需重点关注、加大推进力度。"
        )
    if tones & set(LAGGING):
        return (
            "Some indicators lag behind the time schedule."
            if lang == "en"
            else "部分指标进度滞后于时间进度，需加快推进。"
        )
    if tones - {UNASSESSED}:
        return (
            "Overall in line with the plan's schedule."
            if lang == "en"
            else "总体符合规划进度要求。"
        )
    return ""


def category_paragraph(
    category: str, rows: list[Row], cells: list[list[Cell]], counts: dict[str, Cell], lang: str
) -> str:
    """The paragraph of one category: counts, each assessed indicator, a conclusion."""
    total = counts["total"].text
    if lang == "en":
        head = f"{category}: {total} indicators ({counts_phrase(counts, lang)})."
    else:
        head = f"{category}类指标共{total}项，其中{counts_phrase(counts, lang)}。"
    body = [
        indicator_sentence(r, c, lang)
        for r, c in zip(rows, cells, strict=True)
        if r.tone != UNASSESSED
    ]
    sep = " " if lang == "en" else ""
    return sep.join([head, *body, _conclusion(rows, lang)]).strip()


def overall_paragraph(year: int, time_text: str, counts: dict[str, Cell], lang: str) -> str:
    total = counts["total"].text
    if lang == "en":
        timing = f" Time progress is {time_text}." if time_text != DASH else ""
        return (
            f"By {year}, of the plan's {total} indicators: {counts_phrase(counts, lang)}.{timing}"
        )
    timing = f"规划实施时间进度为{time_text}。" if time_text != DASH else ""
    return f"截至{year}年，规划确定的{total}项主要指标中，{counts_phrase(counts, lang)}。{timing}"
