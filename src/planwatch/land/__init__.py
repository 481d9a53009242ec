"""Land-demand forecasting: how much new industrial land a plan's output targets need."""

from planwatch.land.forecast import forecast

__all__ = ["forecast"]
