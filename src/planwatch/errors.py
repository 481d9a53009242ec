"""Errors that carry what a user needs to fix their input."""

from __future__ import annotations

from pathlib import Path


class PlanwatchError(Exception):
    """Base of every error planwatch reports to users without a traceback."""


class InputError(PlanwatchError):
    """A file that cannot be read as a plan: names the file and the reason."""

    def __init__(self, path: str | Path, reason: str, details: list[str] | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        # One line per problem (e.g. each bad row of an import), shown under the message.
        self.details = list(details or [])
        super().__init__(f"{self.path}: {reason}")


class ArgumentError(PlanwatchError):
    """A value given on the command line (or in a request) that cannot be used:
    the message names the option and what would be accepted."""


def shorten(text: str, limit: int = 80) -> str:
    """`text` cut to `limit` characters for a message (a 10 KB formula is not echoed)."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def error_location(loc: tuple[object, ...], data: object = None) -> str:
    """Where a validation error sits: `industries[2].output` → with the input `data`,
    `industries[2] (节能环保).output`, so the user finds the row by its name."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            if parts:
                parts[-1] += f"[{key}]"
            else:
                parts.append(f"[{key}]")
            node = node[key] if isinstance(node, list) and key < len(node) else None
            if isinstance(node, dict) and "name" in node:
                parts[-1] += f" ({node['name']})"
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts)
