"""Units as plans write them: in a unit column, or in brackets after a name.

A bracket at the end of a name is a unit only when it reads like one
(``（亿元）``, ``（%）``, ``（万元/亩）``); ``（集团）`` or ``（含境外）`` stay part of
the name.
"""

from __future__ import annotations

import re

from planwatch.ingest.values import nfkc

_UNIT_WORDS = (
    "%", "‰", "元", "亩", "人", "家", "个", "件", "项", "吨", "标准煤", "标煤", "立方米", "m3",
    "千瓦", "kWh", "kwh", "度", "平方", "公里", "台", "套", "条", "次", "年", "万", "亿", "美元",
    "倍", "百分点", "点", "所", "座", "张", "户", "辆", "千克", "公顷", "天", "小时", "GW", "MW",
)  # fmt: skip
# Captions write （单位：亿元）; the unit is what follows the label.
_UNIT_LABEL = re.compile(r"^(?:计量)?单位\s*[:：]\s*")
_TRAILING_BRACKET = re.compile(r"[（(]([^（）()]{1,14})[）)]\s*$")


def looks_like_unit(text: str) -> bool:
    t = nfkc(text).strip()
    if not t or len(t) > 14 or re.search(r"[，,。；、]", t):
        return False
    if re.fullmatch(r"(?:19|20)\d{2}年?", t):
        return False
    return any(w in t for w in _UNIT_WORDS)


def strip_brackets(text: str) -> str:
    """``（%）`` → ``%``: the unit as written, without its brackets."""
    t = text.strip()
    m = re.fullmatch(r"[（(]\s*(.*?)\s*[）)]", t)
    return m.group(1) if m else t


def split_name_unit(name: str) -> tuple[str, str]:
    """Split ``规上工业总产值（亿元）`` into (``规上工业总产值``, ``亿元``)."""
    m = _TRAILING_BRACKET.search(name)
    if m and looks_like_unit(m.group(1)) and m.start() > 0:
        return name[: m.start()].rstrip(), _UNIT_LABEL.sub("", m.group(1).strip())
    return name, ""
