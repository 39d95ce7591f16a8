"""Registering a case and keeping its core facts: risk level, consent, people
assigned to it, duplicates."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record, record_change
from hearth.cases import deadlines
from hearth.cases.caseload import check_caseload
from hearth.cases.models import (
    Case,
    CaseAssignment,
    ConsentRecord,
    ProtectionConcern,
    RiskChange,
    RiskLevel,
)
from hearth.cases.notices import tell
from hearth.core import clock, ids, writes
from hearth.core.errors import Refused
from hearth.registry import services as registry
from hearth.registry.models import Person

CASE_FIELDS = frozenset(
    {"registration_date", "identified_how", "identified_by", "summary", "location"}
)
CONSENT_FIELDS = frozenset(
    {
        "kind",
        "given",
        "given_by",
        "given_by_name",
        "given_on",
        "child_assent",
        "child_views",
        "override",
        "override_reason",
    }
)


def _concerns(codes_or_objects) -> list[ProtectionConcern]:
    items = list(codes_or_objects or [])
    concerns = [c for c in items if isinstance(c, ProtectionConcern)]
    codes = [c for c in items if not isinstance(c, ProtectionConcern)]
    if codes:
        found = {
            c.code: c for c in ProtectionConcern.objects.filter(code__in=codes, is_active=True)
        }
        unknown = sorted(set(codes) - set(found))
        if unknown:
            raise ValidationError(
                {"concerns": _("Unknown protection concern: %(c)s") % {"c": ", ".join(unknown)}}
            )
        concerns += list(found.values())
    if not concerns:
        raise ValidationError({"concerns": _("Choose at least one protection concern.")})
    return concerns


def _check_child(child: Person) -> None:
    """A1: the child's sex and date of birth (or estimated age) are required."""
    errors = {}
    if child.sex == "unknown" or not child.sex:
        errors["sex"] = _("Record the child's sex.")
    if not child.date_of_birth:
        errors["date_of_birth"] = _("Give the child's date of birth or an estimated age.")
    if errors:
        raise ValidationError(errors)


def _check_owner(actor, owner) -> None:
    """Registering a case for someone else is for supervisors (any worker they may
    assign) and data clerks (a worker of their own agency)."""
    if owner == actor:
        return
    if policy.has_perm(actor, "case.reassign"):
        return
    clerk = not policy.has_perm(actor, "case.work")
    if clerk and owner.agency_id and owner.agency_id == actor.agency_id:
        return
    raise Refused(
        _(
            "You can only register cases for yourself. Ask your supervisor to "
            "assign the case to someone else."
        )
    )


@transaction.atomic
def case_register(
    *,
    actor,
    child: Person | None = None,
    child_fields: dict | None = None,
    registration_date: dt.date,
    identified_how: str,
    identified_by: str = "",
    summary: str = "",
    concerns,
    risk_level: str,
    location,
    consent: dict,
    owner=None,
    caseload_override: str = "",
) -> Case:
    """Register a case for a child (A1): an existing person the worker can see, or a
    new one from `child_fields`. Consent for services is recorded with it; without
    consent, a best-interests override with a reason is required (B2)."""
    policy.require(actor, "case.register")
    owner = owner or actor
    _check_owner(actor, owner)
    if child is None:
        if not child_fields:
            raise ValidationError(_("Choose the child or enter the child's details."))
        child_fields = {"location": location, **child_fields}
        _check_child(Person(**{k: v for k, v in child_fields.items() if k != "identifiers"}))
        child = registry.person_create(actor=actor, **child_fields)
    else:
        policy.require(actor, "person.view", child)
        _check_child(child)
    if risk_level not in RiskLevel.values:
        raise ValidationError({"risk_level": _("Choose the risk level.")})

    check_caseload(actor=actor, worker=owner, override_reason=caseload_override)
    case = Case(
        number=ids.yearly_number(
            settings.HEARTH["CASE_NUMBER_PREFIX"],  # type: ignore[arg-type]
            year=registration_date.year if registration_date else None,
        ),
        child=child,
        registration_date=registration_date,
        identified_how=identified_how,
        identified_by=identified_by,
        summary=summary,
        risk_level=risk_level,
        location=location,
        owner=owner,
        team=owner.team,
        agency=owner.agency,
    )
    if not owner.agency_id:
        raise ValidationError({"owner": _("The caseworker must belong to an agency.")})
    writes.create(case, actor=actor)
    case.concerns.set(_concerns(concerns))
    case.assessment_due_at = deadlines.assessment_due(case)
    Case.objects.filter(pk=case.pk).update(assessment_due_at=case.assessment_due_at)
    RiskChange.objects.create(
        case=case,
        to_level=risk_level,
        reason=_("Risk level at registration"),
        created_by=actor,
        updated_by=actor,
    )
    record_change(
        actor=actor,
        action="case.register",
        target=case,
        before=None,
        detail={"concerns": [c.code for c in case.concerns.all()]},
    )
    _consent_add(actor=actor, case=case, **{**consent, "kind": ConsentRecord.Kind.SERVICES})
    deadlines.refresh(case)
    if owner != actor:
        tell(
            owner,
            "assignment",
            lambda: _("Case %(n)s was assigned to you") % {"n": case.number},
            case=case,
            actor=actor,
        )
    return case


@transaction.atomic
def case_update(
    *, actor, case: Case, expected_version: int | None = None, concerns=None, **fields
) -> Case:
    """Correct the registration details (not the risk level: see risk_change)."""
    policy.require(actor, "case.work", case)
    unknown = set(fields) - CASE_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = writes.snapshot(case)
    for name, value in fields.items():
        setattr(case, name, value)
    writes.update(case, actor=actor, expected_version=expected_version)
    detail = {}
    if concerns is not None:
        old = sorted(case.concerns.values_list("code", flat=True))
        case.concerns.set(_concerns(concerns))
        new = sorted(c.code for c in case.concerns.all())
        if old != new:
            detail["concerns"] = [old, new]
    record_change(actor=actor, action="case.update", target=case, before=before, detail=detail)
    return case


@transaction.atomic
def risk_change(*, actor, case: Case, risk_level: str, reason: str) -> Case:
    """Change the risk level with a reason (C1). An assessment still to come gets
    the deadline of the new level (C2)."""
    policy.require(actor, "case.work", case)
    if risk_level not in RiskLevel.values:
        raise ValidationError({"risk_level": _("Choose the risk level.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the risk level changes.")})
    if risk_level == case.risk_level:
        raise ValidationError({"risk_level": _("The case already has this risk level.")})
    if not case.is_open:
        raise Refused(_("The case is closed."))
    before = writes.snapshot(case)
    change = RiskChange(
        case=case, from_level=case.risk_level, to_level=risk_level, reason=reason.strip()
    )
    writes.create(change, actor=actor)
    case.risk_level = risk_level
    if case.status == Case.Status.REGISTERED:
        case.assessment_due_at = deadlines.assessment_due(case)
    writes.update(case, actor=actor)
    record_change(
        actor=actor,
        action="case.risk_change",
        target=case,
        before=before,
        detail={"reason": reason.strip()},
    )
    deadlines.refresh(case)
    return case


def _consent_add(*, actor, case: Case, **fields) -> ConsentRecord | None:
    unknown = set(fields) - CONSENT_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    fields.setdefault("given_on", clock.today())
    if (
        fields.get("override")
        and not policy.has_perm(actor, "consent.override")
        and (fields.get("kind") != ConsentRecord.Kind.SERVICES)
    ):
        raise Refused(_("Only a supervisor may record a consent override for sharing or tracing."))
    consent = ConsentRecord(case=case, **fields)
    if not consent.given and not consent.override:
        raise ValidationError(
            {"given": _("Without consent, record a best-interests override with its reason.")}
        )
    writes.create(consent, actor=actor)
    record_change(actor=actor, action="case.consent_record", target=consent, before=None)
    return consent


@transaction.atomic
def consent_record(*, actor, case: Case, **fields) -> ConsentRecord:
    """Record consent (B1) for services, sharing or tracing, with who gave it and the
    child's assent; or, without consent, an override with its reason (audited)."""
    policy.require(actor, "case.work", case)
    return _consent_add(actor=actor, case=case, **fields)  # type: ignore[return-value]


@transaction.atomic
def consent_withdraw(*, actor, consent: ConsentRecord, withdrawn_on: dt.date) -> ConsentRecord:
    policy.require(actor, "case.work", consent.case)
    if consent.withdrawn_on:
        raise Refused(_("This consent was already withdrawn."))
    if withdrawn_on > clock.today():
        raise ValidationError({"withdrawn_on": _("The date cannot be in the future.")})
    before = writes.snapshot(consent)
    consent.withdrawn_on = withdrawn_on
    writes.update(consent, actor=actor)
    record_change(actor=actor, action="case.consent_withdraw", target=consent, before=before)
    return consent


def current_consent(case: Case, kind: str) -> ConsentRecord | None:
    """The latest consent record of a kind that still stands, if any."""
    return (
        case.consents.filter(kind=kind, is_voided=False, withdrawn_on__isnull=True)
        .order_by("-given_on", "-created_at")
        .first()
    )


def standing_consent(consents, kind: str) -> ConsentRecord | None:
    """`current_consent` picked from the case's live consent records already read,
    newest first (the case page reads them once for several sections)."""
    return next((c for c in consents if c.kind == kind and c.withdrawn_on is None), None)


def require_consent(case: Case, kind: str, override_reason: str = "", actor=None) -> str:
    """The consent gate (B3): pass when consent of `kind` stands, or when an override
    reason is given by someone allowed to give one. Returns the override reason
    used ("" when consent stood), for the caller to keep and audit."""
    consent = current_consent(case, kind)
    if consent is not None and consent.permits:
        return ""
    reason = (override_reason or "").strip()
    if not reason:
        raise Refused(
            _(
                "There is no consent for %(kind)s on this case. Record consent first, or give a "
                "reason for acting without it."
            )
            % {"kind": ConsentRecord.Kind(kind).label.lower()}
        )
    if actor is not None and not policy.has_perm(actor, "consent.override"):
        raise Refused(_("Only a supervisor may act without consent. Ask your supervisor."))
    return reason


@transaction.atomic
def assignment_add(*, actor, case: Case, user, note: str = "") -> CaseAssignment:
    """Assign another worker to the case alongside its owner (they then see it)."""
    policy.require(actor, "case.reassign", case)
    assignment = CaseAssignment(case=case, user=user, note=note)
    writes.create(assignment, actor=actor)
    record_change(actor=actor, action="case.assign", target=assignment, before=None)
    tell(
        user,
        "assignment",
        lambda: _("You were assigned to case %(n)s") % {"n": case.number},
        case=case,
        actor=actor,
    )
    return assignment


@transaction.atomic
def assignment_end(*, actor, assignment: CaseAssignment) -> CaseAssignment:
    policy.require(actor, "case.reassign", assignment.case)
    if assignment.ended_at:
        raise Refused(_("This assignment has already ended."))
    before = writes.snapshot(assignment)
    assignment.ended_at = clock.now()
    writes.update(assignment, actor=actor)
    record_change(actor=actor, action="case.unassign", target=assignment, before=before)
    return assignment


@transaction.atomic
def case_mark_duplicate(*, actor, case: Case, of: Case, reason: str) -> Case:
    """Mark a case as a duplicate of the surviving one (A6). It stays readable,
    links to the survivor, and no longer counts in indicators."""
    policy.require(actor, "case.void", case)
    policy.require(actor, "case.view", of)
    if of.pk == case.pk or of.duplicate_of_id == case.pk:
        raise ValidationError({"of": _("Choose another case as the surviving record.")})
    if case.duplicate_of_id:
        raise Refused(_("This case is already marked as a duplicate."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why this case is a duplicate.")})
    before = writes.snapshot(case)
    case.duplicate_of = of
    writes.update(case, actor=actor)
    record_change(
        actor=actor,
        action="case.mark_duplicate",
        target=case,
        before=before,
        detail={"survivor": of.number, "reason": reason.strip()},
    )
    return case


@transaction.atomic
def case_void(*, actor, case: Case, reason: str) -> Case:
    policy.require(actor, "case.void", case)
    before = writes.snapshot(case)
    writes.void(case, actor=actor, reason=reason)
    record_change(actor=actor, action="case.void", target=case, before=before)
    return case


def record_read(*, actor, case: Case, what: str = "case") -> None:
    """Every read of a case record is an audit event (B6); a read under emergency
    access or a granted request says so (B4)."""
    from hearth.cases.services.access_requests import read_detail

    detail = {"page": what, **read_detail(actor, case)}
    record(actor=actor, action="case.read", target=case, detail=detail)
