"""Prose targets beyond the house style of the seed plans: several values in one
clause, numbers written in words, relative targets, several years in a sentence,
annual tasks, years inferred from the section, traditional script."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.ingest import extract_plan, read_document
from planwatch.ingest.extractors.prose import extract_prose_targets
from planwatch.models import ProseTarget
from tests.writers import docx, txt
from tests.writers.spec import H, P, Plan, T

TASKS = H("三、主要任务")
GOALS = H("（三）发展目标")


def targets(tmp_path: Path, *blocks: H | P | str) -> list[ProseTarget]:
    spec = [P(b) if isinstance(b, str) else b for b in blocks]
    path = txt.write(Plan([H("一、总体要求"), *spec]), tmp_path / "plan.txt")
    return extract_prose_targets(read_document(path))


def brief(found: list[ProseTarget]) -> list[tuple[object, ...]]:
    return [(t.indicator, t.value, t.unit, t.year, t.kind) for t in found]


def test_an_increment_and_a_level_in_one_clause(tmp_path: Path) -> None:
    found = targets(
        tmp_path, TASKS, "到2025年，研发经费投入强度年均提高0.3个百分点以上，达到2.8%。"
    )
    assert brief(found) == [
        ("研发经费投入强度", 0.3, "个百分点", 2025, "increment"),
        ("研发经费投入强度", 2.8, "%", 2025, "level"),
    ]
    assert found[0].qualifier == "以上" and found[0].change == "up"


def test_a_part_of_the_whole(tmp_path: Path) -> None:
    found = targets(
        tmp_path, TASKS, "到2025年，装备制造业规模突破2000亿元，其中高端装备占比超过40%。"
    )
    assert brief(found) == [
        ("装备制造业规模", 2000, "亿元", 2025, "level"),
        ("高端装备占比", 40, "%", 2025, "level"),
    ]
    assert [t.qualifier for t in found] == ["突破", "超过"]


def test_target_and_stretch(tmp_path: Path) -> None:
    found = targets(tmp_path, TASKS, "到2025年，规上工业增加值确保完成350亿元、力争400亿元。")
    assert brief(found) == [("规上工业增加值", 350, "亿元", 2025, "level")]
    assert (found[0].qualifier, found[0].stretch) == ("确保", 400)


def test_floor_target_and_stretch(tmp_path: Path) -> None:
    """突破800、达到900，争创1000: the target is the value the plan aims at (900), the
    floor the one it must pass (800), the stretch the one it strives for (1000)."""
    found = targets(
        tmp_path,
        TASKS,
        "到2025年，全市数字经济核心产业营业收入突破800亿元、达到900亿元，争创1000亿元。",
    )
    assert brief(found) == [("数字经济核心产业营业收入", 900, "亿元", 2025, "level")]
    assert (found[0].floor, found[0].stretch) == (800, 1000)


@pytest.mark.parametrize(
    ("sentence", "low", "high", "unit"),
    [
        ("到2025年，工业增加值年均增长6%—8%。", None, None, "%"),
        ("到2025年，新增工业投资30-40亿元。", 30, 40, "亿元"),
    ],
)
def test_ranges(tmp_path: Path, sentence: str, low: float, high: float, unit: str) -> None:
    [t] = targets(tmp_path, TASKS, sentence)
    assert "6%" not in t.indicator and "—" not in t.indicator
    if t.kind == "growth":
        assert (t.annual_growth, t.growth_high) == (6, 8)
    else:
        assert (t.value, t.value_high, t.unit) == (low, high, unit)


@pytest.mark.parametrize(
    ("sentence", "indicator", "value", "unit", "qualifier"),
    [
        ("到2025年，全市工业总产值突破万亿元。", "工业总产值", 1, "万亿元", "突破"),
        ("到2025年，打造千亿级产业集群。", "产业集群", 1000, "亿元", "级"),
        ("到2025年，新增规上工业企业百家。", "规上工业企业", 100, "家", None),
        ("到2025年，培育专精特新企业三百家。", "专精特新企业", 300, "家", None),
        ("到2025年，新增高新技术企业五十家以上。", "高新技术企业", 50, "家", "以上"),
        ("到2025年，工业投资达到六百亿元。", "工业投资", 600, "亿元", None),
        ("到2025年，规上工业产值达到二千八百亿元。", "规上工业产值", 2800, "亿元", None),
    ],
)
def test_numbers_in_words(
    tmp_path: Path, sentence: str, indicator: str, value: float, unit: str, qualifier: str | None
) -> None:
    [t] = targets(tmp_path, TASKS, sentence)
    assert (t.indicator, t.value, t.unit, t.qualifier) == (indicator, value, unit, qualifier)


def test_relative_targets_keep_the_relation_and_resolve_against_the_table(tmp_path: Path) -> None:
    table = T(
        caption="表1 主要指标",
        rows=[["指标", "单位", "2020年", "2025年"], ["规上工业增加值", "亿元", "100", "160"]],
    )
    plan = Plan([
        H("一、发展目标"),
        P("到2025年，规上工业增加值比2020年增长50%，工业总产值实现翻一番。"),
        table,
        P("到2025年，战略性新兴产业占规上工业比重达到三分之一以上。"),
    ])  # fmt: skip
    ex = extract_plan(txt.write(plan, tmp_path / "plan.txt"))
    found = {t.indicator: t for t in ex.prose_targets}
    va = found["规上工业增加值"]
    assert (va.kind, va.value, va.unit, va.change, va.base_year) == (
        "relative",
        50,
        "%",
        "up",
        2020,
    )
    assert (va.resolved, va.resolved_unit) == (150, "亿元")  # 100 in the table × 1.5
    double = found["工业总产值"]
    assert (double.kind, double.factor, double.resolved) == ("relative", 2, None)  # no base known
    share = found["战略性新兴产业占规上工业比重"]
    assert (share.kind, share.value, share.qualifier) == ("share", pytest.approx(1 / 3), "以上")


def test_several_years_in_one_sentence(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        TASKS,
        "到2025年数字经济核心产业增加值占比达到18%、2027年达到26%，到2035年达到35%。",
    )
    assert [(t.indicator, t.value, t.year) for t in found] == [
        ("数字经济核心产业增加值占比", 18, 2025),
        ("数字经济核心产业增加值占比", 26, 2027),
        ("数字经济核心产业增加值占比", 35, 2035),
    ]


def test_annual_tasks_and_history(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        TASKS,
        "2024年，新增规上工业企业30家，完成工业投资80亿元。",
        "2020年完成产值156亿元。",
        "到2023年，已建成5G基站800个。",
    )
    assert brief(found) == [
        ("规上工业企业", 30, "家", 2024, "annual_task"),
        ("工业投资", 80, "亿元", 2024, "annual_task"),
    ]


def test_year_inferred_in_a_section_about_the_plan_period(tmp_path: Path) -> None:
    found = targets(
        tmp_path, GOALS, "培育二十家以上单项冠军企业。", "工业互联网平台普及率达到70%。"
    )
    assert [(t.indicator, t.value, t.year, t.year_inferred) for t in found] == [
        ("单项冠军企业", 20, 2025, True),
        ("工业互联网平台普及率", 70, 2025, True),
    ]
    stated = targets(tmp_path, GOALS, "到2025年，工业互联网平台普及率达到70%。")
    assert [t.year_inferred for t in stated] == [False]


def test_lead_sentence_year_carries_to_the_bullets(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        TASKS,
        "到2025年，主要目标是：",
        "——规上工业增加值达到300亿元；",
        "——规上工业企业达到500家。",
        H("四、保障措施"),
        "规上工业企业达到600家。",
    )
    assert [(t.indicator, t.value, t.year, t.year_inferred) for t in found] == [
        ("规上工业增加值", 300, 2025, False),  # the lead sentence's year, not a guess
        ("规上工业企业", 500, 2025, False),
    ]


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_traditional_script_and_full_width_forms(tmp_path: Path, fmt: str) -> None:
    sentence = "到２０２５年，規上工業增加值突破２００億元，年均增長６％左右。"
    plan = Plan([H("一、發展目標"), P(sentence)])
    path = tmp_path / f"plan.{fmt}"
    txt.write(plan, path) if fmt == "txt" else docx.render(plan, path)
    [t] = extract_plan(path).prose_targets
    assert (t.indicator, t.value, t.unit, t.year, t.annual_growth) == (
        "规上工业增加值", 200, "亿元", 2025, 6,
    )  # fmt: skip
    assert t.evidence == sentence  # as the plan writes it


def test_names_are_clean(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        TASKS,
        "到2025年，全市规上工业增加值率到2025年达到30%，力争工业投资达到60亿元。",
    )
    for t in found:
        assert not any(w in t.indicator for w in ("达到", "突破", "到2025年", "，", "力争"))


def test_targets_in_brackets(tmp_path: Path) -> None:
    found = targets(
        tmp_path, TASKS, "推进园区提质扩容（到2025年建成标准厂房12个，新增入驻企业350家）。"
    )
    assert brief(found) == [
        ("标准厂房", 12, "个", 2025, "level"),
        ("入驻企业", 350, "家", 2025, "increment"),
    ]
    notes = targets(tmp_path, TASKS, "到2025年，工业投资达到60亿元（2020年为40亿元）。")
    assert brief(notes) == [("工业投资", 60, "亿元", 2025, "level")]


def test_intensity_units_and_ceilings(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        TASKS,
        "到2025年，单位工业增加值用水量控制在18立方米/万元以内，"
        "单位工业增加值电耗下降到800千瓦时/万元。",
    )
    assert [(t.indicator, t.value, t.unit, t.qualifier) for t in found] == [
        ("单位工业增加值用水量", 18, "立方米/万元", "以内"),
        ("单位工业增加值电耗", 800, "千瓦时/万元", None),
    ]


def test_strive_governs_its_own_clause(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        TASKS,
        "到2030年，数字经济核心产业增加值力争达到300亿元，单位工业增加值能耗比2025年下降15%。",
    )
    assert [(t.indicator, t.qualifier) for t in found] == [
        ("数字经济核心产业增加值", "力争"),
        ("单位工业增加值能耗", None),
    ]


def test_the_next_sentence_keeps_the_paragraph_year(tmp_path: Path) -> None:
    found = targets(tmp_path, TASKS, "到2025年，规上工业增加值达到200亿元。规上工业企业达到500家。")
    assert [(t.indicator, t.year, t.year_inferred) for t in found] == [
        ("规上工业增加值", 2025, False),
        ("规上工业企业", 2025, False),
    ]


@pytest.mark.parametrize(
    "sentence",
    ["截至2023年底，累计建成标准厂房120万平方米。", "全县已累计培育专精特新企业50家。"],
)
def test_cumulative_history_is_never_a_target(tmp_path: Path, sentence: str) -> None:
    assert targets(tmp_path, TASKS, sentence) == []
