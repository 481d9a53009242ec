"""What a plan says about itself, on covers and openings the tests write themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.ingest import read_document
from planwatch.ingest.extractors.metadata import extract_metadata, parse_date
from planwatch.models import PlanMetadata
from tests.writers import txt
from tests.writers.spec import H, P, Plan

OPENING = (
    "为加快制造业高质量发展，根据《浙江省国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要》，"
    "制定本规划。规划期为2021—2025年，远景展望至2035年。"
)


def meta(tmp_path: Path, *blocks: H | P | str) -> PlanMetadata:
    spec = [P(b) if isinstance(b, str) else b for b in blocks]
    path = txt.write(Plan(spec), tmp_path / "plan.txt")
    return extract_metadata(read_document(path))


def test_cover_with_broken_title_draft_issuer_and_date(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        "温州市瓯海区工业发展",
        "“十四五”规划",
        "（2021-2025年）",
        "（征求意见稿）",
        "温州市瓯海区经济和信息化局",
        "二〇二一年十月",
        H("前  言"),
        OPENING,
        H("一、发展基础"),
        H("（一）主要成就"),
        "正文。",
    )
    assert m.title == "温州市瓯海区工业发展“十四五”规划"
    assert (m.region, m.region_level) == ("瓯海区", "区")
    assert (m.period_start, m.period_end, m.vision_year) == (2021, 2025, 2035)
    assert (m.issuer, m.issue_date, m.draft) == ("温州市瓯海区经济和信息化局", "2021-10", True)
    assert [(o.level, o.numbering, o.text) for o in m.outline] == [
        (1, "", "前言"),
        (1, "一、", "发展基础"),
        (2, "（一）", "主要成就"),
    ]
    assert m.outline[1].line is not None


def test_no_cover_the_opening_names_the_plan(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        "生态工业是强县富民的主引擎。青山县生态工业“十四五”发展规划，根据《浙江省全球先进制造业基地"
        "建设“十四五”规划》等文件制定。规划期限至2025年，展望至2035年。",
        H("一、发展基础"),
        "“十三五”时期是极不平凡的五年。",
    )
    assert m.title == "青山县生态工业“十四五”发展规划"
    assert (m.region, m.region_level) == ("青山县", "县")
    assert (m.period_start, m.period_end, m.vision_year) == (2021, 2025, 2035)
    assert (m.issuer, m.issue_date, m.draft) == ("", "", False)


def test_other_plans_named_mid_sentence_are_not_the_title(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        H("前  言"),
        "坚持走新型工业化道路，落实杭州市“新制造业计划”东江行动方案，制定本规划。"
        "本规划是东江市“十四五”期间的纲领性文件。东江市制造业增幅连续位居杭州各县市区前列。",
        "东江市要做强制造业。东江市要加快转型。",
    )
    assert m.title == ""
    assert (m.region, m.region_level) == ("东江市", "县")
    assert (m.period_start, m.period_end) == (2021, 2025)
    assert m.vision_year is None


def test_sign_off_at_the_end(tmp_path: Path) -> None:
    m = meta(
        tmp_path,
        "金山市工业高质量发展“十四五”规划",
        H("一、总体要求"),
        OPENING,
        "金山市人民政府",
        "2021年10月12日",
    )
    assert m.title == "金山市工业高质量发展“十四五”规划"
    assert (m.region, m.region_level) == ("金山市", "市")
    assert (m.issuer, m.issue_date) == ("金山市人民政府", "2021-10-12")


@pytest.mark.parametrize(
    ("title", "period", "level", "region"),
    [
        ("东湖县工业“十四五”规划", (2021, 2025), "县", "东湖县"),
        ("东湖县工业“十五五”规划", (2026, 2030), "县", "东湖县"),
        ("东湖县工业发展规划（2021—2025年）", (2021, 2025), "县", "东湖县"),
        ("南江省制造业高质量发展“十四五”规划", (2021, 2025), "省", "南江省"),
        ("杭州市东江市制造业发展“十四五”规划", (2021, 2025), "县", "东江市"),
        ("北川羌族自治县工业“十四五”规划", (2021, 2025), "县", "北川羌族自治县"),
    ],
)
def test_period_and_region_from_the_title(
    tmp_path: Path, title: str, period: tuple[int, int], level: str, region: str
) -> None:
    m = meta(tmp_path, title, H("一、总体要求"), "加快发展。")
    assert m.title == title
    assert (m.period_start, m.period_end) == period
    assert (m.region, m.region_level) == (region, level)


def test_county_level_city_said_in_the_text(tmp_path: Path) -> None:
    m = meta(tmp_path, "西岭市工业“十四五”规划", H("一、总体要求"), "西岭市是县级市。")
    assert (m.region, m.region_level) == ("西岭市", "县")


def test_draft_words(tmp_path: Path) -> None:
    for word in ("征求意见稿", "送审稿", "草案", "讨论稿"):
        m = meta(tmp_path, f"东湖县工业“十四五”规划（{word}）", H("一、总体要求"), "正文。")
        assert m.draft, word
        assert m.title.startswith("东湖县工业")
    assert not meta(tmp_path, "东湖县工业“十四五”规划", H("一、总体要求"), "正文。").draft


def test_vision_year_in_the_title(tmp_path: Path) -> None:
    title = "东湖县“十四五”工业发展规划和二〇三五年远景目标"
    m = meta(tmp_path, title, H("一、总体要求"), "正文。")
    assert m.vision_year == 2035


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("二〇二一年十月", "2021-10"),
        ("二〇二一年十二月", "2021-12"),
        ("2021年10月12日", "2021-10-12"),
        ("２０２１年１０月", "2021-10"),
        ("二〇二一年十月十二日", "2021-10-12"),
        ("2021年13月", ""),
        ("2021年10月，全县召开会议", ""),
    ],
)
def test_parse_date(text: str, date: str) -> None:
    assert parse_date(text) == date


def test_empty_document(tmp_path: Path) -> None:
    m = meta(tmp_path, "正文。")
    assert m == PlanMetadata()
