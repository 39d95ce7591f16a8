"""Case records, one module per step of case management."""

from hearth.cases.models.access import AccessGrant, Anonymisation, RetentionRun
from hearth.cases.models.approval import Approval
from hearth.cases.models.assessment import Assessment
from hearth.cases.models.case import (
    Case,
    CaseAssignment,
    ConsentRecord,
    ProtectionConcern,
    RiskChange,
    RiskLevel,
)
from hearth.cases.models.closure import Closure, Reopening
from hearth.cases.models.court import CourtInvolvement, Hearing, LegalOrder
from hearth.cases.models.delivery import (
    Referral,
    Service,
    ServiceProvider,
    ServiceType,
)
from hearth.cases.models.followup import CaseNote, CaseReview, FollowUp
from hearth.cases.models.plan import CasePlan, Goal, PlanAction
from hearth.cases.models.transfer import Transfer
from hearth.cases.models.work import WorkItem

__all__ = [
    "AccessGrant", "Anonymisation", "Approval", "Assessment", "Case", "CaseAssignment",
    "CaseNote", "CasePlan", "CaseReview", "Closure", "ConsentRecord", "CourtInvolvement",
    "FollowUp", "Goal", "Hearing",
    "LegalOrder", "PlanAction", "ProtectionConcern", "Referral", "Reopening", "RetentionRun",
    "RiskChange", "RiskLevel", "Service", "ServiceProvider", "ServiceType", "Transfer",
    "WorkItem",
]  # fmt: skip
