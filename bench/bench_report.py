"""Report writing time (issue 15: a 40-indicator plan with 10 sub-regions in under 2 s
as .docx and 1 s as .xlsx/.html; a per-mu report over 100,000 enterprises in under 5 s).

    ./dev bench report            # both, each format, median of 3 whole commands
    ./dev bench report --runs 5 --enterprises 100000

The plan is written by this script in the text form of a Word plan (tab-started
cells): 40 indicators in 5 categories (levels, counts, shares), a decomposition
table of 10 towns, 20 key projects, and three years of actuals. Each figure is
the whole `planwatch report` (or `permu report`) command: interpreter start,
imports, the store read, building the report, charts and the file, as a user
waits for it. The in-process time (build and write only) is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from timing import run_command  # noqa: E402  (bench/timing.py, beside this script)

PLANWATCH = str(Path(sys.executable).with_name("planwatch"))
CATEGORIES = ("经济规模", "创新驱动", "结构优化", "绿色发展", "开放合作")
TOWNS = [f"第{k}镇" for k in range(1, 11)]


def _cell_rows(rows: list[list[str]]) -> str:
    return "\n".join("\n".join(f"\t{c}" for c in row) + "\n" for row in rows)


def plan_text(rng: random.Random) -> tuple[str, list[tuple[str, str, float]]]:
    """(the plan, [(indicator, unit, baseline)]) of a 40-indicator plan."""
    rows = [["类别", "序号", "指标名称", "单位", "2020年", "2025年", "年均增长（%）", "指标属性"]]
    made = []
    for k in range(40):
        kind = k % 3
        name = f"{CATEGORIES[k // 8]}指标{k + 1:02d}" + (
            "产值" if kind == 0 else "企业数" if kind == 1 else "占比"
        )
        unit = ("亿元", "家", "%")[kind]
        base = round(rng.uniform(20, 200), 1) if kind != 2 else round(rng.uniform(10, 40), 1)
        target = (
            round(base * rng.uniform(1.2, 1.6), 1)
            if kind != 2
            else round(base + rng.uniform(2, 8), 1)
        )
        growth = f"{((target / base) ** 0.2 - 1) * 100:.1f}" if kind == 0 else "—"
        category = CATEGORIES[k // 8] if k % 8 == 0 else ""
        rows.append([category, str(k + 1), name, unit, str(base), str(target), growth, "预期性"])
        made.append((name, unit, base))
    towns = [["镇（街道）", "2020年", "2025年", "年均增长（%）"]]
    for town in TOWNS:
        base = round(rng.uniform(5, 30), 1)
        towns.append([town, str(base), str(round(base * 1.5, 1)), "8.4"])
    projects = [
        [
            "序号",
            "项目名称",
            "建设内容",
            "建设地点",
            "建设期限",
            "总投资",
            "“十四五”投资",
            "责任单位",
        ]
    ]
    for k in range(20):
        total = rng.randint(5, 50) * 1000
        projects.append([str(k + 1), f"示例重点项目{k + 1:02d}", "新建生产线", TOWNS[k % 10],
                         "2021-2024", str(total), str(total), "县经信局"])  # fmt: skip
    text = (
        "某县“十四五”工业发展规划（基准测试）\n（2021—2025年）\n\n第一章 发展目标\n"
        "表1 某县“十四五”工业发展主要指标\n" + _cell_rows(rows) + "\n"
        "三、任务分解\n表2 各镇（街道）规上工业增加值目标分解表（单位：亿元）\n"
        + _cell_rows(towns)
        + "\n第三章 重点项目\n表3 重点项目表（单位：万元）\n"
        + _cell_rows(projects)
        + "\n"
    )
    return text, made


def actuals_csv(rng: random.Random, made: list[tuple[str, str, float]]) -> str:
    lines = ["地区,指标,年份,数值,单位"]
    for name, unit, base in made:
        value = base
        for year in (2021, 2022, 2023):
            value = value * rng.uniform(1.0, 1.12) if unit != "%" else value + rng.uniform(0, 2)
            lines.append(f"某县,{name},{year},{value:.2f},{unit}")
    for town in TOWNS:
        lines.append(f"{town},规上工业增加值,2023,{rng.uniform(5, 40):.2f},亿元")
    return "\n".join(lines) + "\n"


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([PLANWATCH, *args], check=True, capture_output=True, env=env)


def _median_command(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    results = [run_command(cmd, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def bench_plan(tmp: Path, runs: int) -> None:
    rng = random.Random(15)
    text, made = plan_text(rng)
    plan = tmp / "benchplan.txt"
    plan.write_text(text, encoding="utf-8")
    (tmp / "actuals.csv").write_text(actuals_csv(rng, made), encoding="utf-8")
    env = _env(PLANWATCH_DATABASE_URL=f"sqlite:///{tmp / 'store.db'}")
    _run(["import-plan", str(plan), "--region", "某省/某市/某县"], env)
    _run(["import-actuals", str(tmp / "actuals.csv")], env)
    from planwatch.operations import plan_report_input
    from planwatch.report.plan import plan_report
    from planwatch.store.db import make_engine

    inp = plan_report_input(make_engine(env["PLANWATCH_DATABASE_URL"]), "benchplan", 2023)
    report = plan_report(inp)
    plan_level = len(report.table("completion").rows)
    parts = sum(len(t.rows) for t in report.tables() if t.key.startswith("subregion_"))
    print(f"plan: {plan_level} indicators, {parts} sub-region rows, {len(report.charts())} charts")
    status = [PLANWATCH, "status", "benchplan", "--year", "2023", "--json"]
    floor, _ = _median_command(status, env, runs)
    print(f"for comparison, `planwatch status --json` of the same plan: {floor:.2f} s")
    for fmt, aim in (("docx", 2.0), ("xlsx", 1.0), ("html", 1.0)):
        out = tmp / f"report.{fmt}"
        cmd = [PLANWATCH, "report", "benchplan", "--year", "2023", "-o", str(out)]
        seconds, peak = _median_command(cmd, env, runs)
        inproc = _in_process(report, tmp / f"inproc.{fmt}")
        print(f"plan report .{fmt}: command {seconds:.2f} s (aim {aim:.0f} s), "
              f"build+write in process {inproc:.2f} s, peak {peak:.0f} MB")  # fmt: skip


def _in_process(report: object, path: Path) -> float:
    from planwatch.report.writers import write_report

    start = time.perf_counter()
    write_report(report, path)  # type: ignore[arg-type]
    return time.perf_counter() - start


def bench_permu(tmp: Path, runs: int, n: int) -> None:
    env = _env(PLANWATCH_HOME=str(tmp / "home"))
    firms, results = tmp / "firms.parquet", tmp / "results.parquet"
    _run(["synth", "enterprises", "--n", str(n), "--seed", "15", "-o", str(firms)], env)
    _run(["permu", "evaluate", str(firms), "--scheme", "zhejiang", "-o", str(results)], env)
    for fmt in ("docx", "xlsx", "html"):
        out = tmp / f"permu.{fmt}"
        cmd = [PLANWATCH, "permu", "report", str(results), "--scheme", "zhejiang", "-o", str(out)]
        seconds, peak = _median_command(cmd, env, runs)
        print(f"per-mu report, {n:,} enterprises, .{fmt}: command {seconds:.2f} s (aim 5 s), "
              f"peak {peak:.0f} MB")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--enterprises", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_plan(Path(tmp), args.runs)
        bench_permu(Path(tmp), args.runs, args.enterprises)


if __name__ == "__main__":
    main()
