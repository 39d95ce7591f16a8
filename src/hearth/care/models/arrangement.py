"""The care arrangement timeline (F1) and what hangs on each placement: the
gatekeeping decision that allowed it (F2), its reviews (F5), contact with the
family (F6) and the discharge that ended it (F10).

Dates are days: an arrangement runs from its start date to its end date, both
included. The next arrangement starts at the earliest the day after."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.cases.models.case import CaseChild
from hearth.core import clock
from hearth.core.models import HearthModel


def _not_future(errors: dict, field: str, value, message) -> None:
    if value and value > clock.today():
        errors[field] = message


class GatekeepingDecision(CaseChild, HearthModel):
    """The decision, after an assessment, on whether the child needs alternative
    care at all and which care suits them (F2, UN Guidelines §57-58)."""

    class Body(models.TextChoices):
        PANEL = "panel", _("Gatekeeping panel")
        COURT = "court", _("Court")
        OFFICER = "officer", _("Authorised officer")
        OTHER = "other", _("Other")

    class Decision(models.TextChoices):
        PLACE = "place", _("Place the child in alternative care")
        SUPPORT = "support", _("Support the family to care for the child instead")
        OTHER = "other", _("Other decision")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="gatekeeping_decisions"
    )
    child = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField(_("date of the assessment"))
    decided_on = models.DateField(_("date of the decision"))
    body = models.CharField(_("decided by"), max_length=10, choices=Body)
    body_name = models.CharField(
        _("name of the panel, court or officer"), max_length=200, blank=True
    )
    # The options considered, in the order considered: [{"care_type": code, "note": ""}].
    options = models.JSONField(_("options considered"), default=list)
    family_options_not_possible = models.TextField(
        _("why family-based care was not possible"), blank=True
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision)
    recommended_care_type = models.ForeignKey(
        "care.CareType",
        verbose_name=_("recommended care"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rationale = models.TextField(_("rationale"))
    child_consulted = models.BooleanField(_("the child was consulted"), default=False)
    child_views = models.TextField(_("the child's views"), blank=True)
    parents_consulted = models.BooleanField(_("the parents were consulted"), default=False)
    parents_views = models.TextField(_("the parents' views"), blank=True)
    legal_order = models.ForeignKey(
        "cases.LegalOrder",
        verbose_name=_("legal order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-decided_on", "-created_at"]
        verbose_name = _("gatekeeping decision")
        verbose_name_plural = _("gatekeeping decisions")

    def __str__(self):
        return f"{self.get_decision_display()} ({self.decided_on})"

    def clean(self):
        errors = {}
        _not_future(errors, "decided_on", self.decided_on, _("The date cannot be in the future."))
        if self.assessed_on and self.decided_on and self.decided_on < self.assessed_on:
            errors["decided_on"] = _("The decision comes after the assessment.")
        if self.decision == self.Decision.PLACE and not self.recommended_care_type_id:
            errors["recommended_care_type"] = _("Say which care the decision recommends.")
        if not self.child_consulted and self.child_views.strip():
            errors["child_consulted"] = _("The child's views are recorded: tick “consulted”.")
        if errors:
            raise ValidationError(errors)


class CareArrangement(CaseChild, HearthModel):
    """One episode of a child's care: parental, kinship, foster, residential..."""

    class LegalBasis(models.TextChoices):
        NONE = "none", _("None (informal arrangement)")
        AGREEMENT = "agreement", _("Agreement with the parents")
        ADMINISTRATIVE = "administrative", _("Administrative decision")
        COURT = "court", _("Court order")

    class Safeguard(models.TextChoices):
        NOT_NEEDED = "", _("Not needed")
        AWAITING = "awaiting", _("Awaiting senior approval")
        APPROVED = "approved", _("Approved by a senior")
        REFUSED = "refused", _("Not approved: find another placement")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="care_arrangements"
    )
    child = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="care_arrangements"
    )
    care_type = models.ForeignKey(
        "care.CareType", verbose_name=_("care type"), on_delete=models.PROTECT, related_name="+"
    )
    is_formal = models.BooleanField(_("formal care"), default=False)
    is_emergency = models.BooleanField(_("emergency placement"), default=False)
    facility = models.ForeignKey(
        "care.Facility",
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="arrangements",
    )
    foster_carer = models.ForeignKey(
        "care.FosterCarer",
        verbose_name=_("foster carer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="arrangements",
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    provider_details = models.CharField(
        _("carer, when not in the registry"), max_length=200, blank=True
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("The last day of the arrangement.")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=15, choices=LegalBasis)
    legal_order = models.ForeignKey(
        "cases.LegalOrder",
        verbose_name=_("legal order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="care_arrangements",
    )
    reasons = models.ManyToManyField(
        "care.ChangeReason", verbose_name=_("reasons"), related_name="+", blank=True
    )
    reason_text = models.TextField(_("reason for the change"), blank=True)
    decided_by = models.CharField(_("decided by"), max_length=200)
    gatekeeping = models.ForeignKey(
        GatekeepingDecision,
        verbose_name=_("gatekeeping decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="arrangements",
    )
    safeguard = models.CharField(
        _("safeguard"), max_length=10, choices=Safeguard, blank=True, default=""
    )
    # Which safeguards applied: "under_3_residential", "poverty_only" (F3).
    safeguard_reasons = models.JSONField(default=list, blank=True, editable=False)
    safeguard_note = models.TextField(_("why this exception is necessary"), blank=True)
    next_review_on = models.DateField(_("next placement review"), null=True, blank=True)
    care_plan_note = models.TextField(
        _("placement care plan"),
        blank=True,
        help_text=_("What the placement is for, how long, contact with the family, next steps."),
    )
    # Kept in step by the services from the child's whole timeline (see services.timeline).
    entered_formal_care = models.BooleanField(default=False, editable=False)
    followed_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    BOOKKEEPING_FIELDS = HearthModel.BOOKKEEPING_FIELDS | {"entered_formal_care", "followed_by"}

    class Meta:
        ordering = ["start_date", "created_at"]
        indexes = [
            models.Index(fields=["child", "start_date"], name="care_child_timeline"),
            models.Index(fields=["facility", "end_date"], name="care_facility_current"),
            models.Index(fields=["is_formal", "next_review_on"], name="care_review_due"),
        ]
        verbose_name = _("care arrangement")
        verbose_name_plural = _("care arrangements")

    def __str__(self):
        return f"{self.care_type} {self.start_date}–{self.end_date or ''}"

    @property
    def provider_name(self) -> str:
        for provider in (self.facility, self.foster_carer, self.household):
            if provider is not None:
                return str(provider)
        return self.provider_details

    def is_current_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def clean(self):
        errors = {}
        today = clock.today()
        _not_future(errors, "start_date", self.start_date, _("A placement is recorded once made."))
        if self.end_date:
            if self.end_date > today:
                errors["end_date"] = _("The end date cannot be in the future.")
            elif self.start_date and self.end_date < self.start_date:
                errors["end_date"] = _("The arrangement ends before it starts.")
        care_type = self.care_type if self.care_type_id else None
        if care_type is not None:
            if care_type.is_always_formal and not self.is_formal:
                errors["is_formal"] = _("%(type)s is always formal care.") % {"type": care_type}
            self._check_provider(care_type, errors)
        if self.is_formal and self.legal_basis == self.LegalBasis.NONE:
            errors["legal_basis"] = _("Formal care rests on a decision: choose its legal basis.")
        if self.legal_basis == self.LegalBasis.COURT and not self.legal_order_id:
            errors["legal_order"] = _("Choose the court order the placement rests on.")
        if self.legal_order_id and self.legal_order.case_id != self.case_id:
            errors["legal_order"] = _("The order must be one recorded on this case.")
        if self.is_emergency and not self.is_formal:
            errors["is_emergency"] = _("Only a formal placement is an emergency placement.")
        if errors:
            raise ValidationError(errors)

    def _check_provider(self, care_type, errors: dict) -> None:
        P = care_type.Provider
        if care_type.provider == P.FACILITY and not self.facility_id:
            errors["facility"] = _("Choose the facility.")
        if care_type.provider == P.FOSTER_CARER and not self.foster_carer_id:
            errors["foster_carer"] = _("Choose the approved foster carer.")
        if self.facility_id and care_type.provider not in (P.FACILITY, P.ANY):
            errors["facility"] = _("%(type)s is not provided by a facility.") % {"type": care_type}
        if self.foster_carer_id and care_type.provider != P.FOSTER_CARER:
            errors["foster_carer"] = _("Only foster care has a foster carer.")
        if self.household_id and care_type.provider == P.FACILITY:
            errors["household"] = _("Residential care is provided by a facility.")


class PlacementReview(CaseChild, HearthModel):
    """A review of a formal placement, at least every three months (F5)."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", _("Continue the placement")
        CHANGE = "change", _("Change the placement")
        REINTEGRATE = "reintegrate", _("Prepare reintegration with the family")

    arrangement = models.ForeignKey(
        CareArrangement, on_delete=models.PROTECT, related_name="reviews"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date of the review"))
    participants = models.TextField(_("participants"))
    child_participated = models.BooleanField(_("the child took part"), default=False)
    child_views = models.TextField(_("the child's views"), blank=True)
    findings = models.TextField(_("how the child is doing"), blank=True)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision)
    decision_notes = models.TextField(_("what was decided"), blank=True)
    next_review_on = models.DateField(_("next review"))

    class Meta:
        ordering = ["-held_on", "-created_at"]
        verbose_name = _("placement review")
        verbose_name_plural = _("placement reviews")

    def __str__(self):
        return f"{_('Placement review')} {self.held_on}"

    def clean(self):
        errors = {}
        _not_future(errors, "held_on", self.held_on, _("A review is recorded once held."))
        if self.held_on and self.next_review_on and self.next_review_on <= self.held_on:
            errors["next_review_on"] = _("The next review comes after this one.")
        if errors:
            raise ValidationError(errors)


class FamilyContact(CaseChild, HearthModel):
    """Contact between a child in care and their family (F6)."""

    class Method(models.TextChoices):
        FAMILY_VISIT = "family_visit", _("The family visited the child")
        HOME_VISIT = "home_visit", _("The child visited the family")
        CALL = "call", _("Phone call")
        VIDEO = "video", _("Video call")
        LETTER = "letter", _("Letter or message")

    class Initiator(models.TextChoices):
        CHILD = "child", _("The child")
        FAMILY = "family", _("The family")
        CARER = "carer", _("The carer or facility")
        WORKER = "worker", _("The caseworker")

    arrangement = models.ForeignKey(
        CareArrangement, on_delete=models.PROTECT, related_name="contacts"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    contact_on = models.DateField(_("date"))
    with_whom = models.CharField(_("with whom"), max_length=200)
    relative = models.ForeignKey(
        "registry.Person",
        verbose_name=_("relative"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    method = models.CharField(_("how"), max_length=15, choices=Method)
    initiated_by = models.CharField(_("initiated by"), max_length=10, choices=Initiator)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-contact_on", "-created_at"]
        indexes = [models.Index(fields=["child", "contact_on"], name="care_contact_child_day")]
        verbose_name = _("family contact")
        verbose_name_plural = _("family contacts")

    def __str__(self):
        return f"{self.get_method_display()} {self.contact_on}"

    def clean(self):
        errors = {}
        _not_future(errors, "contact_on", self.contact_on, _("The date cannot be in the future."))
        if errors:
            raise ValidationError(errors)


class Discharge(CaseChild, HearthModel):
    """How and when a child left a placement (F10). It ends the arrangement."""

    class Kind(models.TextChoices):
        REINTEGRATION = "reintegration", _("Reintegration with the family")
        KINSHIP = "kinship", _("To kinship care")
        FOSTER = "foster", _("To foster care")
        INDEPENDENT = "independent", _("To independent living")
        TRANSFER = "transfer", _("Transfer to another placement")
        RAN_AWAY = "ran_away", _("Ran away")
        DEATH = "death", _("Death")
        AGED_OUT = "aged_out", _("Aged out of care")

    # Where the child went, for "leaving residential care for family-based care" (H2).
    TO_FAMILY = (Kind.REINTEGRATION, Kind.KINSHIP, Kind.FOSTER)

    arrangement = models.OneToOneField(
        CareArrangement, on_delete=models.PROTECT, related_name="discharge"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    discharged_on = models.DateField(
        _("date of discharge"), help_text=_("The child's last day in the placement.")
    )
    kind = models.CharField(_("type of discharge"), max_length=15, choices=Kind)
    destination = models.CharField(_("destination"), max_length=200, blank=True)
    destination_household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household the child went to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-discharged_on"]
        verbose_name = _("discharge")
        verbose_name_plural = _("discharges")

    def __str__(self):
        return f"{self.get_kind_display()} {self.discharged_on}"

    def clean(self):
        errors = {}
        _not_future(errors, "discharged_on", self.discharged_on, _("Not in the future."))
        if errors:
            raise ValidationError(errors)
