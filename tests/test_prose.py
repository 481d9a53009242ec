"""Targets stated in sentences, on plans the tests write themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.ingest import read_document
from planwatch.ingest.extractors.prose import extract_prose_targets, paragraph_targets
from planwatch.ingest.extractors.prose_context import Section
from planwatch.models import ProseTarget
from tests.writers import txt
from tests.writers.spec import H, P, Plan

TASKS = H("三、主要任务")
GOALS = H("（三）发展目标")
REVIEW = H("（一）发展基础")


def targets(tmp_path: Path, *blocks: H | P | str) -> list[ProseTarget]:
    spec = [P(b) if isinstance(b, str) else b for b in blocks]
    path = txt.write(Plan([H("一、总体要求"), *spec]), tmp_path / "plan.txt")
    return extract_prose_targets(read_document(path))


def one(tmp_path: Path, *blocks: H | P | str) -> ProseTarget:
    found = targets(tmp_path, *blocks)
    assert len(found) == 1, [(t.indicator, t.value) for t in found]
    return found[0]


def brief(found: list[ProseTarget]) -> list[tuple[object, ...]]:
    return [(t.subject, t.indicator, t.value, t.unit) for t in found]


def test_level_with_growth_and_qualifiers(tmp_path: Path) -> None:
    sentence = "到2025年，规上工业增加值突破200亿元，年均增速6%左右。"
    t = one(tmp_path, TASKS, sentence)
    assert (t.indicator, t.value, t.unit, t.year) == ("规上工业增加值", 200, "亿元", 2025)
    assert (t.qualifier, t.verb, t.kind) == ("突破", "突破", "level")
    assert (t.annual_growth, t.growth_qualifier, t.growth_text) == (6, "左右", "6%左右")
    assert (t.evidence, t.year_text, t.value_text) == (sentence, "到2025年", "200亿元")
    assert t.source.line == 3
    assert t.section == "主要任务"


def test_suffix_qualifier_wins_over_the_modal(tmp_path: Path) -> None:
    t = one(tmp_path, TASKS, "力争到2025年规上工业总产值达到1000亿元以上。")
    assert (t.indicator, t.value, t.qualifier, t.modal) == ("规上工业总产值", 1000, "以上", "力争")
    t = one(tmp_path, TASKS, "力争到2025年，工业投资达到60亿元。")
    assert (t.qualifier, t.modal) == ("力争", "力争")


@pytest.mark.parametrize(
    ("phrase", "year"),
    [
        ("到2025年", 2025),
        ("至2025年", 2025),
        ("2025年", 2025),
        ("到“十四五”末", 2025),
        ("“十四五”期末", 2025),
        ("到“十四五”期间末", 2025),
        ("到2035年", 2035),
        ("到2022年", 2022),
        ("到二〇二五年", 2025),
        ("到２０２５年", 2025),
    ],
)
def test_year_phrases(tmp_path: Path, phrase: str, year: int) -> None:
    t = one(tmp_path, TASKS, f"{phrase}，全县规上工业企业达到300家。")
    assert (t.indicator, t.value, t.unit, t.year) == ("规上工业企业", 300, "家", year)


def test_clauses_and_sentences_inherit_the_year(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        TASKS,
        "到2023年，工业投资达到40亿元；到2025年，工业投资达到60亿元，技改投资达到30亿元。"
        "其中，数字化改造投资达到10亿元。",
    )
    assert [(t.indicator, t.value, t.year) for t in found] == [
        ("工业投资", 40, 2023),
        ("工业投资", 60, 2025),
        ("技改投资", 30, 2025),
        ("数字化改造投资", 10, 2025),
    ]


def test_goal_section_gives_the_plan_end_year(tmp_path: Path) -> None:
    t = one(tmp_path, GOALS, "——产业规模：规模以上工业增加值突破200亿元，年均增速6%左右。")
    assert (t.indicator, t.value, t.year, t.year_text) == ("规模以上工业增加值", 200, 2025, "")


def test_year_less_sentence_elsewhere_is_skipped(tmp_path: Path) -> None:
    assert targets(tmp_path, H("四、保障措施"), "全县规上工业企业达到300家。") == []
    # under a 主要任务 heading it is for the plan's end year, inferred
    t = one(tmp_path, TASKS, "全县规上工业企业达到300家。")
    assert (t.year, t.year_inferred) == (2025, True)


def test_year_less_aim_keeps_no_year(tmp_path: Path) -> None:
    t = one(tmp_path, TASKS, "深化融资畅通工程，力争新增规上工业企业突破50家。")
    assert (t.indicator, t.value, t.year, t.modal, t.verb, t.kind, t.qualifier) == (
        "规上工业企业",
        50,
        2025,  # inferred: a task of the plan period
        "力争",
        "新增",
        "increment",
        "突破",
    )
    t = one(tmp_path, TASKS, "确保每年新增制造业贷款5亿元以上。")
    assert (t.indicator, t.year, t.year_text, t.modal) == ("制造业贷款", None, "每年", "确保")


def test_plan_period_comes_from_the_plan(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        "本规划期为2026—2030年。",
        GOALS,
        "规上工业增加值突破300亿元。",
        "2025年，规上工业增加值达到200亿元。",
    )
    assert [(t.value, t.year) for t in found] == [(300, 2030)]


def test_respectively_with_subjects(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        TASKS,
        "到2025年，新材料、生物医药、装备制造产业分别实现规上产值150亿元、120亿元和80亿元。",
    )
    assert brief(found) == [
        ("新材料", "规上产值", 150, "亿元"),
        ("生物医药", "规上产值", 120, "亿元"),
        ("装备制造", "规上产值", 80, "亿元"),
    ]


def test_respectively_collective_word_before_the_indicator(tmp_path: Path) -> None:
    """…和生物医药产业产值分别: 产业 belongs to every item, not only the last."""
    found = targets(
        tmp_path,
        TASKS,
        "到2025年，新一代信息技术、高端装备和生物医药产业产值分别达到1200亿元、800亿元、500亿元以上。",
    )
    assert brief(found) == [
        ("新一代信息技术", "产值", 1200, "亿元"),
        ("高端装备", "产值", 800, "亿元"),
        ("生物医药", "产值", 500, "亿元"),
    ]
    assert found[-1].qualifier == "以上"


def test_respectively_subject_and_indicator_in_one_item(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        TASKS,
        "到2025年，东区、西区工业用地总面积分别达到1万亩和1.2万亩，规上工业总产值分别达到100亿、600亿。",
    )
    assert brief(found) == [
        ("东区", "工业用地总面积", 1, "万亩"),
        ("西区", "工业用地总面积", 1.2, "万亩"),
        ("东区", "规上工业总产值", 100, "亿"),
        ("西区", "规上工业总产值", 600, "亿"),
    ]


def test_respectively_over_indicators(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        TASKS,
        "到2025年，规上工业增加值、规上工业总产值分别达到150、600亿元。",
        "到2025年，工业投资、技改投资分别增长30%和50%。",
    )
    assert brief(found) == [
        (None, "规上工业增加值", 150, "亿元"),
        (None, "规上工业总产值", 600, "亿元"),
        (None, "工业投资", 30, "%"),
        (None, "技改投资", 50, "%"),
    ]
    assert [(t.kind, t.change) for t in found] == [
        ("level", None), ("level", None), ("relative", "up"), ("relative", "up")
    ]  # fmt: skip


def test_respectively_count_mismatch_is_skipped(tmp_path: Path) -> None:
    assert targets(tmp_path, TASKS, "到2025年，甲、乙、丙产业分别达到100亿元和50亿元。") == []


def test_ensure_and_strive_pair(tmp_path: Path) -> None:
    t = one(tmp_path, TASKS, "到2025年，全县规上工业总产值确保实现800亿元、力争1000亿元。")
    assert (t.indicator, t.value, t.qualifier, t.modal, t.stretch) == (
        "规上工业总产值",
        800,
        "确保",
        "确保",
        1000,
    )
    t = one(tmp_path, TASKS, "到2025年，规上工业总产值达到800亿元，力争突破1000亿元。")
    assert (t.value, t.stretch) == (800, 1000)
    t = one(tmp_path, TASKS, "到2025年，规上工业总产值达到800亿元（力争1000亿元）。")
    assert (t.value, t.stretch) == (800, 1000)


def test_counts(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        TASKS,
        "到2025年，新增规上工业企业50家，培育国家级专精特新‘小巨人’企业5家以上，"
        "累计引进亿元以上项目30个，新增5-8家公共创新平台。",
    )
    assert brief(found) == [
        (None, "规上工业企业", 50, "家"),
        (None, "国家级专精特新‘小巨人’企业", 5, "家"),
        (None, "亿元以上项目", 30, "个"),
        (None, "公共创新平台", 5, "家"),
    ]
    new, little, projects, platforms = found
    assert (new.kind, new.change, new.verb) == ("increment", "up", "新增")
    assert (little.qualifier, little.verb) == ("以上", "培育")
    assert projects.cumulative and not new.cumulative
    assert platforms.value_high == 8


def test_count_before_noun_and_listed_items(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        TASKS,
        "到2025年，打造3个百亿产业，3个百亿乡镇。实现规上工业企业300家，其中亿级企业70家、十亿级企业20家。",
    )
    assert brief(found) == [
        (None, "百亿产业", 3, "个"),
        (None, "百亿乡镇", 3, "个"),
        (None, "规上工业企业", 300, "家"),
        (None, "亿级企业", 70, "家"),
        (None, "十亿级企业", 20, "家"),
    ]


def test_values_inside_a_noun_are_not_targets(tmp_path: Path) -> None:
    found = targets(tmp_path, TASKS, "到2025年，10亿元以上企业达到25家，亿元以上企业达到120家。")
    assert brief(found) == [(None, "10亿元以上企业", 25, "家"), (None, "亿元以上企业", 120, "家")]


def test_per_mu_and_labour_productivity(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        TASKS,
        "到2025年，规上工业亩均税收达到35万元/亩，全员劳动生产率达到30万元/人·年，"
        "亩均增加值保持在150万元以上。",
    )
    assert brief(found) == [
        (None, "规上工业亩均税收", 35, "万元/亩"),
        (None, "全员劳动生产率", 30, "万元/人·年"),
        (None, "亩均增加值", 150, "万元"),
    ]
    assert found[2].verb == "保持在"


def test_rates_declines_and_points(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        TASKS,
        "到2025年，研发经费投入强度达到3%，单位工业增加值能耗比2020年下降15%，"
        "数字经济核心产业增加值占GDP比重提高5个百分点，工业总产值年均增长8%以上。",
    )
    assert [(t.indicator, t.value, t.unit, t.kind) for t in found] == [
        ("研发经费投入强度", 3, "%", "level"),
        ("单位工业增加值能耗", 15, "%", "relative"),
        ("数字经济核心产业增加值占GDP比重", 5, "个百分点", "increment"),
        ("工业总产值", None, "", "growth"),
    ]
    assert found[1].base_year == 2020
    assert (found[3].annual_growth, found[3].growth_qualifier) == (8, "以上")


def test_cn_numerals_and_full_width(tmp_path: Path) -> None:
    found = targets(tmp_path, TASKS, "到２０２５年，新增上市企业三家，工业投资达到２００亿元。")
    assert brief(found) == [(None, "上市企业", 3, "家"), (None, "工业投资", 200, "亿元")]


def test_target_in_a_heading(tmp_path: Path) -> None:
    t = one(tmp_path, H("（二）到2025年规上工业产值突破500亿元"), "加快发展。")
    assert (t.indicator, t.value, t.unit, t.year) == ("规上工业产值", 500, "亿元", 2025)


def test_subject_before_an_inner_verb(tmp_path: Path) -> None:
    t = one(tmp_path, TASKS, "到2025年，高端装备产业链实现规上工业总产值100亿元。")
    assert (t.subject, t.indicator, t.verb) == ("高端装备产业链", "规上工业总产值", "实现")


def test_values_without_an_indicator_continue_the_previous_target(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        TASKS,
        "力争到2025年，新增上市企业10家，累计达到30家。",
        "到2022年，规上工业增加值达到150亿元，到2025年达到200亿元。",
        "到2025年，全市工业增加值达到1500亿元，占GDP比重保持在40%左右。",
        "到2025年，工业总产值实现翻番，达到2000亿元。",
    )
    assert [(t.indicator, t.value, t.year, t.cumulative) for t in found] == [
        ("上市企业", 10, 2025, False),
        ("上市企业", 30, 2025, True),
        ("规上工业增加值", 150, 2022, False),
        ("规上工业增加值", 200, 2025, False),
        ("工业增加值", 1500, 2025, False),
        ("工业增加值占GDP比重", 40, 2025, False),
        ("工业总产值", None, 2025, False),  # 实现翻番: relative, a factor of 2
        ("工业总产值", 2000, 2025, False),  # …，达到2000亿元: the level that means
    ]


def test_baseline_in_the_sentence_is_not_the_indicator(tmp_path: Path) -> None:
    sentence = "到2025年，企业研发投入占营业收入比重由2020年的1.8%提高到2.5%以上（力争3%以上）。"
    t = one(tmp_path, TASKS, sentence)
    assert (t.indicator, t.value, t.qualifier, t.base_year) == (
        "企业研发投入占营业收入比重",
        2.5,
        "以上",
        2020,
    )
    assert t.stretch == 3


@pytest.mark.parametrize(
    "sentence",
    [
        "2020年，全县实现规上工业总产值491.2亿元，年均增长2.88%。",
        "“十三五”期间，全县累计新增规上工业企业120家。",
        "规上工业企业达到4556家，较2015年增加587家。",
        "截至2020年底，全县共有规上工业企业157家。",
        "到2020年底，全县规上工业企业达到157家。",
        "2021年10月，全县完成工业投资50亿元。",
        "2021年1-9月，全县规上工业增加值达到80亿元。",
        "2021年上半年，全县规上工业增加值达到40亿元。",
        "全县规上工业增加值同比增长8.5%，达到60亿元。",
        "到2025年，工业投资已完成了50亿元。",
        "到2025年，对新认定的企业给予最高100万元奖励。",
        "到2025年，亩均税收5万元以下低效土地基本出清。",
        "到2025年，建设5G基站2000个以上的目标基本实现。",
        "到2025年，项目总投资50亿元，占地300亩，建成后可实现年产值100亿元。",
        "到2025年，每年安排专项资金1亿元。",
    ],
)
def test_history_and_non_targets(tmp_path: Path, sentence: str) -> None:
    assert targets(tmp_path, TASKS, sentence) == []


def test_review_section_needs_a_future_year(tmp_path: Path) -> None:
    found = targets(
        tmp_path,
        REVIEW,
        "全县规上工业企业达到157家，规上工业增加值突破80亿元。",
        "力争规上工业增加值达到100亿元。",
        "到2025年，规上工业增加值达到120亿元。",
    )
    assert [(t.indicator, t.value) for t in found] == [("规上工业增加值", 120)]


def test_duplicates_are_dropped(tmp_path: Path) -> None:
    sentence = "到2025年，规上工业增加值突破200亿元。"
    assert len(targets(tmp_path, TASKS, sentence, sentence)) == 1


CHARS = "到年力争确保达突破超过新增培育分别和、，。；（）“”%万亿元家个亩以上左右其中累计下降提高"
ALPHABET = [*CHARS, "2025", "2020", "十四五", "规上工业增加值", "200", "1.5", "三"]


@given(st.lists(st.sampled_from(ALPHABET), max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_text_is_read_without_errors(parts: list[str]) -> None:
    found = paragraph_targets("".join(parts), 1, Section(), (2021, 2025))
    assert all(t.indicator and t.evidence for t in found)
