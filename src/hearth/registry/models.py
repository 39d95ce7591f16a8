"""People Hearth knows about - children, caregivers, household members - with their
external identifiers (A4), households, and relationships over time (A8).

A person is not "a child" or "a caregiver" by type: those are roles in a case or a
relationship. Voided records stay, so history is never lost."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hearth.core import clock
from hearth.core.models import HearthModel
from hearth.registry.names import fold, identifier_key


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Disability(models.TextChoices):
    """Washington Group functional domains."""

    SEEING = "seeing", _("Seeing")
    HEARING = "hearing", _("Hearing")
    WALKING = "walking", _("Walking or climbing")
    COGNITION = "cognition", _("Remembering or concentrating")
    SELF_CARE = "self_care", _("Self-care")
    COMMUNICATION = "communication", _("Communicating")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


def age_on(birth: dt.date | None, on: dt.date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


class Person(HearthModel):
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    other_names = models.CharField(
        _("other names"), max_length=200, blank=True, help_text=_("Nicknames, former names")
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex, default=Sex.UNKNOWN)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_estimated = models.BooleanField(_("date of birth is estimated"), default=False)
    has_disability = models.CharField(
        _("has a disability"), max_length=10, choices=YesNoUnknown, default=YesNoUnknown.UNKNOWN
    )
    disabilities = models.JSONField(_("disabilities"), default=list, blank=True)
    nationality = models.CharField(_("nationality"), max_length=60, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    location = models.ForeignKey(
        "places.Location",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.TextField(_("address or directions"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    date_of_death = models.DateField(_("date of death"), null=True, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("registering agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Folded "given family other" names, kept in step by save(); what search matches.
    search_name = models.CharField(max_length=400, editable=False, db_index=True)

    # The search key repeats the names; the audit trail reports the names themselves.
    BOOKKEEPING_FIELDS = HearthModel.BOOKKEEPING_FIELDS | {"search_name"}

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name

    @property
    def audit_label(self) -> str:
        return f"person {str(self.pk)[:8]}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    def get_disabilities_display(self) -> str:
        labels = dict(Disability.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.disabilities or [])

    def age(self, on: dt.date | None = None) -> int | None:
        return age_on(self.date_of_birth, on or clock.today())

    def clean(self):
        # Here as well as in save(): writes.update() saves with an UPDATE query, not save().
        self.set_search_name()
        errors = {}
        today = clock.today()
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        if self.date_of_death:
            if self.date_of_death > today:
                errors["date_of_death"] = _("The date of death cannot be in the future.")
            elif self.date_of_birth and self.date_of_death < self.date_of_birth:
                errors["date_of_death"] = _("The date of death is before the date of birth.")
        unknown = set(self.disabilities or []) - set(Disability.values)
        if unknown:
            errors["disabilities"] = _("Unknown kind of disability: %(d)s") % {
                "d": ", ".join(sorted(unknown))
            }
        if self.disabilities and self.has_disability != YesNoUnknown.YES:
            errors["has_disability"] = _("Kinds of disability are given, so answer “Yes”.")
        if errors:
            raise ValidationError(errors)

    def set_search_name(self) -> None:
        # Padded with spaces so a query matches the start of any name: " ami" in " amina ".
        self.search_name = f" {fold(f'{self.given_name} {self.family_name} {self.other_names}')} "

    def save(self, *args, **kwargs):
        self.set_search_name()
        super().save(*args, **kwargs)


class IdentifierType(models.Model):
    """Configurable kinds of external identifier: national ID, birth registration..."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    pattern = models.CharField(
        _("format (regular expression)"),
        max_length=200,
        blank=True,
        help_text=_("Optional. Values must match it, e.g. ^[0-9]{8}$"),
    )
    format_hint = models.CharField(_("format hint"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("identifier type")
        verbose_name_plural = _("identifier types")

    def __str__(self):
        return self.name


class PersonIdentifier(HearthModel):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="identifiers"
    )
    type = models.ForeignKey(
        IdentifierType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.CharField(_("number"), max_length=100)
    key = models.CharField(max_length=100, editable=False, db_index=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=120, blank=True)

    BOOKKEEPING_FIELDS = HearthModel.BOOKKEEPING_FIELDS | {"key"}

    class Meta:
        ordering = ["type__sort_order", "value"]
        constraints = [
            # The same number of the same type belongs to one person only.
            models.UniqueConstraint(
                fields=["type", "key"],
                condition=Q(is_voided=False),
                name="identifier_unique_per_type",
                violation_error_message=_(
                    "Another person already has this number for this identifier type."
                ),
            )
        ]
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")

    def __str__(self):
        return f"{self.type}: {self.value}"

    @property
    def audit_label(self) -> str:
        return f"{self.type} of person {str(self.person_id)[:8]}"

    def clean(self):
        self.key = identifier_key(self.value)
        if not self.key:
            raise ValidationError({"value": _("Enter the identifier's number.")})
        if self.issued_on and self.issued_on > clock.today():
            raise ValidationError({"issued_on": _("The issue date cannot be in the future.")})
        pattern = self.type.pattern if self.type_id else ""
        if pattern and not re.fullmatch(pattern, self.value.strip()):
            hint = self.type.format_hint or pattern
            raise ValidationError(
                {"value": _("This number does not look right: expected %(hint)s.") % {"hint": hint}}
            )


class Household(HearthModel):
    name = models.CharField(
        _("name"), max_length=150, help_text=_("How the household is known, e.g. “Okello family”")
    )
    location = models.ForeignKey(
        "places.Location",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.TextField(_("address or directions"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("registering agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self):
        return self.name

    @property
    def audit_label(self) -> str:
        return f"household {str(self.pk)[:8]}"


class HouseholdMember(HearthModel):
    class Relation(models.TextChoices):
        HEAD = "head", _("Head of household")
        SPOUSE = "spouse", _("Spouse or partner of head")
        CHILD = "child", _("Child of head")
        GRANDCHILD = "grandchild", _("Grandchild of head")
        SIBLING = "sibling", _("Sibling of head")
        PARENT = "parent", _("Parent of head")
        OTHER_RELATIVE = "other_relative", _("Other relative")
        FOSTER_CHILD = "foster_child", _("Foster child")
        NOT_RELATED = "not_related", _("Not related")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="members"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    relation_to_head = models.CharField(
        _("relation to head"), max_length=20, choices=Relation, default=Relation.OTHER_RELATIVE
    )
    is_primary_caregiver = models.BooleanField(_("primary caregiver"), default=False)
    start_date = models.DateField(_("lives here since"), null=True, blank=True)
    end_date = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "person"],
                condition=Q(end_date__isnull=True, is_voided=False),
                name="member_once_per_household",
                violation_error_message=_("This person is already a member of this household."),
            )
        ]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self):
        return f"{self.person} in {self.household}"

    @property
    def audit_label(self) -> str:
        return f"person {str(self.person_id)[:8]} in household {str(self.household_id)[:8]}"

    def clean(self):
        check_period(self.start_date, self.end_date)


class Relationship(HearthModel):
    """`relative` is the person's <kind> (e.g. relative Amina is the child's mother)."""

    class Kind(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        STEP_PARENT = "step_parent", _("Step-parent")
        GRANDPARENT = "grandparent", _("Grandparent")
        SIBLING = "sibling", _("Sibling")
        HALF_SIBLING = "half_sibling", _("Half-sibling")
        AUNT_UNCLE = "aunt_uncle", _("Aunt or uncle")
        COUSIN = "cousin", _("Cousin")
        OTHER_RELATIVE = "other_relative", _("Other relative")
        GUARDIAN = "guardian", _("Legal guardian")
        FOSTER_CARER = "foster_carer", _("Foster carer")
        OTHER_CAREGIVER = "other_caregiver", _("Other caregiver")
        CHILD = "child", _("Child")
        SPOUSE = "spouse", _("Spouse or partner")
        NEIGHBOUR = "neighbour", _("Friend or neighbour")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="relationships"
    )
    relative = models.ForeignKey(
        Person, verbose_name=_("relative"), on_delete=models.PROTECT, related_name="relatives_of"
    )
    kind = models.CharField(_("relationship"), max_length=20, choices=Kind)
    is_caregiver = models.BooleanField(_("is a caregiver"), default=False)
    lives_with = models.BooleanField(_("lives with the person"), default=False)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")

    def __str__(self):
        return f"{self.relative} ({self.get_kind_display()}) of {self.person}"

    @property
    def audit_label(self) -> str:
        return f"person {str(self.relative_id)[:8]} {self.kind} of person {str(self.person_id)[:8]}"

    def clean(self):
        if self.person_id and self.person_id == self.relative_id:
            raise ValidationError({"relative": _("A person cannot be their own relative.")})
        check_period(self.start_date, self.end_date)


def check_period(start: dt.date | None, end: dt.date | None) -> None:
    errors = {}
    today = clock.today()
    if start and start > today:
        errors["start_date"] = _("The start date cannot be in the future.")
    if end and start and end < start:
        errors["end_date"] = _("The end date is before the start date.")
    if errors:
        raise ValidationError(errors)
