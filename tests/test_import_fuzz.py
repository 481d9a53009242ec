"""Random rows through every importer: never an internal error, never a non-finite
number stored, and nothing at all stored from a refused file.

The readers' fuzzing (`test_bad_input.py`) throws random bytes at plan files;
this does the same for what users import next: actuals, project progress,
enterprise data, land inputs and scheme files, with the numbers that break
arithmetic (NaN, ±inf, 1e999, negatives, huge values) and text in numeric cells.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from planwatch.errors import PlanwatchError
from planwatch.land import forecast
from planwatch.land.input import read_land_input
from planwatch.operations import (
    import_actuals_file,
    import_plan_file,
    import_project_progress_file,
)
from planwatch.permu.credit_code import check_char
from planwatch.permu.data import read_enterprises
from planwatch.permu.schemes import parse_scheme
from planwatch.store.db import make_engine, reading
from planwatch.store.migrate import upgrade
from planwatch.store.schema import Observation, ProjectProgress
from tests.conftest import _fresh_postgres, _postgres_url

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "planwatch" / "samples" / "sample_plan.txt"
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Numbers as they reach a cell: plain, formatted, broken, non-finite, huge.
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=-1e6, max_value=1e6).map(lambda x: f"{x:,.2f}"),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(
        [
            "inf",
            "-inf",
            "NaN",
            "1e999",
            "-1e999",
            "Infinity",
            "1,2,3",
            "12%",
            "－5",
            "",
            " ",
            "—",
            "#DIV/0!",
            "0x10",
            "1_000",
            "٣",
        ]
    ),
    st.text(max_size=8),
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One store per database kind for the module: SQLite, and PostgreSQL under CI."""
    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('fuzz_store') / 'store.db'}"
    else:
        server = _postgres_url()
        if server is None:
            pytest.skip("PLANWATCH_DATABASE_URL does not name a PostgreSQL server")
        url, drop = _fresh_postgres(server)
    engine = make_engine(url)
    upgrade(engine)
    import_plan_file(engine, SAMPLE, "示例省/示例市/示例县")
    yield engine
    engine.dispose()
    if drop is not None:
        drop()


def _count(engine, model) -> int:  # type: ignore[no-untyped-def]
    with reading(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _stored_values_are_finite(engine) -> None:  # type: ignore[no-untyped-def]
    with reading(engine) as session:
        values = session.scalars(select(Observation.value)).all()
        invested = session.scalars(select(ProjectProgress.invested)).all()
    assert all(math.isfinite(v) for v in [*values, *invested])


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


# Mostly good cells, so that both accepted and refused files come up often.
GOOD_NUMBER = st.floats(min_value=0, max_value=1e6).map(lambda x: f"{x:.3f}")


def _mostly(good: st.SearchStrategy[str], bad: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """`good` nine times in ten (hypothesis draws `one_of`'s branches evenly)."""
    return st.integers(0, 9).flatmap(lambda k: bad if k == 0 else good)


ACTUAL_ROWS = st.lists(
    st.tuples(
        _mostly(st.sampled_from(["示例县", "西溪镇", "东城街道"]), st.sampled_from(["火星县", ""])),
        _mostly(st.sampled_from(["规上工业增加值", "规上工业企业数"]), st.just("不存在")),
        _mostly(st.integers(2021, 2025).map(str), NUMBERS),
        _mostly(GOOD_NUMBER, NUMBERS),
        _mostly(st.just(""), st.sampled_from(["亿元", "万元", "%", "家", "吨", "x"])),
        st.text(max_size=300),  # 备注: any text, any length
    ),
    min_size=1,
    max_size=3,
)


@FUZZ
@given(rows=ACTUAL_ROWS)
def test_actuals_import_is_all_or_nothing(store, tmp_path: Path, rows) -> None:  # type: ignore[no-untyped-def]
    path = _write_csv(tmp_path / "a.csv", ["地区", "指标", "年份", "数值", "单位", "备注"],
                      [list(r) for r in rows])  # fmt: skip
    before = _count(store, Observation)
    try:
        counts = import_actuals_file(store, path)
    except PlanwatchError:
        event("refused")
        assert _count(store, Observation) == before  # refused: nothing stored
    else:
        event("imported")
        assert _count(store, Observation) == before + counts.stored
    _stored_values_are_finite(store)


PROGRESS_ROWS = st.lists(
    st.tuples(
        _mostly(st.just("年产5万吨新型材料项目"), st.sampled_from(["不存在的项目", ""])),
        _mostly(st.integers(2021, 2025).map(str), NUMBERS),
        _mostly(GOOD_NUMBER, NUMBERS),
        st.sampled_from(["", "万元", "亿元", "家"]),
        st.text(max_size=120),  # 状态: a sentence, as people write it
    ),
    min_size=1,
    max_size=4,
)


@FUZZ
@given(rows=PROGRESS_ROWS)
def test_project_progress_import_is_all_or_nothing(store, tmp_path: Path, rows) -> None:  # type: ignore[no-untyped-def]
    path = _write_csv(tmp_path / "p.csv", ["项目名称", "年份", "完成投资", "单位", "状态"],
                      [list(r) for r in rows])  # fmt: skip
    before = _count(store, ProjectProgress)
    try:
        import_project_progress_file(store, path, "sample_plan")
    except PlanwatchError:
        event("refused")
        assert _count(store, ProjectProgress) == before
    else:
        event("imported")
    _stored_values_are_finite(store)


ENTERPRISE_NUMBER = _mostly(GOOD_NUMBER, NUMBERS)
ENTERPRISE_ROWS = st.lists(
    st.tuples(ENTERPRISE_NUMBER, ENTERPRISE_NUMBER, ENTERPRISE_NUMBER), min_size=1, max_size=4
)


def _code(i: int) -> str:
    head = f"91330000MA{i:07d}"
    return head + check_char(head)


@FUZZ
@given(rows=ENTERPRISE_ROWS)
def test_enterprise_numbers_are_finite_or_refused(tmp_path: Path, rows) -> None:  # type: ignore[no-untyped-def]
    body = [[_code(i), f"企业{i}", "2023", *r] for i, r in enumerate(rows)]
    path = _write_csv(tmp_path / "e.csv",
                      ["统一社会信用代码", "企业名称", "年份", "用地面积", "实缴税金", "利润总额"],
                      body)  # fmt: skip
    try:
        frame = read_enterprises(path)
    except PlanwatchError:
        event("refused")
        return
    event("read")
    for column in ("land_mu", "tax", "profit"):
        assert all(v is None or math.isfinite(v) for v in frame[column].to_list())


LAND_NUMBER = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**6), 10**6),
    st.sampled_from([".inf", "-.inf", ".nan", "1e999", "abc", None]),
)


@FUZZ
@example(output={2020: 0, 2025: 1e308}, required={2025: 1e-5}, uplift=0, land=None, stock=0)
@example(output={2020: 0, 2025: 1e24}, required={2025: 1.0}, uplift=0, land=0, stock=0)
@example(output={2020: 0, 2025: 1.7e308}, required={2025: 1e-4}, uplift=0, land=0, stock=1.0)
@given(
    output=st.dictionaries(st.sampled_from([2020, 2025, 2035, 0, 99999]), LAND_NUMBER, max_size=3),
    required=st.dictionaries(st.sampled_from([2025, 2035]), LAND_NUMBER, max_size=2),
    uplift=LAND_NUMBER,
    land=LAND_NUMBER,
    stock=LAND_NUMBER,
)
def test_land_inputs_are_finite_or_refused(
    tmp_path: Path, output, required, uplift, land, stock
) -> None:  # type: ignore[no-untyped-def]
    data = {
        "base_year": 2020,
        "industries": [{"name": "甲", "output": output, "per_mu_required": required, "land": land}],
        "uplift": {2035: uplift},
        "stock": {"idle": stock},
    }
    path = tmp_path / "land.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        result = forecast(read_land_input(path))
    except PlanwatchError:
        return
    numbers = [*result.totals.values(), *result.overall_per_mu.values()]
    numbers += [v for row in result.rows for v in row.new_land_exact.values()]
    assert all(math.isfinite(v) for v in numbers)


SCHEME = """
name: fuzz
groups:
  - name: g
    indicators:
      - {{name: a, formula: "tax / land_mu * {constant}", weight: {weight},
          benchmark: {{value: {bench}}}}}
scoring: {{cap: {cap}}}
classification: {{method: shares, shares: {{A: {share}, B: 0.5}}}}
"""


@FUZZ
@given(
    constant=st.sampled_from(["1", "1e999", "-3", "0", "2.5"]),
    weight=LAND_NUMBER.map(lambda x: "null" if x is None else str(x)),
    bench=LAND_NUMBER.map(lambda x: "null" if x is None else str(x)),
    cap=LAND_NUMBER.map(lambda x: "null" if x is None else str(x)),
    share=st.sampled_from(["0.5", ".nan", ".inf", "-0.5", "1.5"]),
)
def test_scheme_constants_are_finite_or_refused(constant, weight, bench, cap, share) -> None:  # type: ignore[no-untyped-def]
    text = SCHEME.format(constant=constant, weight=weight, bench=bench, cap=cap, share=share)
    try:
        scheme = parse_scheme(text, "fuzz.yaml")
    except PlanwatchError:
        return
    spec = scheme.groups[0].indicators[0]
    assert math.isfinite(spec.weight) and spec.benchmark.value is not None
    assert math.isfinite(spec.benchmark.value) and constant != "1e999"
