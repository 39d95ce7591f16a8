"""The administrative location hierarchy (I6): country-specific levels such as
region -> district -> sub-county, each area with a code and a parent.

Each location keeps its materialised path of codes (`/R01/D0104/`), so "this area
and everything under it" is one indexed prefix match, at any depth."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core.models import HearthModel

code_validator = RegexValidator(
    r"^[A-Za-z0-9_.-]+$", _("Use only letters, digits, dots, dashes and underscores.")
)


# Deep enough for country -> region -> district -> sub-county -> parish -> village.
MAX_DEPTH = 6
LEVEL_FIELDS = [f"level_{n}" for n in range(1, MAX_DEPTH + 1)]


class LocationLevel(models.Model):
    """A level of the hierarchy with its name in this country (depth 1 is the top)."""

    depth = models.PositiveSmallIntegerField(_("depth"), unique=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["depth"]
        verbose_name = _("location level")
        verbose_name_plural = _("location levels")

    def __str__(self):
        return f"{self.depth}. {self.name}"


class LocationQuerySet(models.QuerySet):
    def within(self, location):
        """The location and all its descendants."""
        return self.filter(path__startswith=location.path)


class Location(HearthModel):
    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    depth = models.PositiveSmallIntegerField(_("level"), editable=False)
    path = models.CharField(max_length=500, db_index=True, editable=False)
    # The code of this area's ancestor at each level (its own code at its level), so
    # reports group any record by "area at level N" with a plain GROUP BY.
    level_1 = models.CharField(max_length=40, blank=True, editable=False, db_index=True)
    level_2 = models.CharField(max_length=40, blank=True, editable=False, db_index=True)
    level_3 = models.CharField(max_length=40, blank=True, editable=False, db_index=True)
    level_4 = models.CharField(max_length=40, blank=True, editable=False)
    level_5 = models.CharField(max_length=40, blank=True, editable=False)
    level_6 = models.CharField(max_length=40, blank=True, editable=False)

    objects = LocationQuerySet.as_manager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["path"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.name

    def compute_path(self) -> None:
        self.depth = (self.parent.depth + 1) if self.parent else 1
        self.path = f"{self.parent.path if self.parent else '/'}{self.code}/"
        self.set_levels()

    def set_levels(self) -> None:
        codes = self.path.strip("/").split("/")
        for depth, name in enumerate(LEVEL_FIELDS, start=1):
            setattr(self, name, codes[depth - 1] if depth <= len(codes) else "")

    def ancestors(self):
        """Top-level first, self excluded; one query."""
        codes = self.path.strip("/").split("/")[:-1]
        by_code = {loc.code: loc for loc in Location.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]

    def is_within(self, other: "Location") -> bool:
        return self.path.startswith(other.path)

    def full_name(self) -> str:
        return " › ".join([a.name for a in self.ancestors()] + [self.name])
