"""Records the reports app keeps of its own (one module per topic)."""

from hearth.reports.models.builder import SavedReport, ScheduledRun
from hearth.reports.models.exports import ExportJob

__all__ = ["ExportJob", "SavedReport", "ScheduledRun"]
