"""The registry of care providers (F4): facilities and foster carers, their licences,
capacity and inspections. Occupancy is never stored: it is counted from the care
arrangements current on a day (see care.queries)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core import clock
from hearth.core.models import HearthModel
from hearth.registry.models import Sex


class Facility(HearthModel):
    class Kind(models.TextChoices):
        SMALL_GROUP_HOME = "small_group_home", _("Small group home")
        INSTITUTION = "institution", _("Institution (children's home)")
        TRANSIT_CENTRE = "transit_centre", _("Transit or interim care centre")
        SHELTER = "shelter", _("Emergency shelter")
        SUPERVISED_LIVING = "supervised_living", _("Supervised independent living")
        SPECIALISED = "specialised", _("Specialised care (disability, rehabilitation)")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    registration_number = models.CharField(_("registration number"), max_length=80, blank=True)
    licence_number = models.CharField(_("licence number"), max_length=80, blank=True)
    licence_expires_on = models.DateField(_("licence expires on"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (places)"))
    location = models.ForeignKey(
        "places.Location", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.TextField(_("address"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    managing_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("managing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("When the facility is run by an agency that works in Hearth."),
    )
    operator = models.CharField(
        _("run by"), max_length=200, blank=True, help_text=_("The organisation running it.")
    )
    is_active = models.BooleanField(_("open"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("care facility")
        verbose_name_plural = _("care facilities")

    def __str__(self):
        return self.name

    def licensed_on(self, day: dt.date) -> bool:
        """Licensed on `day`: a licence number, and an expiry date on or after it."""
        return bool(
            self.licence_number.strip()
            and self.licence_expires_on
            and self.licence_expires_on >= day
        )

    def clean(self):
        if self.licence_expires_on and not self.licence_number.strip():
            raise ValidationError({"licence_number": _("Give the number of the licence.")})


class CapacityBand(HearthModel):
    """Places a facility is licensed for, by sex and age band (e.g. 12 girls 6–12)."""

    class SexServed(models.TextChoices):
        ANY = "any", _("Girls and boys")
        FEMALE = Sex.FEMALE.value, _("Girls")
        MALE = Sex.MALE.value, _("Boys")

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="bands")
    sex = models.CharField(_("for"), max_length=10, choices=SexServed, default=SexServed.ANY)
    age_from = models.PositiveSmallIntegerField(_("from age"), default=0)
    age_to = models.PositiveSmallIntegerField(_("to age"), default=17)
    places = models.PositiveIntegerField(_("places"))

    class Meta:
        ordering = ["age_from", "sex"]
        verbose_name = _("capacity band")
        verbose_name_plural = _("capacity bands")

    def __str__(self):
        return f"{self.get_sex_display()} {self.age_from}–{self.age_to}: {self.places}"

    def fits(self, sex: str, age: int | None) -> bool:
        if self.sex != self.SexServed.ANY and sex != self.sex:
            return False
        return age is not None and self.age_from <= age <= self.age_to

    def clean(self):
        if self.age_to < self.age_from:
            raise ValidationError({"age_to": _("The band ends at a lower age than it starts.")})


class FosterCarer(HearthModel):
    """An approved foster carer: a household or a person from the registry."""

    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approval_number = models.CharField(_("approval number"), max_length=80, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_expires_on = models.DateField(_("approval expires on"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(_("children they may care for"), default=1)
    location = models.ForeignKey(
        "places.Location", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("supervising agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("foster carer")
        verbose_name_plural = _("foster carers")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if self.household_id:
            return self.household.name  # type: ignore[union-attr]
        return self.person.full_name if self.person_id else ""  # type: ignore[union-attr]

    @property
    def audit_label(self) -> str:
        return f"foster carer {str(self.pk)[:8]}"

    def licensed_on(self, day: dt.date) -> bool:
        return bool(
            self.approval_number.strip()
            and self.approval_expires_on
            and self.approval_expires_on >= day
        )

    def clean(self):
        if bool(self.household_id) == bool(self.person_id):
            raise ValidationError(_("Choose either the household or the person who fosters."))
        if (
            self.approved_on
            and self.approval_expires_on
            and self.approval_expires_on <= self.approved_on
        ):
            raise ValidationError({"approval_expires_on": _("The approval ends after it starts.")})


class Inspection(HearthModel):
    class Rating(models.TextChoices):
        GOOD = "good", _("Good")
        ADEQUATE = "adequate", _("Adequate")
        IMPROVE = "improve", _("Requires improvement")
        INADEQUATE = "inadequate", _("Inadequate")

    facility = models.ForeignKey(
        Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="inspections"
    )
    foster_carer = models.ForeignKey(
        FosterCarer, null=True, blank=True, on_delete=models.PROTECT, related_name="inspections"
    )
    inspected_on = models.DateField(_("date"))
    inspector = models.CharField(_("inspector"), max_length=150)
    findings = models.TextField(_("findings"))
    rating = models.CharField(_("rating"), max_length=12, choices=Rating)

    class Meta:
        ordering = ["-inspected_on"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self):
        return f"{self.inspected_on} {self.get_rating_display()}"

    def clean(self):
        if bool(self.facility_id) == bool(self.foster_carer_id):
            raise ValidationError(_("An inspection is of one facility or one foster carer."))
        if self.inspected_on and self.inspected_on > clock.today():
            raise ValidationError({"inspected_on": _("An inspection cannot be in the future.")})


class InspectionAction(HearthModel):
    """A follow-up action an inspection asked for, with its due date."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(_("action"))
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("inspection follow-up action")
        verbose_name_plural = _("inspection follow-up actions")

    def __str__(self):
        return self.description[:80]

    def clean(self):
        if self.done_on and self.done_on > clock.today():
            raise ValidationError({"done_on": _("The date cannot be in the future.")})
