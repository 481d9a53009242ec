"""The five classes of China's national plan evaluations, from the monitor's statuses.

Mid-term evaluations of the national five-year plans sort indicators into 提前实现
(reached early), 快于预期 (ahead), 基本符合预期 (on course), 滞后 (behind) and 严重滞后
(seriously behind). The monitor's statuses map onto them:

| class | from |
|---|---|
| 提前实现 | achieved before the target year |
| 快于预期 | on track with a pace of at least `AHEAD` (task progress 10 % ahead of the path) |
| 基本符合预期 | on track, or achieved in the target year |
| 滞后 | behind |
| 严重滞后 | seriously behind, or regressing |
| 无法评估 | no data, not evaluated, target still to be assigned |
"""

from __future__ import annotations

from planwatch.models.monitor import Assessment, Status

AHEAD = 1.10
CLASSES: dict[str, tuple[str, str, str]] = {  # class → (zh, en, tone)
    "early": ("提前实现", "reached early", "achieved"),
    "ahead": ("快于预期", "ahead", "on_track"),
    "on_course": ("基本符合预期", "on course", "on_track"),
    "behind": ("滞后", "behind", "behind"),
    "serious": ("严重滞后", "seriously behind", "seriously_behind"),
    "unassessed": ("无法评估", "not assessable", "unassessed"),
}


def evaluation_class(a: Assessment, target_year: int | None) -> str:
    if a.status == Status.ACHIEVED:
        return "early" if target_year is None or a.year < target_year else "on_course"
    if a.status == Status.ON_TRACK:
        return "ahead" if a.pace is not None and a.pace >= AHEAD else "on_course"
    if a.status == Status.BEHIND:
        return "behind"
    if a.status in (Status.SERIOUSLY_BEHIND, Status.REGRESSING):
        return "serious"
    return "unassessed"
