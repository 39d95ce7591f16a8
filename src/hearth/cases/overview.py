"""The first section of the case page: concerns, risk history, consent, who works
on the case, and the child's family."""

from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from hearth.cases import sections
from hearth.cases.models import Case, CaseAssignment, ConsentRecord, RiskChange


def consents_of(case) -> list[ConsentRecord]:
    """The case's live consent records, newest first (the model's order), read once
    for the page: the overview lists them and other sections pick what stands."""
    return sections.shared(
        case,
        "consents",
        lambda: list(case.consents.filter(is_voided=False).select_related("created_by")),
    )


def build(user, case) -> dict:
    consents = consents_of(case)
    latest: dict[str, ConsentRecord] = {}
    for consent in consents:  # newest first: the first of each kind stands
        latest.setdefault(consent.kind, consent)
    return {
        "risk_changes": (
            case.risk_changes.select_related("created_by")[:10]
            if sections.has(case, "risk_changes")
            else []
        ),
        "consents": consents,
        "consent_status": [
            (kind, label, latest.get(kind)) for kind, label in ConsentRecord.Kind.choices
        ],
        "assignments": (
            case.assignments.filter(ended_at__isnull=True, is_voided=False).select_related("user")
            if sections.has(case, "assignments")
            else []
        ),
        # No ORDER BY in SQL: with the cases' default order the database walks the
        # whole registration-date index instead of the few rows pointing here
        # (seen at 200,000 cases); the handful found are sorted here.
        "duplicates": (
            sorted(
                case.duplicates.filter(is_voided=False).order_by().only("pk", "number"),
                key=lambda c: c.number,
            )
            if sections.has(case, "duplicates")
            else []
        ),
    }


sections.add(
    "overview",
    _("Overview"),
    "cases/sections/overview.html",
    build,
    order=10,
    asks=("case.work", "case.reassign"),
)
# Co-workers and duplicates are rare: read only when the case has some.
sections.holds(
    "assignments",
    lambda: CaseAssignment.objects.filter(
        case=OuterRef("pk"), ended_at__isnull=True, is_voided=False
    ),
)
sections.holds("risk_changes", lambda: RiskChange.objects.filter(case=OuterRef("pk")))
sections.holds(
    "duplicates", lambda: Case.objects.filter(duplicate_of=OuterRef("pk"), is_voided=False)
)
