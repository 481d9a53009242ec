"""Indicator lifecycle: active, suspended or proposed for cancellation, with reasons."""

from __future__ import annotations

from planwatch.models.store import LifecycleChange, LifecycleState
from planwatch.store.schema import LifecycleEvent, PlanIndicator


def change_state(indicator: PlanIndicator, change: LifecycleChange) -> LifecycleEvent:
    event = LifecycleEvent(
        state=change.state.value,
        reason=change.reason.value,
        note=change.note,
        effective=change.effective,
    )
    indicator.lifecycle.append(event)
    return event


def current_state(indicator: PlanIndicator) -> LifecycleEvent | None:
    """The latest change by effective date (then by entry order), None when never changed."""
    if not indicator.lifecycle:
        return None
    return max(indicator.lifecycle, key=lambda e: (e.effective, e.id or 0))


def is_active(indicator: PlanIndicator) -> bool:
    event = current_state(indicator)
    return event is None or event.state == LifecycleState.ACTIVE
