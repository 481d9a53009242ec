"""Errors that carry what a user needs to fix their input."""

from __future__ import annotations

from pathlib import Path


class PlanwatchError(Exception):
    """Base of every error planwatch reports to users without a traceback.

    `str()` stays English: the command line and scripts read it. The pages are Chinese
    by default, and a bureau analyst may read no English, so a raise site reachable from
    a page also gives `zh`, the same message in Chinese with the same names and numbers.
    """

    # a subclass whose __init__ does not call this one's still answers text() in English
    zh: str | None = None

    def __init__(self, *args: object, zh: str | None = None) -> None:
        super().__init__(*args)
        self.zh = zh or None

    def text(self, lang: str) -> str:
        """The message in the page's language, English where no Chinese was given."""
        return self.zh if lang == "zh" and self.zh else str(self)

    def detail_lines(self, lang: str) -> list[str]:
        """The per-problem lines (an import's bad rows) in the page's language; the Chinese
        lines only when every line has one, so no problem is dropped from the list."""
        details = list(getattr(self, "details", None) or [])
        chinese = list(getattr(self, "details_zh", None) or [])
        return chinese if lang == "zh" and chinese and len(chinese) == len(details) else details


class InputError(PlanwatchError):
    """A file that cannot be read as a plan: names the file and the reason."""

    def __init__(
        self,
        path: str | Path,
        reason: str,
        details: list[str] | None = None,
        zh: str | None = None,
        details_zh: list[str] | None = None,
    ) -> None:
        self.path = str(path)
        self.reason = reason
        self.reason_zh = zh or None
        # One line per problem (e.g. each bad row of an import), shown under the message.
        self.details = list(details or [])
        self.details_zh = list(details_zh or [])
        # the Chinese starts with the file too: which file is wrong matters in any language
        super().__init__(f"{self.path}: {reason}", zh=f"{self.path}：{zh}" if zh else None)

    def named(self, name: str) -> InputError:
        """The same error naming the file as the user knows it: an upload is read from a
        temporary copy, whose folder means nothing to them."""
        return InputError(name, self.reason, self.details, self.reason_zh, self.details_zh)


class ArgumentError(PlanwatchError):
    """A value given on the command line (or in a request) that cannot be used:
    the message names the option and what would be accepted."""


def text_of(exc: BaseException, lang: str) -> str:
    """Any error's message in the page's language: planwatch's own errors, and the
    others that carry a `zh` (a NumberError, a page's refusal); English otherwise."""
    zh = getattr(exc, "zh", None)
    return zh if lang == "zh" and isinstance(zh, str) and zh else str(exc)


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
