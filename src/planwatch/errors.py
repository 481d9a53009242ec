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
