"""DHIS2 data value sets (H5): how Hearth's indicators and areas are named in the
national DHIS2, the server figures are sent to, and each submission made.

A DHIS2 data value is identified by data element, period, organisation unit,
category option combo (the disaggregation) and attribute option combo. An
administrator maps each indicator × disaggregation to a data element and
category option combo, and each area to an organisation unit."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hearth.core.models import HearthModel

# A DHIS2 UID: 11 characters, a letter and then letters or digits (CodeGenerator).
UID_PATTERN = r"^[A-Za-z][A-Za-z0-9]{10}$"
uid_validator = RegexValidator(
    UID_PATTERN,
    _("A DHIS2 identifier has 11 characters: a letter, then letters or digits."),
)

# The disaggregation a mapping stands for is at most two dimension=value pairs;
# none means the indicator's total.
MAX_PAIRS = 2


class DataElementMapping(HearthModel):
    indicator_code = models.CharField(_("indicator"), max_length=80, db_index=True)
    # Pairs are kept sorted by dimension, so one disaggregation has one spelling.
    dimension_1 = models.CharField(_("first dimension"), max_length=40, blank=True)
    value_1 = models.CharField(_("first value"), max_length=80, blank=True)
    dimension_2 = models.CharField(_("second dimension"), max_length=40, blank=True)
    value_2 = models.CharField(_("second value"), max_length=80, blank=True)
    data_element = models.CharField(_("data element"), max_length=11, validators=[uid_validator])
    category_option_combo = models.CharField(
        _("category option combo"), max_length=11, validators=[uid_validator]
    )
    attribute_option_combo = models.CharField(
        _("attribute option combo"), max_length=11, blank=True, validators=[uid_validator]
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["indicator_code", "dimension_1", "value_1", "dimension_2", "value_2"]
        verbose_name = _("DHIS2 data element mapping")
        verbose_name_plural = _("DHIS2 data element mappings")

    def __str__(self):
        return f"{self.indicator_code} [{self.disaggregation}] → {self.data_element}"

    @property
    def pairs(self) -> list[tuple[str, str]]:
        found = [(self.dimension_1, self.value_1), (self.dimension_2, self.value_2)]
        return [(d, v) for d, v in found if d]

    @property
    def disaggregation(self) -> str:
        """As written in the CSV file: "total" or "sex=female;age_band=10–14"."""
        return ";".join(f"{d}={v}" for d, v in self.pairs) or "total"


class OrgUnitMapping(HearthModel):
    location = models.ForeignKey(
        "places.Location",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="dhis2_org_units",
    )
    org_unit = models.CharField(_("organisation unit"), max_length=11, validators=[uid_validator])

    class Meta:
        ordering = ["location__path"]
        verbose_name = _("DHIS2 organisation unit mapping")
        verbose_name_plural = _("DHIS2 organisation unit mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["location"],
                condition=models.Q(is_voided=False),
                name="dhis2_one_org_unit_per_area",
            )
        ]

    def __str__(self):
        return f"{self.location_id} → {self.org_unit}"


class Dhis2Server(HearthModel):
    """The DHIS2 instance figures are sent to. One per deployment."""

    class Auth(models.TextChoices):
        BASIC = "basic", _("User name and password")
        TOKEN = "token", _("Personal access token")

    base_url = models.URLField(
        _("address"), help_text=_("e.g. https://dhis2.example.gov (without /api)")
    )
    auth = models.CharField(_("sign-in"), max_length=5, choices=Auth, default=Auth.BASIC)
    username = models.CharField(_("user name"), max_length=150, blank=True)
    # The password or token, sealed with a key derived from SECRET_KEY; never shown back.
    secret_sealed = models.TextField(blank=True, editable=False)
    data_set = models.CharField(
        _("data set"), max_length=11, blank=True, validators=[uid_validator]
    )
    mark_complete = models.BooleanField(
        _("mark the data set complete"),
        default=False,
        help_text=_("Send a completion date with the data set."),
    )

    class Meta:
        verbose_name = _("DHIS2 server")
        verbose_name_plural = _("DHIS2 servers")

    def __str__(self):
        return self.base_url

    @property
    def has_secret(self) -> bool:
        return bool(self.secret_sealed)


class Dhis2Submission(HearthModel):
    """One data value set sent (or tried) to DHIS2, with what DHIS2 answered.
    `created_by` and `created_at` say who sent it and when."""

    class Status(models.TextChoices):
        SENDING = "sending", _("Being sent")
        SUCCESS = "success", _("Imported")
        WARNING = "warning", _("Imported with warnings")
        ERROR = "error", _("Refused by DHIS2")
        FAILED = "failed", _("Could not be sent")

    period = models.CharField(_("period"), max_length=10, db_index=True)
    server_url = models.CharField(_("sent to"), max_length=200)
    dry_run = models.BooleanField(_("test only (DHIS2 dry run)"), default=False)
    payload = models.JSONField(_("data value set"))
    value_count = models.PositiveIntegerField(_("values"), default=0)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.SENDING, db_index=True
    )
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    import_summary = models.JSONField(_("import summary"), default=dict, blank=True)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    ignored = models.PositiveIntegerField(_("ignored"), default=0)
    deleted = models.PositiveIntegerField(_("deleted"), default=0)
    conflicts = models.JSONField(_("conflicts"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("DHIS2 submission")
        verbose_name_plural = _("DHIS2 submissions")

    def __str__(self):
        return f"DHIS2 {self.period} {str(self.pk)[:8]}"

    @property
    def audit_label(self) -> str:
        return f"dhis2 submission {self.period} {str(self.pk)[:8]}"
