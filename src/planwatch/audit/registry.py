"""Audit rules, registered like the readers: each module of `planwatch.audit.rules`
defines one or more functions decorated with `@rule`, which take the audited plan
and yield findings. Adding a rule is adding a module; nothing else lists them."""

from __future__ import annotations

import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from planwatch.models.audit import Finding, RuleInfo

if TYPE_CHECKING:
    from planwatch.audit.plan import AuditedPlan

Check = Callable[["AuditedPlan"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    name: str
    title_zh: str
    title_en: str
    check: Check
    needs_store: bool = False  # runs only on a stored plan (needs recorded actuals)

    @property
    def info(self) -> RuleInfo:
        return RuleInfo(name=self.name, title_zh=self.title_zh, title_en=self.title_en)


RULES: dict[str, Rule] = {}


def rule(
    name: str, title_zh: str, title_en: str, needs_store: bool = False
) -> Callable[[Check], Check]:
    """Register `check` as the rule `name`."""

    def register(check: Check) -> Check:
        if name in RULES and RULES[name].check is not check:
            raise ValueError(f"two audit rules named {name!r}")
        RULES[name] = Rule(name, title_zh, title_en, check, needs_store)
        return check

    return register


def all_rules() -> list[Rule]:
    """Every rule, its module imported on first use (the order is the modules')."""
    import planwatch.audit.rules as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        import_module(f"{package.__name__}.{info.name}")
    return list(RULES.values())
