"""Records the reports app keeps of its own (one module per topic)."""

from hearth.reports.models.dhis2 import (
    DataElementMapping,
    Dhis2Server,
    Dhis2Submission,
    OrgUnitMapping,
)
from hearth.reports.models.exports import ExportJob

__all__ = ["DataElementMapping", "Dhis2Server", "Dhis2Submission", "ExportJob", "OrgUnitMapping"]
