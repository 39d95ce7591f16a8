"""Appropriate care, one module per concept; import from hearth.care.models."""

from hearth.care.models.arrangement import (
    CareArrangement,
    Discharge,
    FamilyContact,
    GatekeepingDecision,
    PlacementReview,
)
from hearth.care.models.population import PopulationEstimate
from hearth.care.models.providers import (
    CapacityBand,
    Facility,
    FosterCarer,
    Inspection,
    InspectionAction,
)
from hearth.care.models.reintegration import (
    FamilyAssessment,
    ReintegrationPlan,
    ReintegrationTask,
    ReintegrationVisit,
)
from hearth.care.models.tracing import TracingMatch, TracingRequest
from hearth.care.models.types import CareType, ChangeReason

__all__ = [
    "CapacityBand", "CareArrangement", "CareType", "ChangeReason", "Discharge",
    "Facility", "FamilyAssessment", "FamilyContact", "FosterCarer", "GatekeepingDecision",
    "Inspection", "InspectionAction", "PlacementReview", "PopulationEstimate",
    "ReintegrationPlan", "ReintegrationTask", "ReintegrationVisit", "TracingMatch",
    "TracingRequest",
]  # fmt: skip
