"""YAML files users write (chains, standards, projects), read into pydantic models
with errors that give the line: `chains.yaml:14: chains[0] (现代装备).segments.上游[1]:
duplicate link '轴承'`. A user editing a 200-line file needs the line, not a path
through the data. The pages are Chinese, so every problem is also said in Chinese
(`chains.yaml第14行：chains[0] (现代装备).segments.上游[1].link：环节“轴承”重复`), with the
same line, place and names.

The file is composed once into YAML nodes, which carry their position; the data
comes from the same nodes, so a line is always the line of what was read.
"""

from __future__ import annotations

import re
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
# (where in the data, the reason, the reason in Chinese)
Problem = tuple[Loc, str, str]

# What a file holds, for "a chain file is UTF-8 text" in Chinese.
WHAT_ZH = {"chain": "产业链", "standards": "准入标准", "projects": "拟引进项目",
           "scheme": "方案"}  # fmt: skip


class LineError(InputError):
    """A problem at a line of a YAML file. The English keeps `file:14: place: reason`
    (scripts and the command line read it); the Chinese says the line as a reader of
    Chinese looks for it: `file第14行：place：reason`."""

    def __init__(
        self,
        path: str | Path,
        line: int | None,
        reason: str,
        zh: str,
        details: list[str] | None = None,
        details_zh: list[str] | None = None,
    ) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(where, reason, details, zh=zh, details_zh=details_zh)
        if line is not None:
            self.zh = f"{path}第{line}行：{zh}"


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

    def error(self, problems: list[Problem]) -> InputError:
        """One InputError for `problems` (place, reason, its Chinese), the first on the
        message's line and the rest beneath it, each with its line, in both languages."""
        lines = []
        for loc, reason, zh in problems:
            place = error_location(tuple(loc), self.data)
            lines.append((self.line(loc), f"{place or '(top)'}: {reason}",
                          f"{place or '（顶层）'}：{zh}"))  # fmt: skip
        lines.sort(key=lambda x: x[0])
        (first_line, first, first_zh), rest = lines[0], lines[1:]
        details = [f"line {n}: {text}" for n, text, _ in rest]
        details_zh = [f"第{n}行：{zh}" for n, _, zh in rest]
        return LineError(self.path, first_line, first, first_zh, details, details_zh)


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
        what_zh = WHAT_ZH.get(what, what)
        raise InputError(path, f"a {what} file is UTF-8 text (YAML)",
                         zh=f"{what_zh}文件应为 UTF-8 编码的文本（YAML）") from None  # fmt: skip
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        # the parser's own words stay as they are: they name what it met
        raise LineError(
            path,
            mark.line + 1 if mark is not None else None,
            f"not valid YAML ({problem})",
            f"YAML 格式有误（{problem}）",
        ) from None
    return YamlFile(path=path, data=data, root=root)


def validate(file: YamlFile, model: type[M]) -> M:
    """`file.data` as `model`; every validation problem with its line."""
    try:
        return model.model_validate(file.data)
    except ValidationError as exc:
        problems = [(tuple(e["loc"]), _message(e), validation_zh(e)) for e in exc.errors()]
        raise file.error(problems) from None


def _message(error: Any) -> str:
    msg = str(error["msg"])
    return msg.removeprefix("Value error, ")


def _number(value: object) -> str:
    """0.0 as 0, 0.05 as 0.05: a bound as a user would write it."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _expected(text: object) -> str:
    """pydantic's "'亿元' or '万元'" as a Chinese list: “亿元”、“万元”."""
    items = re.findall(r"'([^']*)'", str(text))
    return "、".join(f"“{x}”" for x in items) if items else str(text)


# pydantic's checks by error type, in Chinese; {name} takes the error's ctx
_CHECKS_ZH = {
    "missing": "缺少必填项",
    "extra_forbidden": "不允许的字段",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数，不能有小数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限数值",
    "bool_type": "应为是或否（true/false）",
    "bool_parsing": "应为是或否（true/false）",
    "list_type": "应为列表",
    "dict_type": "应为“键: 值”形式的映射",
    "model_type": "应为“键: 值”形式的映射",
    "model_attributes_type": "应为“键: 值”形式的映射",
    "greater_than": "应大于{gt}",
    "greater_than_equal": "应不小于{ge}",
    "less_than": "应小于{lt}",
    "less_than_equal": "应不大于{le}",
    "too_short": "至少应有{min_length}项",
    "too_long": "至多应有{max_length}项",
    "string_too_long": "至多{max_length}个字符",
    "literal_error": "应为{expected}之一",
    "enum": "应为{expected}之一",
}

# The models' own reasons (a ValueError in a validator), in Chinese; a reason not
# listed here is given in English inside a Chinese frame, never dropped.
_REASONS_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), zh)
    for pattern, zh in (
        (r"'(.*)' is not a GB/T 4754 industry code \(2, 3 or 4 digits\)",
         r"“\1”不是 GB/T 4754 行业代码（应为2、3或4位数字）"),
        (r"a keyword is empty", "关键词不能为空"),
        (r"link '(.*)' has neither codes nor keywords", r"环节“\1”既没有行业代码也没有关键词"),
        (r"'(.*)' is not a month \(2024-03\)", r"“\1”不是有效月份（格式如 2024-03）"),
        (r"rule named twice: (.*)", r"规则“\1”重名"),
        (r"a measure name is a word of letters, digits and _: (.*)",
         r"测算项名称只能由字母、数字和下划线组成：\1"),
    )
)  # fmt: skip


def validation_zh(error: Any) -> str:
    """A pydantic validation error's reason in Chinese ("应大于0", "缺少必填项"), with
    the same bounds and names as the English."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return "不能为空" if least == 1 else f"至少{least}个字符"
    if kind in ("value_error", "assertion_error"):
        cause = ctx.get("error")
        zh = getattr(cause, "zh", None)
        if isinstance(zh, str) and zh:
            return zh
        reason = _message(error)
        for pattern, said in _REASONS_ZH:
            if pattern.fullmatch(reason):
                return pattern.sub(said, reason)
        return f"输入有误（{reason}）"
    check = _CHECKS_ZH.get(kind)
    if check is None:
        return f"输入有误（{_message(error)}）"
    values = {k: _expected(v) if k == "expected" else _number(v) for k, v in ctx.items()}
    try:
        return check.format(**values)
    except (KeyError, IndexError):
        return f"输入有误（{_message(error)}）"
