"""The catalogue of canonical indicators (shipped as `indicators.yaml`), units and matching."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from planwatch.catalog.match import match, normal_name
from planwatch.catalog.units import UnitError, canonical_unit, convert, convertible, unit_of
from planwatch.errors import PlanwatchError
from planwatch.models.catalog import CatalogEntry, CatalogMatch


@cache
def load_catalog() -> tuple[CatalogEntry, ...]:
    import yaml  # only where the catalogue is used

    text = files("planwatch.catalog").joinpath("indicators.yaml").read_text(encoding="utf-8")
    return tuple(CatalogEntry.model_validate(e) for e in yaml.safe_load(text))


@cache
def _by_normal_name() -> dict[str, CatalogEntry]:
    return {normal_name(n): e for e in load_catalog() for n in (e.name, *e.synonyms)}


def named(name: str) -> CatalogEntry | None:
    """The entry `name` is (its name or a synonym, in the normal form), not one it
    resembles: a dictionary lookup, for callers that ask for every row of a plan."""
    return _by_normal_name().get(normal_name(name))


class UnknownEntry(PlanwatchError):
    pass


def entry(entry_id: str) -> CatalogEntry:
    for e in load_catalog():
        if e.id == entry_id:
            return e
    raise UnknownEntry(f"no catalogue entry '{entry_id}' (see `planwatch catalog`)")


def match_indicator(name: str, unit: str = "") -> CatalogMatch | None:
    return match(name, unit, list(load_catalog()))


__all__ = [
    "CatalogEntry",
    "CatalogMatch",
    "UnitError",
    "canonical_unit",
    "convert",
    "convertible",
    "entry",
    "load_catalog",
    "match_indicator",
    "named",
    "normal_name",
    "unit_of",
]
