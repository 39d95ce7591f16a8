from hearth.reports.models.builder import SavedReport, ScheduledRun
from hearth.reports.models.dhis2 import (
    DataElementMapping,
    Dhis2Server,
    Dhis2Submission,
    OrgUnitMapping,
)
from hearth.reports.models.exports import ExportJob
from hearth.reports.models.figures import DashboardFigure, DashboardRefresh

__all__ = [
    "DashboardFigure",
    "DashboardRefresh",
    "DataElementMapping",
    "Dhis2Server",
    "Dhis2Submission",
    "ExportJob",
    "OrgUnitMapping",
    "SavedReport",
    "ScheduledRun",
]
