"""Monitoring arithmetic: progress, growth and status of indicators against targets.

Pure functions over polars frames (`assess_frame`) with a one-indicator wrapper
(`assess`); no files, no database.
"""

from planwatch.monitor.actuals import with_actuals
from planwatch.monitor.assess import assess, assess_frame, assess_tracks

__all__ = ["assess", "assess_frame", "assess_tracks", "with_actuals"]
