"""Who works in Hearth: agencies (government departments and NGOs), their teams,
the people who sign in, and the roles that say what each may do."""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.access.permissions import PERMISSIONS
from hearth.core.models import HearthModel


class Agency(HearthModel):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government department")
        NGO = "ngo", _("Non-governmental organisation")
        UN = "un", _("UN agency")
        FAITH = "faith", _("Faith-based organisation")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.GOVERNMENT)
    location = models.ForeignKey(
        "places.Location",
        verbose_name=_("main area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.short_name or self.name


class Team(HearthModel):
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField(_("name"), max_length=120)
    location = models.ForeignKey(
        "places.Location",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="team_name_unique_in_agency")
        ]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return f"{self.name} ({self.agency})"


class Role(models.Model):
    """A role grants named permissions, over a scope of records, up to a field
    sensitivity level. Roles are configuration: administrators edit them."""

    class Scope(models.TextChoices):
        OWN = "own", _("Own and shared records")
        TEAM = "team", _("Team's records")
        AGENCY = "agency", _("Agency's records")
        AREA = "area", _("Records in the user's areas")
        ALL = "all", _("All records")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    permissions = models.JSONField(_("permissions"), default=list, blank=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope, default=Scope.OWN)
    clearance = models.PositiveSmallIntegerField(
        _("field sensitivity clearance"),
        default=0,
        help_text=_("The most sensitive level of field this role may read (0-3)."),
    )
    requires_2fa = models.BooleanField(_("two-factor sign-in required"), default=False)
    caseload_recommended = models.PositiveIntegerField(
        _("recommended caseload"), null=True, blank=True
    )
    caseload_max = models.PositiveIntegerField(_("maximum caseload"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        unknown = sorted(set(self.permissions) - set(PERMISSIONS))
        if unknown:
            raise ValidationError(
                {"permissions": _("Unknown permissions: %(p)s") % {"p": ", ".join(unknown)}}
            )


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    locations = models.ManyToManyField(
        "places.Location", verbose_name=_("areas"), blank=True, related_name="+"
    )
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), blank=True, related_name="users")
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    must_change_password = models.BooleanField(default=False)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token is shown once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    read_only = models.BooleanField(_("read only"), default=False)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
