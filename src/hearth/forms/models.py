"""Configurable forms (C3, J2): a form definition has numbered versions, each with a
JSON schema of sections and questions (see docs/forms.md and `schema.py`).

A version is drafted, published, then retired when a newer one is published. Only a
draft's schema may change, so answers that point to a version can be checked
against exactly what the person filling them in saw, for as long as they exist.

Lookups are the configurable lists (risk levels, kinds of school, ...) that
questions draw their choices from: deployment configuration, not code."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hearth.core.models import HearthModel, HearthQuerySet
from hearth.forms.text import in_language, translation_problems


class FormDefinition(HearthModel):
    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("Assessment")
        CASE_PLAN = "case_plan", _("Case plan")
        REVIEW = "review", _("Review")
        CLOSURE = "closure", _("Closure")
        FOLLOW_UP = "follow_up", _("Follow-up")
        REGISTRATION = "registration", _("Registration")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("form")
        verbose_name_plural = _("forms")

    def __str__(self):
        return self.name

    def current_version(self) -> "FormVersion | None":
        """The published version new answers are made with (None before the first)."""
        return self.versions.filter(status=FormVersion.Status.PUBLISHED).first()

    def draft(self) -> "FormVersion | None":
        return self.versions.filter(status=FormVersion.Status.DRAFT).first()


class FormVersionQuerySet(HearthQuerySet):
    def published(self):
        return self.filter(status=FormVersion.Status.PUBLISHED)

    def current(self, code: str) -> "FormVersion | None":
        """The published version of the form with this code, if any."""
        return (
            self.published()
            .filter(definition__code=code, definition__is_active=True)
            .select_related("definition")
            .first()
        )


class FormVersion(HearthModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    definition = models.ForeignKey(
        FormDefinition, verbose_name=_("form"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"), editable=False)
    schema = models.JSONField(_("schema"), default=dict)
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True, help_text=_("What changed, and why."))

    objects = FormVersionQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["definition", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "number"], name="form_version_number_unique"
            ),
            # "The current version" is never ambiguous, and drafts do not pile up.
            models.UniqueConstraint(
                fields=["definition"],
                condition=Q(status="published"),
                name="form_one_published_version",
            ),
            models.UniqueConstraint(
                fields=["definition"], condition=Q(status="draft"), name="form_one_draft_version"
            ),
        ]
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")

    def __str__(self):
        return f"{self.definition} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def title(self, language: str) -> str:
        """The form's title in `language`: the schema's own title, else the name."""
        title = self.schema.get("title") if isinstance(self.schema, dict) else None
        return in_language(title, language) if title else self.definition.name


class Lookup(HearthModel):
    """A configurable list of values that questions can take their choices from."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lookup list")
        verbose_name_plural = _("lookup lists")

    def __str__(self):
        return self.name


class LookupValue(HearthModel):
    """One value of a lookup. Its code is what answers store, so it never changes
    once made; a value no longer offered is made inactive, never removed."""

    lookup = models.ForeignKey(
        Lookup, verbose_name=_("lookup list"), on_delete=models.PROTECT, related_name="values"
    )
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    translations = models.JSONField(
        _("translations"), default=dict, blank=True, help_text=_("Label by language code.")
    )
    sort_order = models.IntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["lookup", "sort_order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["lookup", "code"], name="lookup_value_code_unique")
        ]
        verbose_name = _("lookup value")
        verbose_name_plural = _("lookup values")

    def __str__(self):
        return self.label

    def clean(self):
        if self.translations in (None, ""):
            self.translations = {}
        problems = translation_problems(self.translations)
        if problems:
            raise ValidationError({"translations": problems})

    def label_in(self, language: str) -> str:
        """The label in `language` when translated, else the label as entered."""
        return in_language(self.translations, language, fallback_to_any=False) or self.label
