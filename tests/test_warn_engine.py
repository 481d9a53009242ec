"""Early warning: derived measures, rules, hysteresis and missing months, each on a
small panel worked out by hand."""

from __future__ import annotations

import polars as pl
import pytest

from planwatch.models.warn import WarnScheme
from planwatch.warn.engine import evaluate
from planwatch.warn.measures import month_index, month_text


def near(x: float) -> object:
    """Reasons carry values to 4 decimals."""
    return pytest.approx(x, abs=1e-4)


def months(first: str, n: int) -> list[str]:
    return [month_text(month_index(first) + i) for i in range(n)]


def panel(series: dict[str, dict[str, list[float | None]]], first: str = "2022-01",
          **flags: dict[str, list[bool]]) -> pl.DataFrame:  # fmt: skip
    """One row per firm and month where any value is given (None everywhere: not reported)."""
    rows = []
    for code, columns in series.items():
        n = len(next(iter(columns.values())))
        for i, month in enumerate(months(first, n)):
            values = {c: v[i] for c, v in columns.items()}
            if all(v is None for v in values.values()):
                continue
            extra = {k: v[code][i] for k, v in flags.items() if code in v}
            rows.append({"credit_code": code, "name": f"企业{code}", "region": "甲镇",
                         "month": month, **values, **extra})  # fmt: skip
    return pl.DataFrame(rows)


def scheme(rules: list[dict], measures: dict | None = None, **kw: object) -> WarnScheme:  # type: ignore[type-arg]
    return WarnScheme.model_validate({"name": "t", "rules": rules, "measures": measures or {},
                                      **kw})  # fmt: skip


def measure_at(values: list[float | None], kind: str, month: str, first: str = "2022-01",
               **kw: object) -> float | None:  # fmt: skip
    """The measure of one firm at `month`, read back through a rule's reasons."""
    s = scheme([{"name": "r", "when": "x > -100", "level": "red"}],
               {"x": {"of": "output", "kind": kind, **kw}}, hysteresis=1)  # fmt: skip
    run = evaluate(panel({"A": {"output": values}}, first), s, month)
    reasons = [r for r in run.reasons.get("A", []) if r.rule == "r"]
    return reasons[0].values["x"] if reasons else None  # type: ignore[return-value]


def test_year_on_year_across_a_year_boundary() -> None:
    values = [100.0] * 12 + [110.0] * 12  # 2022 at 100 a month, 2023 at 110
    values[12 + 2] = 88.0  # March 2023
    assert measure_at(values, "yoy", "2023-03") == near(-0.12)
    assert measure_at(values, "yoy", "2023-12") == near(0.10)


def test_january_and_february_together() -> None:
    values = [100.0, 40.0] + [100.0] * 10 + [60.0, 90.0]  # the festival moved to February 2022
    # February 2023: (60 + 90) / (100 + 40) − 1, not 90 / 40 − 1
    assert measure_at(values, "yoy", "2023-02") == near(150 / 140 - 1)
    # January 2023 once February is in: the same two months
    assert measure_at([*values, 100.0], "yoy", "2023-01") is None  # evaluated in January: none
    longer = [*values, 100.0]
    run_month = "2023-03"
    assert measure_at(longer, "yoy", run_month) == near(0.0)


def test_year_to_date_and_month_on_month() -> None:
    values = [10.0] * 12 + [5.0, 10.0, 10.0]  # 2023: January halved
    assert measure_at(values, "ytd_yoy", "2023-01") == near(-0.5)
    assert measure_at(values, "ytd_yoy", "2023-03") == near(25 / 30 - 1)
    assert measure_at(values, "mom", "2023-02") == near(1.0)
    assert measure_at(values, "change", "2023-03", months=3) == near(0.0)
    gap = [*values[:13], None, 10.0]  # February 2023 not reported: no year to date in March
    assert measure_at(gap, "ytd_yoy", "2023-03") is None


def test_share_of_the_month_total() -> None:
    s = scheme([{"name": "big", "when": "x >= 0.75", "level": "yellow"}],
               {"x": {"of": "output", "kind": "share"}})  # fmt: skip
    run = evaluate(panel({"A": {"output": [30.0]}, "B": {"output": [10.0]}}), s)
    assert run.reasons["A"][0].values == {"x": 0.75}
    assert "B" not in run.reasons


ELECTRICITY = {"e": {"of": "electricity_kwh", "kind": "yoy"}}
TWO_MONTHS = [{"name": "电降20%", "when": "e <= -0.2", "months": 2, "level": "yellow"},
              {"name": "电降40%", "when": "e <= -0.4", "months": 2, "level": "orange"},
              {"name": "欠薪", "when": "wage_arrears", "level": "red"}]  # fmt: skip


def status(series: list[float | None], month: str, arrears: list[bool] | None = None,
           hysteresis: int = 2) -> tuple[str, str, str]:  # fmt: skip
    flags = {"wage_arrears": {"A": arrears}} if arrears else {}
    s = scheme(TWO_MONTHS, ELECTRICITY, hysteresis=hysteresis)
    run = evaluate(panel({"A": {"electricity_kwh": series}}, **flags), s, month)
    row = run.frame.row(0, named=True)
    return row["status"], row["since"], row["change"]


BASE = [100.0] * 12  # 2022


def test_consecutive_months() -> None:
    one = [*BASE, 100, 100, 70, 100]  # one month down 30 %: nothing
    assert status(one, "2023-03")[0] == "green"
    two = [*BASE, 100, 100, 70, 75]  # two months in a row
    assert status(two, "2023-04") == ("yellow", "2023-04", "raised")


def test_the_highest_level_wins() -> None:
    down = [*BASE, 100, 100, 50, 55]
    assert status(down, "2023-04")[0] == "orange"
    arrears = [False] * 15 + [True]
    assert status(down, "2023-04", arrears)[0] == "red"


def test_hysteresis_holds_a_level_then_lets_it_fall() -> None:
    down = [*BASE, 100, 100, 50, 55, 100, 100, 100]
    # April orange; May back to normal: held; June: the second month below: falls
    assert status(down, "2023-04")[:2] == ("orange", "2023-04")
    assert status(down, "2023-05") == ("orange", "2023-04", "same")
    assert status(down, "2023-06") == ("green", "2023-06", "cleared")
    assert status(down, "2023-05", hysteresis=1)[0] == "green"


def test_a_held_level_says_why() -> None:
    s = scheme(TWO_MONTHS, ELECTRICITY)
    run = evaluate(panel({"A": {"electricity_kwh": [*BASE, 100, 100, 50, 55, 100]}}), s)
    (reason,) = run.reasons["A"]
    assert reason.level == "orange" and reason.values == {"months_below": 1}


def test_missing_months_are_flagged_not_green() -> None:
    s = scheme(TWO_MONTHS, ELECTRICITY)
    data = panel({"A": {"electricity_kwh": [*BASE, 100, None, None]},
                  "B": {"electricity_kwh": [*BASE, 100, 100, 100]}})  # fmt: skip
    run = evaluate(data, s, "2023-03")
    rows = {r["credit_code"]: r for r in run.frame.iter_rows(named=True)}
    assert (rows["A"]["status"], rows["A"]["since"], rows["A"]["change"]) == (
        "missing",
        "2023-02",
        "same",
    )
    assert run.reasons["A"][0].values == {"since": "2023-02"}
    assert rows["B"]["status"] == "green"
    before = evaluate(data, s, "2023-02")
    assert before.frame.filter(pl.col("credit_code") == "A")["change"].item() == "raised"


def test_a_new_enterprise_and_one_that_left_long_ago() -> None:
    s = scheme(TWO_MONTHS, ELECTRICITY, history=6)
    data = panel({"A": {"electricity_kwh": [*BASE, 100, 100]},
                  "N": {"electricity_kwh": [None] * 13 + [100]},
                  "L": {"electricity_kwh": [100] * 5 + [None] * 9}})  # fmt: skip
    run = evaluate(data, s, "2023-02")
    rows = {r["credit_code"]: r for r in run.frame.iter_rows(named=True)}
    assert rows["N"]["change"] == "new" and rows["N"]["previous"] is None
    assert "L" not in rows  # no report within the history


def test_grades_are_joined_for_rules() -> None:
    s = scheme([{"name": "D类且下降", "when": "grade == 'D' and o < 0", "level": "orange"}],
               {"o": {"of": "output", "kind": "ytd_yoy"}})  # fmt: skip
    data = panel({"A": {"output": [10.0] * 12 + [8.0]}, "B": {"output": [10.0] * 12 + [8.0]}})
    grades = pl.DataFrame({"credit_code": ["A", "B"], "grade": ["D", "B"]})
    run = evaluate(data, s, grades=grades)
    assert dict(run.frame.select("credit_code", "status").iter_rows()) == {"A": "orange",
                                                                          "B": "green"}  # fmt: skip


def test_a_month_not_in_the_data() -> None:
    from planwatch.errors import ArgumentError

    with pytest.raises(ArgumentError, match="no rows for it"):
        evaluate(panel({"A": {"output": [1.0]}}), scheme(TWO_MONTHS, ELECTRICITY), "2030-01")
