"""Indicators: each defined once (engine.Indicator), computed in the database from
the records the viewer may see, disaggregated by any of the dimensions."""

from hearth.reports.indicators.engine import Indicator, Result, compute, get, register, registry
from hearth.reports.indicators.period import Period

__all__ = ["Indicator", "Period", "Result", "compute", "get", "register", "registry"]
