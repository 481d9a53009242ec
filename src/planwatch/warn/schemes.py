"""Warning schemes: a preset by name or a YAML file, every problem told with its line
(a measure of an unknown column, a rule's condition that names an unknown column or
cannot be read)."""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path

from planwatch.errors import InputError
from planwatch.models.warn import WarnScheme
from planwatch.permu.formula import FormulaError, compile_condition
from planwatch.warn import PRESETS
from planwatch.warn.fields import FIELDS, NUMBERS
from planwatch.yamlfile import Loc, read_yaml, validate

GRADE = "grade"  # the enterprise's last per-mu grade, where results are given


def preset_path(name: str) -> Path:
    return Path(str(files("planwatch.warn").joinpath("presets", f"{name}.yaml")))


def names(scheme: WarnScheme) -> set[str]:
    """What a rule's condition may name: the columns, the scheme's measures, the grade."""
    return {f.name for f in FIELDS} | set(scheme.measures) | {GRADE}


def _problems(scheme: WarnScheme) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    for key, m in scheme.measures.items():
        if m.of not in NUMBERS:
            known = ", ".join(NUMBERS)
            problems.append((("measures", key, "of"), f"unknown column '{m.of}' ({known})"))
        clash = key in {f.name for f in FIELDS} or key == GRADE
        if clash:
            problems.append((("measures", key), f"measure '{key}' has a column's name"))
    allowed = names(scheme)
    for i, rule in enumerate(scheme.rules):
        try:
            compile_condition(rule.when, allowed)
        except FormulaError as exc:
            problems.append((("rules", i, "when"), str(exc)))
    return problems


@functools.cache
def preset(name: str) -> WarnScheme:
    """A preset, read once per process (pages and lists ask for it again and again)."""
    return load_scheme(name)


def load_scheme(name_or_path: str) -> WarnScheme:
    """A preset (default) or a scheme YAML file."""
    path = preset_path(name_or_path) if name_or_path in PRESETS else Path(name_or_path)
    if not path.exists() and name_or_path not in PRESETS:
        raise InputError(path, f"no such scheme file, and not a preset ({', '.join(PRESETS)})")
    file = read_yaml(path, "scheme")
    scheme = validate(file, WarnScheme)
    problems = _problems(scheme)
    if problems:
        raise file.error(problems)
    return scheme
