"""Project admission: verdicts at the tolerance boundary, the most specific standard,
the ratio-of-sums effect of one project, the links it fills, the land balance."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from planwatch.chains.admission import judge, tax_per_mu_with
from planwatch.chains.checks import check_projects
from planwatch.chains.measures import population_totals
from planwatch.models.chains import ChainFile, ProjectIn, ProjectsFile, StandardsFile

STANDARDS = StandardsFile.model_validate({"standards": [
    {"industry_prefix": "*", "min_investment_per_mu": 200},
    {"industry_prefix": "34", "min_investment_per_mu": 300, "min_output_per_mu": 500,
     "min_tax_per_mu": 25},
    {"industry_prefix": "3484", "min_investment_per_mu": 400, "min_tax_per_mu": 40,
     "max_energy_per_value_added": 0.2},
]})  # fmt: skip


def project(**kw: object) -> ProjectIn:
    base: dict[str, object] = {"name": "甲项目", "industry_code": "3421", "land_mu": 50,
                               "investment": 20000, "output": 30000, "tax": 1500}  # fmt: skip
    return ProjectIn.model_validate({**base, **kw})


def test_all_criteria_met_is_admitted() -> None:
    verdict, standard, failed = judge(project(), STANDARDS)
    # 400 万元/亩 ≥ 300, 600 ≥ 500, 30 ≥ 25
    assert (verdict, standard.industry_prefix if standard else None, failed) == ("admit", "34", [])


@pytest.mark.parametrize(
    ("tax", "verdict", "shortfall"),
    [
        (1250, "admit", None),  # exactly 25 万元/亩
        (1150, "conditional", 0.08),  # 23: 8 % short, within 10 %
        (1125, "conditional", 0.10),  # 22.5: exactly 10 % short
        (1100, "reject", 0.12),  # 22: 12 % short
    ],
)
def test_tolerance_boundary(tax: float, verdict: str, shortfall: float | None) -> None:
    got, _, failed = judge(project(tax=tax), STANDARDS)
    assert got == verdict
    if shortfall is None:
        assert failed == []
    else:
        (f,) = failed
        assert (f.criterion, f.required) == ("min_tax_per_mu", 25)
        assert f.actual == pytest.approx(tax / 50)
        assert f.shortfall == pytest.approx(shortfall)


def test_the_most_specific_prefix_applies_and_maxima_are_maxima() -> None:
    verdict, standard, failed = judge(
        project(industry_code="C3484", tax=2500, energy_tce=900, value_added=3000), STANDARDS
    )
    assert standard is not None and standard.industry_prefix == "3484"
    # investment 400 ≥ 400; tax 50 ≥ 40; energy 0.3 t/万元 > 0.2: 50 % over
    assert [(f.criterion, f.shortfall) for f in failed] == [
        ("max_energy_per_value_added", pytest.approx(0.5))
    ]
    assert verdict == "reject"


def test_the_default_standard_and_no_standard() -> None:
    verdict, standard, failed = judge(project(industry_code="2614", investment=5000), STANDARDS)
    assert standard is not None and standard.industry_prefix == "*"
    assert verdict == "reject" and failed[0].actual == 100  # 100 万元/亩 against 200
    only_34 = StandardsFile.model_validate({"standards": [{"industry_prefix": "34"}]})
    assert judge(project(industry_code="2614"), only_34) == ("conditional", None, [])


def test_a_figure_the_project_does_not_give_makes_it_conditional() -> None:
    verdict, _, failed = judge(project(tax=None), STANDARDS)
    assert verdict == "conditional"
    assert [(f.criterion, f.actual, f.shortfall) for f in failed] == [
        ("min_tax_per_mu", None, None)
    ]


def test_ratio_of_sums_effect_of_one_project() -> None:
    # the county: 100 万元 of tax on 10 亩 (10 万元/亩); the project: 300 on 10 → 400 / 20
    assert tax_per_mu_with(100.0, 10.0, project(land_mu=10, tax=300)) == pytest.approx(20.0)
    population = pl.DataFrame({"tax": [60.0, 40.0, 5.0], "land_mu": [6.0, 4.0, 0.0]})
    report = check_projects(ProjectsFile(projects=[project(land_mu=10, tax=300)]), STANDARDS,
                            totals=population_totals(population))  # fmt: skip
    p = report.projects[0]
    # the firm without land counts in neither sum
    assert (p.tax_per_mu_before, p.tax_per_mu_after) == (pytest.approx(10.0), pytest.approx(20.0))


def test_links_filled_and_land_balance() -> None:
    chains = ChainFile.model_validate({"chains": [{"name": "装备", "segments": {
        "上游": [{"link": "零部件", "codes": ["3484"], "keywords": ["轴承"]}],
        "中游": [{"link": "整机", "codes": ["34"]}],
    }}]})  # fmt: skip
    projects = ProjectsFile(projects=[
        project(name="甲", industry_code="3484", land_mu=40, investment=16000, tax=1600,
                output=24000, energy_tce=100, value_added=1000),
        project(name="乙", industry_code="2614", land_mu=30, investment=3000, products="轴承钢"),
        project(name="丙", land_mu=20, tax=460),
    ])  # fmt: skip
    report = check_projects(projects, STANDARDS, chains=chains, forecast_land=100.0)
    verdicts = {p.name: p.verdict for p in report.projects}
    assert verdicts == {"甲": "admit", "乙": "reject", "丙": "conditional"}
    links = {p.name: [(x.link, x.gap) for x in p.links] for p in report.projects}
    assert links == {"甲": [("零部件", None), ("整机", None)], "乙": [("零部件", None)],
                     "丙": [("整机", None)]}  # fmt: skip
    land = report.land
    assert (land.admitted_land, land.conditional_land, land.remaining) == (40, 20, 40)


def test_a_sheet_year_that_is_not_whole_is_refused(tmp_path: Path) -> None:
    """2025.5 is no year: the row is refused, not read as 2025."""
    from planwatch.chains.project_sheet import read_project_sheet
    from planwatch.errors import InputError

    sheet = tmp_path / "p.csv"
    sheet.write_text("项目名称,行业代码,用地面积,总投资,达产年份\n甲,3484,50,100,2025.5\n"
                     "乙,3484,40,100,2026\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as caught:
        read_project_sheet(sheet)
    assert str(caught.value) == f"{sheet}: row 2, 达产年份: '2025.5' is not a year"
    assert caught.value.text("zh") == f"{sheet}：第2行，达产年份列：“2025.5”不是年份"
