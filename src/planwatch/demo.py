"""The demo: a fresh SQLite store with the shipped sample plan, several years of
synthetic actuals (labelled 示例数据), project progress, an approval in progress, and
demo accounts, so `planwatch demo` shows every page with content."""

from __future__ import annotations

import random
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from planwatch.models.access import Role

if TYPE_CHECKING:
    import polars as pl

SAMPLES = Path(str(files("planwatch") / "samples"))
REGION = "示例省/示例市/示例县"
# (name, role, region, password): printed at start; for a demo on one's own machine only
ACCOUNTS = (
    ("admin", Role.ADMIN, None, "demo-admin"),
    ("city-reviewer", Role.REVIEWER, "示例省/示例市", "demo-review"),
    ("county-editor", Role.EDITOR, REGION, "demo-editor"),
    ("town-editor", Role.EDITOR, f"{REGION}/东城街道", "demo-editor"),
    ("viewer", Role.VIEWER, REGION, "demo-viewer"),
)


# the synthetic enterprises' regions, as the sample county's towns
TOWNS = {"甲县": "东城街道", "乙县": "西溪镇", "丙镇": "南湖镇", "丁街道": "东城街道"}


@dataclass
class Demo:
    engine: Engine
    accounts: tuple[tuple[str, Role, str | None, str], ...] = ACCOUNTS


def _synthetic_actuals(path: Path) -> Path:
    """Yearly values 2021–2023 for the sample plan's county and towns, labelled as made up."""
    rng = random.Random(2023)
    lines = ["地区,指标,年份,数值,单位,来源,备注"]
    series = {
        ("示例县", "规上工业增加值", "亿元"): 80.0,
        ("示例县", "规上工业亩均税收", "万元/亩"): 18.5,
        ("示例县", "规上工业企业数", "家"): 326.0,
        ("示例县", "研发经费占营业收入比重", "%"): 2.1,
        ("示例县", "高新技术企业数", "家"): 58.0,
        ("东城街道", "规上工业增加值", "亿元"): 30.0,
        ("西溪镇", "规上工业增加值", "亿元"): 25.0,
        ("南湖镇", "规上工业增加值", "亿元"): 25.0,
    }
    for (region, name, unit), base in series.items():
        value = base
        for year in (2021, 2022, 2023):
            step = rng.uniform(0.02, 0.11) if unit != "%" else rng.uniform(0.0, 0.15)
            value = value * (1 + step) if unit != "%" else value + step
            shown = round(value) if unit == "家" else round(value, 2)
            lines.append(f"{region},{name},{year},{shown},{unit},示例数据,虚构数据")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build(folder: Path) -> Demo:
    """Make the demo store in `folder` (emptied first)."""
    import shutil

    from planwatch import accounts, approval, operations
    from planwatch.models.access import Actor, ValueIn
    from planwatch.store.db import make_engine
    from planwatch.store.migrate import upgrade

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    engine = make_engine(f"sqlite:///{folder / 'planwatch.db'}")
    upgrade(engine)
    operations.import_plan_file(engine, SAMPLES / "sample_plan.txt", REGION)
    operations.import_actuals_file(engine, _synthetic_actuals(folder / "示例数据.csv"))
    operations.import_project_progress_file(
        engine, SAMPLES / "sample_project_progress.csv", "sample_plan"
    )
    for name, role, region, password in ACCOUNTS:
        accounts.add_user(engine, name, role, region, password)
    editor = Actor(name="town-editor", role=Role.EDITOR, region=f"{REGION}/东城街道")
    town = accounts.actor_named(engine, editor.name) or editor
    draft, _ = approval.record_value(
        engine,
        town,
        ValueIn(
            region="东城街道",
            indicator="规上工业增加值",
            year=2024,
            value=44.1,
            unit="亿元",
            note="示例数据",
        ),
    )
    approval.submit(engine, town, [draft.id])
    firms = _enterprises(engine)
    _chain_map(engine, firms)
    _warnings(engine)
    return Demo(engine=engine)


def _enterprises(engine: Engine) -> pl.DataFrame:
    """2,000 synthetic enterprises (labelled 合成数据) in the sample county's towns, graded
    with the Zhejiang preset and kept in the store, so the per-mu pages have content."""
    import polars as pl

    from planwatch import accounts, enterprises
    from planwatch.permu.run import evaluate_population
    from planwatch.permu.synth import synth_enterprises

    firms = synth_enterprises(2000, seed=1, year=2023)
    firms = firms.with_columns(pl.col("region").replace(TOWNS))
    admin = accounts.actor_named(engine, "admin")
    assert admin is not None
    run = evaluate_population(firms, "zhejiang")
    enterprises.store_run(engine, admin, run, "示例企业（合成数据）")
    return firms


def _chain_map(engine: Engine, firms: pl.DataFrame) -> None:
    """A chain map of the same synthetic enterprises, with the shipped example chains
    (现代装备) and admission standards, and each town's map, so /chains has content."""
    from planwatch import accounts
    from planwatch.chains.files import read_chains, read_standards
    from planwatch.chains.maps import build_map, region_reports
    from planwatch.chains.stored import store_map

    chains, standards = read_chains("equipment"), read_standards("example")
    admin = accounts.actor_named(engine, "admin")
    run = build_map(firms, chains, standards=standards)
    towns = region_reports(firms, chains, standards=standards)
    store_map(engine, admin, run, chains, "示例企业（合成数据）", towns)


def _warnings(engine: Engine) -> None:
    """The early warning lists (四色预警) of November and December 2024 for 2,000
    synthetic enterprises in the same towns, kept with the default (example) scheme, so
    /warnings has lists, a trend and enterprise histories."""
    import polars as pl

    from planwatch import accounts
    from planwatch.warn.engine import evaluate
    from planwatch.warn.schemes import load_scheme
    from planwatch.warn.stored import store_run
    from planwatch.warn.synth import synth_monthly

    panel = synth_monthly(2000, 24, seed=1)
    panel = panel.with_columns(pl.col("region").replace(TOWNS))
    admin = accounts.actor_named(engine, "admin")
    scheme = load_scheme("default")
    for month in ("2024-11", "2024-12"):
        store_run(engine, admin, evaluate(panel, scheme, month), "示例月度数据（合成数据）")
