"""Chain maps: assignment, figures, gap classes at their boundaries, investment
targets, plan targets; every expected figure worked out by hand."""

from __future__ import annotations

import polars as pl
import pytest

from planwatch.chains.assign import assign, link_refs
from planwatch.chains.gaps import ChainNumbers, LinkNumbers, classify
from planwatch.chains.maps import build_map
from planwatch.chains.plan_targets import core, plan_targets
from planwatch.models.chains import ChainFile, GapRules, StandardsFile
from planwatch.models.extract import Indicator, PlanExtract, ProseTarget

CHAINS = ChainFile.model_validate(
    {
        "chains": [
            {
                "name": "现代装备",
                "segments": {
                    "上游": [{"link": "基础零部件", "codes": ["3481", "3484"],
                              "keywords": ["轴承", "齿轮"]}],
                    "中游": [{"link": "通用设备整机", "codes": ["34"]}],
                    "下游": [{"link": "维修与服务", "codes": ["4343"]},
                             {"link": "回收再制造", "codes": ["4210"]}],
                },
                "leaders": ["LEADER"],
                "target": {"year": 2025, "output": 0.1, "unit": "亿元"},
            }
        ]
    }
)  # fmt: skip

# code, products, output, tax, land, value added, above scale, labels
FIRMS = [
    ("A", "C3484", "轴承", 600.0, 30.0, 10.0, 150.0, True, ["专精特新"]),
    ("B", "3311", "齿轮箱、钢结构", 100.0, 2.0, 4.0, 20.0, False, []),
    ("C", "C34", None, 200.0, 8.0, 4.0, 40.0, True, ["高新技术企业", "专精特新"]),
    ("D", "3421", "数控机床", 200.0, 10.0, 2.0, 50.0, True, []),
    ("E", "4343", "设备维修", 20.0, 0.5, 5.0, 5.0, False, []),
    ("F", "2614", "化工原料", 880.0, 50.0, 20.0, 200.0, True, ["上市"]),
]


def firms() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"credit_code": "LEADER" if c == "A" else c, "name": f"企业{c}", "year": 2023,
             "industry_code": code, "products": products, "business_scope": None,
             "output": output, "tax": tax, "land_mu": land, "value_added": va,
             "above_scale": above, "labels": labels, "synthetic": False}
            for c, code, products, output, tax, land, va, above, labels in FIRMS
        ],
        schema_overrides={"labels": pl.List(pl.String), "business_scope": pl.String},
    )  # fmt: skip


def test_assignment_by_code_prefix_keyword_and_several_links() -> None:
    refs = link_refs(CHAINS)
    got = assign(firms(), refs).described()
    names = {r.id: r.link for r in refs}
    pairs = {(FIRMS[row][0], names[link], how) for row, link, how in
             got.select("row", "link_id", "matched_by").iter_rows()}  # fmt: skip
    assert pairs == {
        ("A", "基础零部件", "code 3484 + keyword 轴承"),  # class code and product
        ("B", "基础零部件", "keyword 齿轮"),  # another industry, by its products
        ("A", "通用设备整机", "code 34"),  # a firm may serve several links
        ("C", "通用设备整机", "code 34"),  # a division-only code cannot reach 3484
        ("D", "通用设备整机", "code 34"),
        ("E", "维修与服务", "code 4343"),
    }


def test_the_longest_matching_code_is_the_one_named() -> None:
    chains = ChainFile.model_validate(
        {"chains": [{"name": "链", "segments": {"上游": [{"link": "x", "codes": ["34", "3484"]}]}}]}
    )
    got = assign(firms(), link_refs(chains)).pairs().sort("row")
    assert dict(zip(got["row"].to_list(), got["code"].to_list(), strict=True)) == {
        0: "3484",
        2: "34",
        3: "34",
    }


def test_link_and_chain_figures_are_ratios_of_sums_and_count_each_firm_once() -> None:
    report = build_map(firms(), CHAINS).report
    chain = report.chains[0]
    # A, B, C, D, E: A counted once although it serves two links
    assert chain.enterprises == 5
    assert chain.output == pytest.approx(600 + 100 + 200 + 200 + 20)
    assert chain.tax_per_mu == pytest.approx((30 + 2 + 8 + 10 + 0.5) / (10 + 4 + 4 + 2 + 5))
    assert report.county_output == pytest.approx(2000.0)
    assert chain.county_share == pytest.approx(1120 / 2000)
    parts = {x.link: x for x in chain.links}
    base = parts["基础零部件"]
    assert (base.enterprises, base.above_scale, base.output) == (2, 1, 700.0)
    assert base.tax_per_mu == pytest.approx(32 / 14)
    assert base.value_added_per_mu == pytest.approx(170 / 14)
    assert (base.matched_by_code, base.matched_by_keyword) == (1, 2)
    assert base.labels == {"专精特新": 1}
    assert base.leaders == ["企业A"]
    whole = parts["通用设备整机"]
    assert whole.output == pytest.approx(1000.0)
    assert whole.labels == {"专精特新": 2, "高新技术企业": 1}
    assert whole.share == pytest.approx(1000 / 1120)
    # target 0.1 亿元 = 1000 万元 is below the chain's 1120: nothing left to reach
    assert chain.target_gap == 0.0
    assert chain.leaders == ["企业A"]


def test_gap_classes_of_the_map() -> None:
    report = build_map(firms(), CHAINS).report
    gaps = {x.link: x.gap for x in report.chains[0].links}
    # 维修与服务: 20/1120 = 1.8 % < 5 % → weak; 回收再制造: nobody → missing;
    # 通用设备整机: 89 % of output, 亩均税收 28/10 = 2.8 ≥ the chain's 2.02 → strong;
    # 基础零部件: 62.5 %, 2.29 ≥ 2.02 → strong
    assert gaps == {"基础零部件": "strong", "通用设备整机": "strong", "维修与服务": "weak",
                    "回收再制造": "missing"}  # fmt: skip


RULES = GapRules(weak_share=0.05, inefficient_ratio=0.5, strong_share=0.2)
CHAIN = ChainNumbers(output=1000.0, tax_per_mu=10.0)


@pytest.mark.parametrize(
    ("link", "gap"),
    [
        (LinkNumbers(0, 0, 0.0, None), "missing"),
        (LinkNumbers(3, 1, 49.99, 10.0), "weak"),  # 4.999 % of the chain
        (LinkNumbers(3, 1, 50.0, 10.0), "none"),  # exactly 5 %: not weak
        (LinkNumbers(3, 0, 500.0, 20.0), "weak"),  # big, but no firm above scale
        (LinkNumbers(3, 1, 100.0, 4.99), "inefficient"),  # 49.9 % of the chain's 亩均税收
        (LinkNumbers(3, 1, 100.0, 5.0), "none"),  # exactly half: not inefficient
        (LinkNumbers(3, 1, 200.0, 10.0), "strong"),  # exactly 20 % and the chain's 亩均税收
        (LinkNumbers(3, 1, 199.99, 10.0), "none"),
        (LinkNumbers(3, 1, 600.0, 9.99), "none"),  # big but below the chain's 亩均税收
        (LinkNumbers(3, 1, 300.0, None), "none"),  # no land: efficiency unknown
    ],
)
def test_gap_class_boundaries(link: LinkNumbers, gap: str) -> None:
    got, reasons = classify(link, CHAIN, RULES)
    assert got == gap
    assert bool(reasons) == (gap != "none")


def test_reasons_carry_the_numbers() -> None:
    _, reasons = classify(LinkNumbers(3, 1, 100.0, 4.0), CHAIN, RULES)
    assert reasons == ["亩均税收 4.00 万元/亩，为全链 10.00 的 40.0%，低于 50.0%"]


def test_investment_targets_take_the_strictest_standard_of_the_links_codes() -> None:
    standards = StandardsFile.model_validate({"standards": [
        {"industry_prefix": "*", "min_investment_per_mu": 200, "min_tax_per_mu": 15},
        {"industry_prefix": "43", "min_investment_per_mu": 250, "min_tax_per_mu": 20},
        {"industry_prefix": "421", "min_investment_per_mu": 350, "min_tax_per_mu": 30},
    ]})  # fmt: skip
    chains = CHAINS.model_copy(deep=True)
    chains.chains[0].target.output = 0.2  # type: ignore[union-attr]  # 2000 万元
    report = build_map(firms(), chains, standards=standards).report
    targets = {t.link: t for t in report.targets}
    assert set(targets) == {"维修与服务", "回收再制造"}
    assert (targets["维修与服务"].standard, targets["维修与服务"].min_tax_per_mu) == ("43", 20)
    assert targets["回收再制造"].min_investment_per_mu == 350
    assert targets["回收再制造"].output_needed == pytest.approx(2000 - 1120)


def test_year_rows_and_missing_year() -> None:
    two = pl.concat([firms(), firms().with_columns(pl.lit(2024, pl.Int64).alias("year"))])
    assert build_map(two, CHAINS).report.year == 2024
    assert build_map(two, CHAINS, year=2023).report.enterprises == 6
    from planwatch.errors import ArgumentError

    with pytest.raises(ArgumentError, match="no rows for it"):
        build_map(two, CHAINS, year=2019)


def test_grades_give_the_ab_share() -> None:
    results = pl.DataFrame({"credit_code": ["LEADER", "B", "C"], "grade": ["A", "C", "B"]})
    report = build_map(firms(), CHAINS, results=results).report
    parts = {x.link: x for x in report.chains[0].links}
    assert parts["基础零部件"].ab_share == pytest.approx(0.5)  # A: A, B: C
    assert parts["通用设备整机"].ab_share == pytest.approx(1.0)  # A, C graded; D not
    assert parts["维修与服务"].ab_share is None


def test_plan_targets_from_tables_and_prose() -> None:
    assert core("现代装备产业集群") == "现代装备"
    plan = PlanExtract.model_validate({
        "document": "x", "source_file": "x.txt", "format": "txt",
        "indicators": [
            Indicator(name="产值", subject="现代装备产业", unit="亿元", target=300,
                      target_year=2025).model_dump(),
            Indicator(name="企业数", subject="现代装备", unit="家", target=30,
                      target_year=2025).model_dump(),
        ],
        "prose_targets": [
            ProseTarget(indicator="健康医疗产业产值", value=80, unit="亿元", year=2025,
                        evidence="到2025年，健康医疗产业产值达到80亿元").model_dump(),
        ],
    })  # fmt: skip
    got = plan_targets(plan, ["现代装备", "健康医疗", "新材料"])
    assert {k: (v.output, v.unit, v.year) for k, v in got.items()} == {
        "现代装备": (300, "亿元", 2025),
        "健康医疗": (80, "亿元", 2025),
    }


def _naive(frame: pl.DataFrame, chains: ChainFile) -> dict[tuple[str, str | None], tuple]:  # type: ignore[type-arg]
    """Membership firm by firm and link by link in plain Python, and the sums: what the
    per-code arithmetic of `measures` must reproduce."""
    out: dict[tuple[str, str | None], tuple] = {}  # type: ignore[type-arg]
    firms_ = frame.to_dicts()
    for chain in chains.chains:
        members: set[int] = set()
        for _, link in chain.links():
            codes = [c[-4:] if c[0].isalpha() else c for c in link.codes]
            on = []
            for i, f in enumerate(firms_):
                digits = f["industry_code"].lstrip("ABCDabcd")
                text = " ".join(t for t in (f["products"], f["business_scope"]) if t)
                if any(digits.startswith(c) for c in codes) or any(
                    k in text for k in link.keywords
                ):
                    on.append(i)
            members |= set(on)
            out[(chain.name, link.link)] = _sums_of([firms_[i] for i in on])
        out[(chain.name, None)] = _sums_of([firms_[i] for i in members])
    return out


def _sums_of(rows: list[dict]) -> tuple:  # type: ignore[type-arg]
    labelled = sum(1 for r in rows if "专精特新" in (r["labels"] or []))
    return (len(rows), sum(1 for r in rows if r["above_scale"]),
            round(sum(r["output"] or 0 for r in rows), 4),
            round(sum(r["land_mu"] or 0 for r in rows), 4), labelled)  # fmt: skip


@pytest.mark.parametrize("example", ["equipment", "medical", "smart_home"])
def test_figures_agree_with_firm_by_firm_membership(example: str) -> None:
    from planwatch.chains.files import read_chains
    from planwatch.permu.synth import synth_enterprises

    frame = synth_enterprises(1500, seed=11)
    # text in the business scope too, and firms of other industries naming products
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) % 7 == 0).then(pl.lit("销售轴承、传感器、医用敷料"))
        .otherwise(None).alias("business_scope")
    )  # fmt: skip
    chains = read_chains(example)
    report = build_map(frame, chains).report
    want = _naive(frame, chains)
    for chain in report.chains:
        got = (chain.enterprises, chain.above_scale, round(chain.output, 4),
               round(chain.land_mu, 4))  # fmt: skip
        assert got == want[(chain.name, None)][:4]
        for link in chain.links:
            got_link = (link.enterprises, link.above_scale, round(link.output, 4),
                        round(link.land_mu, 4), link.labels.get("专精特新", 0))  # fmt: skip
            assert got_link == want[(chain.name, link.link)], link.link
    pairs = sum(v[0] for k, v in want.items() if k[1] is not None)
    assert report.assignments == pairs
