"""What the store knows, as plain data for validating actuals files."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from planwatch.actuals.validate import Known, KnownIndicator
from planwatch.catalog import entry, normal_name
from planwatch.store.plans import plan_years
from planwatch.store.schema import Plan, Region


def known_for(session: Session, plans: list[Plan] | None = None) -> Known:
    """Indicators of `plans` (every stored plan by default), all regions, the plans' years
    (`plan_years`: from the earliest base year to a margin after the last target)."""
    plans = plans if plans is not None else list(session.scalars(select(Plan)))
    known = Known(regions=set(session.scalars(select(Region.name))))
    spans = [plan_years(plan) for plan in plans]
    for plan in plans:
        for ind in plan.indicators:
            hit = KnownIndicator(key=ind.indicator_key, unit=ind.unit)
            known.indicators.setdefault(normal_name(ind.name), hit)
            if ind.catalog_id:
                cat = entry(ind.catalog_id)
                for name in (cat.name, *cat.synonyms):
                    known.indicators.setdefault(normal_name(name), hit)
    if spans:
        known.first_year = min(a for a, _ in spans)
        known.last_year = max(b for _, b in spans)
    return known
