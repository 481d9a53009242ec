"""Numbers and units as Chinese plans write them in sentences.

Tables mostly hold Arabic digits, but prose mixes forms: ``三十五``, ``两千``,
``二〇三五年``, ``百分之十五``, full-width ``２０２５``, ``1.5万``. Targets in prose
are a number followed by a unit (``200亿元``, ``35万元/亩``, ``5家以上``), so this
module also reads a unit right after a number. Units are reported as written
(only their spelling is made canonical, e.g. ``人▪年`` → ``人·年``), never converted:
``1.2万亩`` stays 1.2 with unit ``万亩``, because the plan says it that way.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2,
          "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
          "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "万亿"

_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = 0x20


def fold_width(text: str) -> str:
    """Full-width ASCII (``２０２５％``) to half-width, one character for one.

    Unlike NFKC this never changes the length, so offsets found in the folded
    text point at the same characters in the original.
    """
    return text.translate(_FULL_WIDTH)


def _section(text: str) -> int | None:
    """A numeral below 10000: 三千零五, 一百二 (= 120), 十五, 二〇三五 (digit by digit)."""
    if all(c in DIGITS for c in text):
        value = 0
        for c in text:
            value = value * 10 + DIGITS[c]
        return value
    total, digit, last_unit, zero = 0, None, None, False
    for c in text:
        if c in DIGITS:
            if DIGITS[c] == 0:
                zero = True
                continue
            if digit is not None:
                return None
            digit = DIGITS[c]
        elif c in SMALL_UNITS:
            unit = SMALL_UNITS[c]
            if last_unit is not None and unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit, zero = None, unit, False
        else:
            return None
    if digit is not None:
        # 一百二 is 120 and 两千五 2500: a trailing digit counts in the next lower unit.
        colloquial = last_unit is not None and last_unit >= 100 and not zero
        total += digit * (last_unit // 10 if colloquial and last_unit else 1)
    return total


def cn_integer(text: str, allow_yi: bool = True) -> int | None:
    """``三十五`` → 35, ``两千`` → 2000, ``一万零五十`` → 10050; None when not a numeral."""
    t = text.strip()
    if not t or any(c not in CN_NUMERAL_CHARS for c in t):
        return None
    if not allow_yi and "亿" in t:
        return None
    total = 0
    for big in ("亿", "万"):
        if big not in t:
            continue
        head, t = t.split(big, 1)
        value = cn_integer(head, allow_yi) if head else 1
        if value is None or big in t:
            return None
        total += value * BIG_UNITS[big]
        if len(t) == 1 and DIGITS.get(t, 0) != 0:
            return total + DIGITS[t] * BIG_UNITS[big] // 10  # 三万五 = 35000
    if not t:
        return total
    rest = _section(t.lstrip("零〇") if total else t)
    return None if rest is None else total + rest


def parse_number(text: str, allow_yi: bool = False) -> float | None:
    """Any single number a plan writes: ``35``, ``三十五``, ``1.5万`` (15000), ``２０``.

    ``亿`` multiplies only when `allow_yi` is set: in plans ``3亿`` is nearly always
    an amount of money whose unit (亿元) should be kept, not a count.
    """
    t = fold_width(text).strip().replace(",", "")
    m = re.fullmatch(r"([-+]?\d+(?:\.\d+)?)\s*(万亿|万|亿|千)?", t)
    if m:
        scale = {"万": 1e4, "千": 1e3, "亿": 1e8, "万亿": 1e12}.get(m.group(2) or "", 1.0)
        if m.group(2) in ("亿", "万亿") and not allow_yi:
            return None
        return _tidy(float(m.group(1)) * scale)
    value = cn_integer(t, allow_yi)
    return None if value is None else float(value)


def _tidy(x: float) -> float:
    return float(round(x, 10))


def parse_percent(text: str) -> float | None:
    """``百分之十五`` / ``15%`` / ``１５％`` → 15 (the number of percent)."""
    t = fold_width(text).strip()
    if t.startswith("百分之"):
        return parse_number(t[3:])
    if t.endswith(("%", "﹪")):
        return parse_number(t[:-1])
    return None


def cn_year(text: str) -> int | None:
    """``二〇二五`` / ``2025`` / ``２０２５`` → 2025 (a four-digit year)."""
    t = fold_width(text).strip().removesuffix("年")
    if re.fullmatch(r"(?:19|20)\d{2}", t):
        return int(t)
    if len(t) == 4 and all(c in DIGITS for c in t):
        y = cn_integer(t)
        return y if y is not None and 1900 <= y <= 2100 else None
    return None


# ---------------------------------------------------------------- amounts and units

# Base units, longest spellings first; variants map to one canonical spelling.
_BASE_UNITS: list[tuple[str, str]] = [
    (r"元/人[·•▪.．・]?年", "元/人·年"),
    (r"元/亩", "元/亩"),
    (r"元/平方米", "元/平方米"),
    (r"元/吨", "元/吨"),
    (r"元/人", "元/人"),
    (r"吨标准煤/万元", "吨标准煤/万元"),
    (r"吨标煤/万元", "吨标煤/万元"),
    (r"立方米/万元", "立方米/万元"),
    (r"千瓦时/万元", "千瓦时/万元"),
    (r"千克标准煤/万元", "千克标准煤/万元"),
    (r"千克/万元", "千克/万元"),
    (r"吨/万元", "吨/万元"),
    (r"个百分点", "个百分点"),
    (r"百分点", "百分点"),
    (r"平方公里", "平方公里"),
    (r"平方米", "平方米"),
    (r"千瓦时", "千瓦时"),
    (r"千瓦", "千瓦"),
    (r"兆瓦", "兆瓦"),
    (r"美元", "美元"),
    (r"人次", "人次"),
    (r"公顷", "公顷"),
    (r"公里", "公里"),
    (r"[%﹪％]", "%"),
    (r"‰", "‰"),
    (r"元", "元"),
    (r"家", "家"),
    (r"个", "个"),
    (r"项", "项"),
    (r"户", "户"),
    (r"亩", "亩"),
    (r"吨", "吨"),
    (r"件", "件"),
    (r"条", "条"),
    (r"座", "座"),
    (r"所", "所"),
    (r"名", "名"),
    (r"台", "台"),
    (r"套", "套"),
    (r"辆", "辆"),
    (r"倍", "倍"),
    (r"人", "人"),
]
_BASE_RE = [(re.compile(p), canon) for p, canon in _BASE_UNITS]
_SCALES = ("万亿", "亿", "万", "千", "百")
# Units that count things; a count written before a noun (培育3家企业) uses these.
COUNT_UNITS = {"家", "个", "项", "户", "件", "条", "座", "所", "名", "台", "套", "辆"}


def read_unit(text: str, pos: int = 0) -> tuple[str, int]:
    """The unit starting at `pos`: (canonical unit, end offset); ("", pos) when none.

    A scale word (万, 亿) before a base unit stays part of the unit (``万元``, ``亿元``,
    ``万亩``); a bare scale (``100亿``) is a unit on its own.
    """
    for rx, canon in _BASE_RE:
        m = rx.match(text, pos)
        if m:
            return canon, m.end()
    for scale in _SCALES:
        if text.startswith(scale, pos):
            after = pos + len(scale)
            for rx, canon in _BASE_RE:
                m = rx.match(text, after)
                if m and canon not in ("%", "‰", "个百分点", "百分点", "倍"):
                    return scale + canon, m.end()
            if scale in ("万亿", "亿", "万"):
                return scale, after
            return "", pos
    return "", pos


class Amount(BaseModel):
    """A number with its unit as found in a sentence."""

    value: float
    high: float | None = None  # the upper end of a range such as 5-8家
    bare: bool = False  # a scale without a numeral (万亿元, 百家)
    share: bool = False  # a fraction of a whole (三分之一), no unit
    unit: str = ""
    text: str = ""
    start: int = 0
    end: int = 0


_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
# A Chinese numeral starts with a digit or 十: 百亿 and 万亩 are words, not numbers.
_CN_NUM = f"[{''.join(DIGITS)}十拾][{CN_NUMERAL_CHARS}]*"
# A scale with no numeral before a unit: 突破万亿元 (1万亿元), 新增百家 (100家), 千亿元.
# Only a reader that knows a verb precedes it takes it as a number (`bare_ok`).
_BARE = r"万亿|千亿|百亿|千万|百万|[百千万]"
_BARE_UNIT = r"(?=元|亿元|美元|家|个|项|户|亩|吨|件|座|台|套|人|名|平方|千瓦)"
_FRACTION_PART = r"[一二两三四五六七八九十\d]+"
AMOUNT_RE = re.compile(
    rf"(?P<frac>(?P<den>{_FRACTION_PART})分之(?P<numr>{_FRACTION_PART}))"
    rf"|(?P<pct>百分之(?P<pnum>{_NUM}|{_CN_NUM}))"
    rf"|(?P<num>{_NUM})(?:\s*(?:(?P<scale1>万亿|亿|万)|(?P<pct1>[%％]))?"
    rf"\s*[-~～—–至]\s*(?P<high>{_NUM}))?"
    rf"|(?P<cn>{_CN_NUM})"
    rf"|(?P<bare>{_BARE}){_BARE_UNIT}"
)
# value of a bare scale, and the part of it that stays in the unit (万亿元 is 1 万亿元)
_BARE_VALUE = {"万亿": (1.0, "万亿"), "千亿": (1000.0, "亿"), "百亿": (100.0, "亿"),
               "千万": (1000.0, "万"), "百万": (100.0, "万"), "万": (1.0, "万"),
               "千": (1000.0, ""), "百": (100.0, "")}  # fmt: skip


def _cn_value(text: str) -> tuple[float | None, str]:
    """A Chinese numeral possibly ending in a scale that belongs to the unit (三十五万)."""
    for scale in ("万亿", "亿", "万"):
        if text.endswith(scale) and len(text) > len(scale):
            head = cn_integer(text[: -len(scale)], allow_yi=False)
            if head is not None:
                return float(head), scale
    value = cn_integer(text, allow_yi=False)
    return (None, "") if value is None else (float(value), "")


def parse_amount(text: str, pos: int = 0, need_unit: bool = True) -> Amount | None:
    """Read ``200亿元``, ``35万元/亩``, ``5-8家``, ``三百家``, ``百分之十五`` at `pos`.

    `text` should be width-folded (see `fold_width`). Returns None when there is no
    number there, or (with `need_unit`) no unit after it.
    """
    m = AMOUNT_RE.match(text, pos)
    if not m:
        return None
    if m.group("frac"):  # 三分之一: a share of a whole, 0.333…
        den, numr = parse_number(m.group("den")), parse_number(m.group("numr"))
        if not den or numr is None or numr > den:
            return None
        return Amount(value=numr / den, text=m.group(0), start=pos, end=m.end(), share=True)
    if m.group("pct"):
        v = parse_number(m.group("pnum"))
        return None if v is None else Amount(value=v, unit="%", text=m.group(0), start=pos,
                                             end=m.end())  # fmt: skip
    high: float | None = None
    prefix = ""
    if m.group("bare"):
        value, prefix = _BARE_VALUE[m.group("bare")]
        unit, uend = read_unit(text, m.end())
        if not unit:
            return None
        return Amount(value=value, unit=prefix + unit if unit[0] not in "万亿" else unit,
                      text=text[pos:uend], start=pos, end=uend, bare=True)  # fmt: skip
    if m.group("num"):
        value = float(m.group("num").replace(",", ""))
        if m.group("high"):
            high = float(m.group("high").replace(",", ""))
        end = m.end()
    else:
        cn_value, prefix = _cn_value(m.group("cn"))
        if cn_value is None:
            return None
        value, end = cn_value, m.end()
    unit, uend = read_unit(text, end - len(prefix))
    if m.group("scale1") and unit and not unit.startswith(m.group("scale1")):
        return None  # 0.5亿~4万元: mixed scales are not one range
    if m.group("pct1") and unit != "%":
        return None  # 6%—8万元 is no range
    if need_unit and not unit:
        return None
    return Amount(value=value, high=high, unit=unit, text=text[pos:uend], start=pos, end=uend)
