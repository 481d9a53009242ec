"""Warning schemes: a preset by name or a YAML file, every problem told with its line
(a measure of an unknown column, a rule's condition that names an unknown column or
cannot be read), in English and in Chinese."""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path

from planwatch.errors import InputError
from planwatch.models.warn import WarnScheme
from planwatch.permu.formula import FormulaError, compile_condition
from planwatch.warn import PRESETS
from planwatch.warn.fields import FIELDS, NUMBERS
from planwatch.yamlfile import Problem, read_yaml, validate

GRADE = "grade"  # the enterprise's last per-mu grade, where results are given


def preset_path(name: str) -> Path:
    return Path(str(files("planwatch.warn").joinpath("presets", f"{name}.yaml")))


def names(scheme: WarnScheme) -> set[str]:
    """What a rule's condition may name: the columns, the scheme's measures, the grade."""
    return {f.name for f in FIELDS} | set(scheme.measures) | {GRADE}


def _problems(scheme: WarnScheme) -> list[Problem]:
    problems: list[Problem] = []
    for key, m in scheme.measures.items():
        if m.of not in NUMBERS:
            known = ", ".join(NUMBERS)
            problems.append((("measures", key, "of"), f"unknown column '{m.of}' ({known})",
                             f"未知的列“{m.of}”（可用：{'、'.join(NUMBERS)}）"))  # fmt: skip
        clash = key in {f.name for f in FIELDS} or key == GRADE
        if clash:
            problems.append((("measures", key), f"measure '{key}' has a column's name",
                             f"测算项“{key}”与列同名"))  # fmt: skip
    allowed = names(scheme)
    for i, rule in enumerate(scheme.rules):
        try:
            compile_condition(rule.when, allowed)
        except FormulaError as exc:
            # formula.py says why in English only: framed in Chinese, never dropped
            problems.append((("rules", i, "when"), str(exc), exc.zh or f"条件有误（{exc}）"))
    return problems


@functools.cache
def preset(name: str) -> WarnScheme:
    """A preset, read once per process (pages and lists ask for it again and again)."""
    return load_scheme(name)


def load_scheme(name_or_path: str) -> WarnScheme:
    """A preset (default) or a scheme YAML file."""
    path = preset_path(name_or_path) if name_or_path in PRESETS else Path(name_or_path)
    if not path.exists() and name_or_path not in PRESETS:
        raise InputError(path, f"no such scheme file, and not a preset ({', '.join(PRESETS)})",
                         zh=f"没有该预警方案文件，也不是预设方案"
                            f"（{'、'.join(PRESETS)}）")  # fmt: skip
    file = read_yaml(path, "scheme")
    scheme = validate(file, WarnScheme)
    problems = _problems(scheme)
    if problems:
        raise file.error(problems)
    return scheme
