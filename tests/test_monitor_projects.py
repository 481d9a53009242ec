"""Key-project investment completion, by hand."""

from __future__ import annotations

import pytest

from planwatch.models.projects import ProjectTrack
from planwatch.monitor.projects import project_standing, totals


def test_completion_and_schedule() -> None:
    p = ProjectTrack(name="甲项目", type="制造业", period_start=2021, period_end=2023,
                     total_investment=150000, plan_investment=120000, money_unit="万元",
                     invested={2021: 30000, 2022: 50000, 2024: 10000})  # fmt: skip
    s = project_standing(p, 2023)
    assert s.invested == 80000 and s.completion == pytest.approx(80000 / 120000)
    assert s.expected_completion == 1.0 and not s.behind_schedule  # ends in 2023: not passed
    later = project_standing(p, 2024)
    assert later.invested == 90000 and later.behind_schedule  # 2023 ended, 75 % done
    no_plan_figure = project_standing(p.model_copy(update={"plan_investment": None}), 2022)
    assert no_plan_figure.planned == 150000  # the total stands in
    assert no_plan_figure.expected_completion == pytest.approx(2 / 3)


def test_totals_are_ratios_of_sums_in_wan_yuan() -> None:
    a = ProjectTrack(name="甲", type="制造业", responsible_unit="经信局", money_unit="万元",
                     plan_investment=100000, invested={2022: 50000})  # fmt: skip
    b = ProjectTrack(name="乙", type="制造业", responsible_unit="发改局", money_unit="亿元",
                     plan_investment=2, invested={2022: 0.5})  # fmt: skip
    rows = [project_standing(x, 2022) for x in (a, b)]
    (by_type,) = totals(rows, "type")
    assert (by_type.planned, by_type.invested) == (120000, 55000)
    assert by_type.completion == pytest.approx(55000 / 120000)  # not the mean of 50 % and 25 %
    assert {t.key for t in totals(rows, "responsible_unit")} == {"经信局", "发改局"}
