"""The statuses an evaluation report prints, from the monitor's statuses.

Evaluation reports use five words for indicators they can judge and one for the
rest; why an indicator cannot be judged (no data, target still to be assigned,
not evaluated by its attribute, monitoring suspended) is listed under the table.
"""

from __future__ import annotations

from planwatch.models.monitor import Status

TONE_OF: dict[Status, str] = {
    Status.ACHIEVED: "achieved",
    Status.ON_TRACK: "on_track",
    Status.BEHIND: "behind",
    Status.SERIOUSLY_BEHIND: "seriously_behind",
    Status.REGRESSING: "regressing",
}
UNASSESSED = "unassessed"
# tone → (zh, en), in the order reports list them
TONE_LABELS: dict[str, tuple[str, str]] = {
    "achieved": ("已完成", "achieved"),
    "on_track": ("符合进度", "on track"),
    "behind": ("滞后", "behind"),
    "seriously_behind": ("严重滞后", "seriously behind"),
    "regressing": ("倒退", "regressing"),
    UNASSESSED: ("无法评估", "not assessable"),
}
TONES = tuple(TONE_LABELS)
LAGGING = ("behind", "seriously_behind", "regressing")


def tone(status: Status) -> str:
    return TONE_OF.get(status, UNASSESSED)


def label(tone_: str, lang: str) -> str:
    zh, en = TONE_LABELS[tone_]
    return en if lang == "en" else zh
