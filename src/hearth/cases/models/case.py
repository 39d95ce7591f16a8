"""The case: a child known to the service, from registration to closure."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hearth.core import clock
from hearth.core.models import HearthModel


class RiskLevel(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ProtectionConcern(models.Model):
    """The protection concerns taxonomy: configuration, seeded with a standard list."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("protection concern")
        verbose_name_plural = _("protection concerns")

    def __str__(self):
        return self.name


class Case(HearthModel):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        ASSESSED = "assessed", _("Assessed")
        PLAN_APPROVED = "plan_approved", _("Case plan approved")
        IN_IMPLEMENTATION = "in_implementation", _("In implementation")
        UNDER_REVIEW = "under_review", _("Under review")
        CLOSED = "closed", _("Closed")

    class Identification(models.TextChoices):
        SELF = "self", _("The child came forward")
        FAMILY = "family", _("Family member")
        COMMUNITY = "community", _("Community member or leader")
        SCHOOL = "school", _("School")
        HEALTH = "health", _("Health worker")
        POLICE = "police", _("Police")
        COURT = "court", _("Court")
        HOTLINE = "hotline", _("Child helpline")
        AGENCY = "agency", _("Another agency")
        OUTREACH = "outreach", _("Outreach by the service")
        OTHER = "other", _("Other")

    number = models.CharField(_("case number"), max_length=32, unique=True, editable=False)
    child = models.ForeignKey(
        "registry.Person", verbose_name=_("child"), on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.REGISTERED, db_index=True
    )
    registration_date = models.DateField(_("registration date"))
    identified_how = models.CharField(
        _("how the child was identified"), max_length=20, choices=Identification
    )
    identified_by = models.CharField(_("identified or referred by"), max_length=200, blank=True)
    summary = models.TextField(_("reason for registration"), blank=True)
    concerns = models.ManyToManyField(
        ProtectionConcern, verbose_name=_("protection concerns"), related_name="cases"
    )
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("caseworker"),
        on_delete=models.PROTECT,
        related_name="owned_cases",
    )
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="cases"
    )
    location = models.ForeignKey(
        "places.Location", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    # Deadlines are data (kept by hearth.cases.deadlines): the open ones, and the
    # nearest of all of them, so case lists sort by what is due next.
    assessment_due_at = models.DateTimeField(_("assessment due"), null=True, blank=True)
    plan_due_on = models.DateField(_("case plan due"), null=True, blank=True)
    review_due_on = models.DateField(_("case review due"), null=True, blank=True)
    next_due_on = models.DateField(_("next due"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    # The child's facts the indicators break cases down by, copied from the person
    # and kept equal to them (hearth.cases.child_facts): no join with every child.
    child_sex = models.CharField(_("child's sex"), max_length=10, blank=True, editable=False)
    child_born_on = models.DateField(
        _("child's date of birth"), null=True, blank=True, editable=False
    )
    child_disability = models.CharField(
        _("child has a disability"), max_length=10, blank=True, editable=False
    )

    class Meta:
        ordering = ["-registration_date", "-number"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["owner", "status", "next_due_on"], name="case_worker_list"),
            # A worker's own live cases as ids (the task list reads their rows through
            # them, several times a page): from the index alone, no case rows
            # (is_voided repeated as a column for SQLite: see Service).
            models.Index(
                fields=["owner", "status", "id", "is_voided"],
                name="case_worker_live",
                condition=Q(is_voided=False),
            ),
            models.Index(fields=["team", "status"], name="case_team_status"),
            # The team view's open cases per worker (with the high-risk ones) and its
            # team's case ids for the approvals waiting: from the index alone.
            models.Index(
                fields=["team", "status", "owner", "risk_level", "id", "is_voided"],
                name="case_team_live",
                condition=Q(is_voided=False),
            ),
            models.Index(fields=["agency", "status"], name="case_agency_status"),
            models.Index(fields=["location", "status"], name="case_location_status"),
            models.Index(fields=["registration_date"], name="case_registered_on"),
            # Few cases are marked duplicates: the case page asks which point at it.
            # On the plain column index every case shares one value (empty), so the
            # planners' statistics make it look useless and they scan the cases.
            models.Index(
                fields=["duplicate_of"],
                name="case_duplicates",
                condition=Q(duplicate_of__isnull=False),
            ),
        ]

    # The copy of the child's facts changes with the person, whose change is the
    # one audited; only hearth.cases.child_facts writes it.
    DERIVED_FIELDS = frozenset({"child_sex", "child_born_on", "child_disability"})
    BOOKKEEPING_FIELDS = HearthModel.BOOKKEEPING_FIELDS | DERIVED_FIELDS

    def __str__(self):
        return self.number

    @classmethod
    def from_db(cls, db, field_names, values):
        case = super().from_db(db, field_names, values)
        case._child_at_load = case.__dict__.get("child_id")
        return case

    def save(self, *args, **kwargs):
        # A case that gets its child (registration, or moved to another child)
        # copies the child's facts; afterwards the person's writes keep them, and
        # a case read before those is never saved over them.
        fields = kwargs.get("update_fields")
        if self.child_id is not None and self.child_id != getattr(self, "_child_at_load", None):
            from hearth.cases import child_facts

            child_facts.copy_to(self, self.child)
            if fields is not None:
                kwargs["update_fields"] = {*fields, *self.DERIVED_FIELDS}
        elif not self._state.adding:
            if fields is None:  # what save() writes by default: the loaded fields
                deferred = self.get_deferred_fields()
                fields = [
                    f.name
                    for f in self._meta.concrete_fields
                    if not f.primary_key and f.attname not in deferred
                ]
            kwargs["update_fields"] = [f for f in fields if f not in self.DERIVED_FIELDS]
        super().save(*args, **kwargs)
        self._child_at_load = self.child_id

    @property
    def audit_case_id(self):
        return self.pk

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    def clean(self):
        if self.registration_date and self.registration_date > clock.today():
            raise ValidationError(
                {"registration_date": _("The registration date cannot be in the future.")}
            )
        if self.duplicate_of_id and self.duplicate_of_id == self.pk:
            raise ValidationError({"duplicate_of": _("A case cannot duplicate itself.")})


class CaseChild:
    """Mixin for rows that belong to one case: their audit events file under it,
    labelled by kind and id, never by their (possibly sensitive) text."""

    @property
    def audit_case_id(self):
        return self.case_id

    @property
    def audit_label(self) -> str:
        return f"{self._meta.model_name} {str(self.pk)[:8]}"  # type: ignore[attr-defined]


class RiskChange(CaseChild, HearthModel):
    """Risk level history (C1): every change with its reason."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="risk_changes")
    from_level = models.CharField(_("from"), max_length=10, choices=RiskLevel, blank=True)
    to_level = models.CharField(_("to"), max_length=10, choices=RiskLevel)
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("risk level change")
        verbose_name_plural = _("risk level changes")

    def __str__(self):
        return f"{self.from_level or '—'} → {self.to_level}"


class ConsentRecord(CaseChild, HearthModel):
    """Consent for services, for sharing/referral or for tracing (B1), or a
    best-interests override of it with the reason (B2, B3)."""

    class Kind(models.TextChoices):
        SERVICES = "services", _("Services")
        SHARING = "sharing", _("Sharing and referral")
        TRACING = "tracing", _("Family tracing")

    class GivenBy(models.TextChoices):
        CHILD = "child", _("The child")
        PARENT = "parent", _("Parent")
        CAREGIVER = "caregiver", _("Caregiver")
        GUARDIAN = "guardian", _("Legal guardian")
        OTHER = "other", _("Other")

    class Assent(models.TextChoices):
        AGREES = "agrees", _("The child agrees")
        DISAGREES = "disagrees", _("The child disagrees")
        NOT_ASKED = "not_asked", _("Too young or unable to give a view")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consents")
    kind = models.CharField(_("consent for"), max_length=10, choices=Kind)
    given = models.BooleanField(_("consent given"))
    given_by = models.CharField(_("given by"), max_length=10, choices=GivenBy, blank=True)
    given_by_name = models.CharField(
        _("name of the person giving consent"), max_length=150, blank=True
    )
    given_on = models.DateField(_("date"))
    child_assent = models.CharField(_("child's assent"), max_length=10, choices=Assent, blank=True)
    child_views = models.TextField(_("the child's own views"), blank=True)
    # No consent, but acting anyway in the child's best interests, with the reason.
    override = models.BooleanField(_("best-interests override"), default=False)
    override_reason = models.TextField(_("reason for the override"), blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        ordering = ["-given_on", "-created_at"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self):
        return f"{self.get_kind_display()}: {'yes' if self.given else 'no'}"

    @property
    def permits(self) -> bool:
        return (self.given or self.override) and self.withdrawn_on is None and not self.is_voided

    def clean(self):
        errors = {}
        if self.given_on and self.given_on > clock.today():
            errors["given_on"] = _("The date cannot be in the future.")
        if self.given and not self.given_by:
            errors["given_by"] = _("Say who gave consent.")
        if self.override and self.given:
            errors["override"] = _("An override is only for when consent was not given.")
        if self.override and not (self.override_reason or "").strip():
            errors["override_reason"] = _(
                "Explain why acting without consent is in the child's best interests."
            )
        if errors:
            raise ValidationError(errors)


class CaseAssignment(CaseChild, HearthModel):
    """Another worker assigned to the case alongside its owner: they see it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments"
    )
    note = models.CharField(_("role on the case"), max_length=150, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=Q(ended_at__isnull=True, is_voided=False),
                name="one_open_assignment_per_user",
                violation_error_message=_("This worker is already assigned to the case."),
            )
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return f"{self.user} on {self.case}"
