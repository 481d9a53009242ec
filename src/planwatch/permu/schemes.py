"""Load a scheme by preset name or from a YAML file, with errors that name the field,
in English and in Chinese (the /enterprises page names the scheme it evaluates by)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import yaml
from pydantic import ValidationError

from planwatch.errors import InputError, error_location
from planwatch.files import input_file
from planwatch.models.permu import Benchmark, Scheme
from planwatch.permu import PRESETS
from planwatch.permu.formula import FormulaError, compile_condition, compile_expr
from planwatch.yamlfile import validation_zh


def _preset_text(name: str) -> str:
    return files("planwatch.permu.presets").joinpath(f"{name}.yaml").read_text(encoding="utf-8")


def _formula_problems(scheme: Scheme) -> list[tuple[str, str]]:
    """Every formula and condition that does not compile: (English, Chinese) lines."""
    problems: list[tuple[str, str]] = []
    checks: list[tuple[str, str, bool]] = []
    for gi, g in enumerate(scheme.groups):
        checks.append((f"groups[{gi}] ({g.name}).when", g.when, True))
        for ii, ind in enumerate(g.indicators):
            where = f"groups[{gi}] ({g.name}).indicators[{ii}] ({ind.name}).formula"
            checks.append((where, ind.formula, False))
    for oi, o in enumerate(scheme.overrides):
        checks.append((f"overrides[{oi}] ({o.name}).when", o.when, True))
    checks += [("not_evaluable", cond, True) for cond in scheme.not_evaluable]
    for where, text, condition in checks:
        try:
            (compile_condition if condition else compile_expr)(text)
        except FormulaError as exc:
            # formula.py says why in English only: framed in Chinese, never dropped
            problems.append((f"{where}: {exc}", f"{where}：{exc.zh or f'公式有误（{exc}）'}"))
    return problems


def _problems(origin: str, problems: list[tuple[str, str]]) -> InputError:
    """One error listing every problem of a scheme, in both languages."""
    n = len(problems)
    return InputError(origin, f"{n} problem(s) in the scheme", [en for en, _ in problems],
                      zh=f"评价方案中有{n}处问题",
                      details_zh=[zh for _, zh in problems])  # fmt: skip


def parse_scheme(text: str, origin: str) -> Scheme:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(origin, f"not valid YAML ({exc})", zh=f"YAML 格式有误（{exc}）") from None
    try:
        scheme = Scheme.model_validate(data)
    except ValidationError as exc:
        said = []
        for e in exc.errors():
            place = error_location(e["loc"])
            said.append(
                (f"{place or '(top)'}: {e['msg']}", f"{place or '（顶层）'}：{validation_zh(e)}")
            )
        raise _problems(origin, said) from None
    problems = _formula_problems(scheme)
    if problems:
        raise _problems(origin, problems)
    return scheme


def load_scheme(name_or_path: str) -> Scheme:
    """A preset by name (zhejiang, county) or a scheme YAML file."""
    if name_or_path in PRESETS:
        return parse_scheme(_preset_text(name_or_path), f"preset {name_or_path}")
    path = Path(name_or_path)
    if not path.exists():
        known, known_zh = ", ".join(PRESETS), "、".join(PRESETS)
        raise InputError(path, f"no such scheme file, and not a preset ({known})",
                         zh=f"没有该评价方案文件，也不是预设方案（{known_zh}）")  # fmt: skip
    try:
        text = input_file(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "a scheme file is UTF-8 text (YAML)",
                         zh="评价方案文件应为 UTF-8 编码的文本（YAML）") from None  # fmt: skip
    return parse_scheme(text, str(path))


def with_population_benchmarks(scheme: Scheme) -> Scheme:
    """The same scheme with every benchmark computed from the year's population
    (Σ numerator ÷ Σ denominator within the group)."""
    out = scheme.model_copy(deep=True)
    for g in out.groups:
        for ind in g.indicators:
            ind.benchmark = Benchmark(stat="aggregate")
    return out
