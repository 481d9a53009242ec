"""Indicator lifecycle: active, suspended or proposed for cancellation, with reasons."""

from __future__ import annotations

from planwatch.models.monitor import StateChange
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


def state_changes(indicator: PlanIndicator) -> list[StateChange]:
    """The indicator's changes in the order they apply: by effective date, then as entered."""
    events = sorted(indicator.lifecycle, key=lambda e: (e.effective, e.id or 0))
    return [
        StateChange(effective=e.effective, active=e.state == LifecycleState.ACTIVE) for e in events
    ]
