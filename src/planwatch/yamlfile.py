"""YAML files users write (chains, standards, projects), read into pydantic models
with errors that give the line: `chains.yaml:14: chains[0] (现代装备).segments.上游[1]:
duplicate link '轴承'`. A user editing a 200-line file needs the line, not a path
through the data.

The file is composed once into YAML nodes, which carry their position; the data
comes from the same nodes, so a line is always the line of what was read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from planwatch.errors import InputError, error_location
from planwatch.files import input_file

M = TypeVar("M", bound=BaseModel)
Loc = Sequence[str | int]


@dataclass
class YamlFile:
    path: Path
    data: Any
    root: yaml.Node | None

    def line(self, loc: Loc) -> int:
        """The line of the deepest node along `loc` (1-based): a mapping entry's key
        (where a reader looks for `上游:`), a list item's start; a missing key gives the
        line of the mapping it is missing from."""
        node, line = self.root, 1
        if node is not None:
            line = node.start_mark.line + 1
        for key in loc:
            if node is None:
                break
            found = _child(node, key)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        return line

    def error(self, problems: list[tuple[Loc, str]]) -> InputError:
        """One InputError for `problems` (place, reason), the first on the message's line
        and the rest beneath it, each with its line."""
        lines = [
            (self.line(loc), f"{error_location(tuple(loc), self.data) or '(top)'}: {reason}")
            for loc, reason in problems
        ]
        lines.sort(key=lambda x: x[0])
        (first_line, first), rest = lines[0], lines[1:]
        details = [f"line {n}: {text}" for n, text in rest]
        return InputError(f"{self.path}:{first_line}", first, details)


def _child(node: yaml.Node, key: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """(the node that marks where `key` is, its value) under `node`."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                return k, v
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        item = node.value[key]
        return item, item
    return None


def read_yaml(path: Path, what: str) -> YamlFile:
    """`path` as YAML text; InputError with the line of a syntax error."""
    input_file(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, f"a {what} file is UTF-8 text (YAML)") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(where, f"not valid YAML ({problem})") from None
    return YamlFile(path=path, data=data, root=root)


def validate(file: YamlFile, model: type[M]) -> M:
    """`file.data` as `model`; every validation problem with its line."""
    try:
        return model.model_validate(file.data)
    except ValidationError as exc:
        problems = [(tuple(e["loc"]), _message(e)) for e in exc.errors()]
        raise file.error(problems) from None


def _message(error: Any) -> str:
    msg = str(error["msg"])
    return msg.removeprefix("Value error, ")
