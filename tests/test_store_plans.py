"""Importing plans into the store and reading them back, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from planwatch.models.monitor import Status
from planwatch.models.store import LifecycleChange, LifecycleReason, LifecycleState
from planwatch.operations import import_plan_file, plan_status
from planwatch.store.db import transaction
from planwatch.store.lifecycle import change_state
from planwatch.store.observations import history, record
from planwatch.store.plans import NotFound, find_plan
from planwatch.store.regions import region_at
from planwatch.store.schema import Plan, PlanIndicator, Project, Region, Target


@pytest.fixture
def plan_file(sample_plan: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(sample_plan, tmp_path / "示例县规划.txt"))


def test_import_stores_everything_once(engine: Engine, plan_file: Path) -> None:
    first = import_plan_file(engine, plan_file, region="示例省/示例市/示例县")
    assert first.created and first.version == 1 and first.indicators == 10 and first.projects == 3
    again = import_plan_file(engine, plan_file, region="示例省/示例市/示例县")
    assert not again.created and again.plan_id == first.plan_id
    with transaction(engine) as s:
        assert s.scalar(select(func.count(Plan.id))) == 1
        assert s.scalar(select(func.count(PlanIndicator.id))) == 10
        assert s.scalar(select(func.count(Project.id))) == 3
        plan = find_plan(s, "示例县规划")
        assert plan.region is not None and plan.region.name == "示例县"
        assert plan.region.parent is not None and plan.region.parent.name == "示例市"
        assert plan.extract["evaluations"]  # nothing lost
        va = next(i for i in plan.indicators if i.name == "规上工业增加值" and not i.subject)
        assert va.catalog_id == "industrial_va_above_scale" and va.indicator_key == va.catalog_id
        rd = next(i for i in plan.indicators if i.name == "研发经费占营业收入比重")
        assert sorted((t.kind, t.value) for t in rd.targets) == [("main", 3.0), ("stretch", 3.5)]
        assert rd.path == "linear"


def test_changed_file_is_a_new_version(engine: Engine, plan_file: Path) -> None:
    import_plan_file(engine, plan_file, region="示例县")
    plan_file.write_text(plan_file.read_text(encoding="utf-8") + "\n附：修订。\n", "utf-8")
    second = import_plan_file(engine, plan_file, region="示例县")
    assert second.created and second.version == 2
    with transaction(engine) as s:
        assert find_plan(s, "示例县规划").version == 2
        assert find_plan(s, "1").version == 1
        with pytest.raises(NotFound, match="no plan 'nope'"):
            find_plan(s, "nope")


def test_task_decomposition_targets_go_to_sub_regions(engine: Engine, plan_file: Path) -> None:
    import_plan_file(engine, plan_file, region="示例县")
    with transaction(engine) as s:
        assigned = s.scalars(select(Target).where(Target.kind == "assigned")).all()
        places = {t.region.name: t.value for t in assigned if t.region}
        assert places == {"东城街道": 45.0, "西溪镇": 38.0, "南湖镇": 37.0}
        town = s.scalars(select(Region).where(Region.name == "西溪镇")).one()
        assert town.parent is not None and town.parent.name == "示例县"


def test_observations_are_revisions_and_reads_take_the_latest(engine: Engine) -> None:
    with transaction(engine) as s:
        county = region_at(s, "示例县")
        assert record(s, county, "industrial_va_above_scale", 2022, 95.0, "亿元", "统计公报")
        assert not record(s, county, "industrial_va_above_scale", 2022, 95.0, "亿元")
        assert record(s, county, "industrial_va_above_scale", 2022, 96.5, "亿元", "年鉴修订")
    with transaction(engine) as s:
        county = region_at(s, "示例县")
        revs = history(s, county, "industrial_va_above_scale")
    assert [(r.revision, r.value, r.source) for r in revs] == [
        (1, 95.0, "统计公报"),
        (2, 96.5, "年鉴修订"),
    ]


def test_status_uses_latest_actuals_and_lifecycle(engine: Engine, plan_file: Path) -> None:
    import_plan_file(engine, plan_file, region="示例县")
    with transaction(engine) as s:
        county = region_at(s, "示例县")
        record(s, county, "industrial_va_above_scale", 2023, 90.0, "亿元")
        record(s, county, "industrial_va_above_scale", 2023, 98.0, "亿元")  # revised
        town = region_at(s, "示例县/西溪镇")
        record(s, town, "industrial_va_above_scale", 2023, 38.5, "亿元")
        firms = next(i for i in find_plan(s, "示例县规划").indicators if i.name == "高新技术企业数")
        change_state(
            firms,
            LifecycleChange(
                state=LifecycleState.SUSPENDED,
                reason=LifecycleReason.SCOPE_CHANGED,
                effective=date(2023, 1, 1),
                note="高企认定口径调整",
            ),
        )
    status = {(a.region, a.indicator): a for a in plan_status(engine, "示例县规划", 2023)}
    va = status[("示例县", "规上工业增加值")]
    # path: 80 × 1.5^0.6 = 102.03 expected; task 18 / 40 = 0.45 against 0.551: pace 0.82
    assert va.actual == 98.0 and va.status is Status.BEHIND
    assert status[("西溪镇", "规上工业增加值")].status is Status.ACHIEVED
    assert status[("示例县", "高新技术企业数")].status is Status.NOT_EVALUATED
    assert status[("示例县", "数字化改造覆盖率")].status is Status.NOT_EVALUATED  # 奋进性
    assert status[("示例县", "单位工业增加值能耗下降")].status is Status.AWAITING_TARGET
    assert status[("示例县", "规上工业企业数")].status is Status.NO_DATA
    # suspended from 2023-01-01: 2022 keeps being evaluated, with the state it had then
    before = {(a.region, a.indicator): a for a in plan_status(engine, "示例县规划", 2022)}
    assert before[("示例县", "高新技术企业数")].status is not Status.NOT_EVALUATED
    with transaction(engine) as s:
        firms = next(i for i in find_plan(s, "示例县规划").indicators if i.name == "高新技术企业数")
        assert [e.reason for e in firms.lifecycle] == ["scope_changed"]
