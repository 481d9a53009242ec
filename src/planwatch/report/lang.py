"""The two languages of a report's own words, and its numbered chapters."""

from __future__ import annotations

from planwatch.models.report import Block, Section

CN_NUMBERS = "一二三四五六七八九十"


def pick(lang: str, zh: str, en: str) -> str:
    """The Chinese or the English wording (Chinese unless `lang` is 'en')."""
    return en if lang == "en" else zh


def chapters(parts: list[tuple[str, list[Block]]], lang: str) -> list[Section]:
    """Sections of the parts that have content, numbered as reports number chapters:
    一、二、… in Chinese, 1. 2. … in English."""
    kept = [(heading, blocks) for heading, blocks in parts if blocks]
    return [
        Section(heading=f"{CN_NUMBERS[i]}、{h}" if lang == "zh" else f"{i + 1}. {h}", blocks=b)
        for i, (h, b) in enumerate(kept)
    ]
