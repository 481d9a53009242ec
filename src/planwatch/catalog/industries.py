"""Names of the industry divisions (大类) of GB/T 4754-2017 that industrial
statistics cover: mining (B), manufacturing (C) and utilities (D).

Enterprise data gives an industry code as a division (C26), a group or class
(2614, C2614), or a name; reports show the division with its name."""

from __future__ import annotations

import functools
import re
from importlib.resources import files

DIVISIONS: dict[str, str] = {
    "06": "煤炭开采和洗选业", "07": "石油和天然气开采业", "08": "黑色金属矿采选业",
    "09": "有色金属矿采选业", "10": "非金属矿采选业", "11": "开采专业及辅助性活动",
    "12": "其他采矿业", "13": "农副食品加工业", "14": "食品制造业",
    "15": "酒、饮料和精制茶制造业", "16": "烟草制品业", "17": "纺织业",
    "18": "纺织服装、服饰业", "19": "皮革、毛皮、羽毛及其制品和制鞋业",
    "20": "木材加工和木、竹、藤、棕、草制品业", "21": "家具制造业", "22": "造纸和纸制品业",
    "23": "印刷和记录媒介复制业", "24": "文教、工美、体育和娱乐用品制造业",
    "25": "石油、煤炭及其他燃料加工业", "26": "化学原料和化学制品制造业", "27": "医药制造业",
    "28": "化学纤维制造业", "29": "橡胶和塑料制品业", "30": "非金属矿物制品业",
    "31": "黑色金属冶炼和压延加工业", "32": "有色金属冶炼和压延加工业", "33": "金属制品业",
    "34": "通用设备制造业", "35": "专用设备制造业", "36": "汽车制造业",
    "37": "铁路、船舶、航空航天和其他运输设备制造业", "38": "电气机械和器材制造业",
    "39": "计算机、通信和其他电子设备制造业", "40": "仪器仪表制造业", "41": "其他制造业",
    "42": "废弃资源综合利用业", "43": "金属制品、机械和设备修理业",
    "44": "电力、热力生产和供应业", "45": "燃气生产和供应业", "46": "水的生产和供应业",
}  # fmt: skip
SECTIONS = {"B": range(6, 13), "C": range(13, 44), "D": range(44, 47)}
_CODE = re.compile(r"^\s*([A-Da-d])?\s*(\d{2})\d{0,2}\s*$")


def division(code: str | None) -> str | None:
    """C2614, 2614, C26 and 26 → 'C26'; None when `code` is not a B–D industry code."""
    m = _CODE.match(code or "")
    if not m or m.group(2) not in DIVISIONS:
        return None
    number = int(m.group(2))
    section = next(s for s, r in SECTIONS.items() if number in r)
    return f"{section}{m.group(2)}"


def division_label(code: str | None) -> str:
    """'C26 化学原料和化学制品制造业', or the code as given when it is not one."""
    d = division(code)
    return f"{d} {DIVISIONS[d[1:]]}" if d else (code or "（未填）")


@functools.cache
def _all_codes() -> dict[str, str]:
    """Every division, group and class of GB/T 4754-2017 (digits → name), from the
    table shipped beside this module."""
    text = files("planwatch.catalog").joinpath("gbt4754.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines()[1:] if line.strip())
    return {code: name for code, name in rows}


def code_name(digits: str) -> str | None:
    """The name of a 2-, 3- or 4-digit GB/T 4754-2017 code; None when there is none."""
    return _all_codes().get(digits)
