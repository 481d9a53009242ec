"""Which evaluation years an indicator's suspension or resumption applies to.

A state change applies from its effective date on; earlier years keep the state
they had. An evaluation year is judged by the state in force on its last day,
because a year's value is the year-end figure: an indicator suspended from
2023-03-01 (say, the statistics behind it were discontinued) is still evaluated
for 2022 and is not for 2023; one suspended on 2022-12-31 is not evaluated for
2022 either.
"""

from __future__ import annotations

from datetime import date

from planwatch.models.monitor import StateChange


def active_in(states: list[StateChange], year: int) -> bool:
    """Whether the indicator is measured in evaluation `year` (`states` in the order they apply)."""
    last_day = date(year, 12, 31)
    in_force = [s for s in states if s.effective <= last_day]
    return in_force[-1].active if in_force else True
