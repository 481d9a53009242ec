"""Indicator names in the normal form they are compared in: NFKC, no spaces or quotes,
规模以上 → 规上, no unit bracket, no leading 全县/全市. The catalogue matches names
in this form, and extraction relates a prose target to a table row in it."""

from __future__ import annotations

import re
import unicodedata

from planwatch.ingest.units import split_name_unit

_MARKS = re.compile(r"[\s“”\"'‘’「」《》]")
_WHOLE_REGION = re.compile(r"^(全省|全市|全县|全区|全镇)")


def normal_name(text: str) -> str:
    t = _MARKS.sub("", unicodedata.normalize("NFKC", text or ""))
    t, _unit = split_name_unit(t)
    return _WHOLE_REGION.sub("", t.replace("规模以上", "规上"))
