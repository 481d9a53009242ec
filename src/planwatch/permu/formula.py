"""Formulas and conditions of a scheme file, compiled to polars expressions.

A scheme writes `tax / land_mu` or `land_mu < 3 and above_scale`: Python syntax,
but only field names, numbers, strings, + - * /, comparisons, and/or/not,
`missing(field)` and `'专精特新' in labels` are allowed, so a scheme file can
never run code. Division by zero or by a missing value gives a missing value,
which the scoring rules then handle.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Collection

import polars as pl

from planwatch.errors import PlanwatchError, shorten
from planwatch.permu.fields import BY_NAME

# Real formulas are a line (`value_added / (cod_t + nh3n_t + so2_t + nox_t)`); the bounds
# keep a hostile or broken file from exhausting memory or the parser's recursion.
MAX_LENGTH = 1_000
MAX_DEPTH = 40


class FormulaError(PlanwatchError):
    pass


def _depth(tree: ast.AST) -> int:
    """How deeply the expression nests, counted without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


_ARITH: dict[type[ast.operator], Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: pl.when(b != 0).then(a / b),
}
_COMPARE: dict[type[ast.cmpop], Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
}


def _field(name: str, text: str, names: Collection[str]) -> pl.Expr:
    if name not in names:
        raise FormulaError(f"unknown field '{shorten(name, 40)}' in '{shorten(text)}'")
    return pl.col(name)


def _compile(node: ast.AST, text: str, names: Collection[str] = BY_NAME) -> pl.Expr:
    def sub(child: ast.AST) -> pl.Expr:
        return _compile(child, text, names)

    match node:
        case ast.Expression(body=body):
            return sub(body)
        case ast.Constant(value=float() as v) if not math.isfinite(v):
            raise FormulaError(f"a number too large in '{shorten(text)}'")
        case ast.Constant(value=bool() | int() | float() | str() as v):
            return pl.lit(v)
        case ast.Name(id=name):
            return _field(name, text, names)
        case ast.UnaryOp(op=ast.USub(), operand=x):
            return -sub(x)
        case ast.UnaryOp(op=ast.Not(), operand=x):
            return ~sub(x)
        case ast.BinOp(left=a, op=op, right=b) if type(op) in _ARITH:
            return _ARITH[type(op)](sub(a), sub(b))
        case ast.BoolOp(op=op, values=values):
            exprs = [sub(v) for v in values]
            out = exprs[0]
            for e in exprs[1:]:
                out = (out & e) if isinstance(op, ast.And) else (out | e)
            return out
        case ast.Compare(left=a, ops=[ast.In()], comparators=[ast.Name(id=name)]):
            if not isinstance(a, ast.Constant) or not isinstance(a.value, str):
                raise FormulaError(f"'in' needs a quoted label on its left in '{shorten(text)}'")
            return _field(name, text, names).list.contains(a.value).fill_null(False)
        case ast.Compare(left=a, ops=ops, comparators=rest) if all(
            type(o) in _COMPARE for o in ops
        ):
            parts, left = [], sub(a)
            for op, right_node in zip(ops, rest, strict=True):
                right = sub(right_node)
                parts.append(_COMPARE[type(op)](left, right))
                left = right
            out = parts[0]
            for p in parts[1:]:
                out = out & p
            return out
        case ast.Call(func=ast.Name(id="missing"), args=[ast.Name(id=name)], keywords=[]):
            return _field(name, text, names).is_null()
    part = shorten(ast.unparse(node), 40)
    raise FormulaError(f"not allowed in a scheme formula: '{part}' in '{shorten(text)}'")


def parse(text: str) -> ast.Expression:
    """The formula's syntax tree, within the bounds; FormulaError otherwise."""
    text = str(text).strip()
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            f"formula of {len(text):,} characters (at most {MAX_LENGTH:,}): '{shorten(text)}'"
        )
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError) as exc:
        reason = getattr(exc, "msg", None) or str(exc)
        raise FormulaError(f"cannot read '{shorten(text)}': {reason}") from None
    except (RecursionError, MemoryError):
        tree = None
    if tree is None or _depth(tree) > MAX_DEPTH:
        raise FormulaError(f"formula nested too deeply (at most {MAX_DEPTH}): '{shorten(text)}'")
    return tree


def compile_expr(text: str, names: Collection[str] = BY_NAME) -> pl.Expr:
    """A formula or condition over the columns `names` (by default the enterprise
    fields) as a polars expression; FormulaError names the problem."""
    return _compile(parse(text), text, names)


def compile_condition(text: str, names: Collection[str] = BY_NAME) -> pl.Expr:
    """A condition; a missing value makes it false, never null."""
    return compile_expr(text, names).fill_null(False)
