"""The export form: what to export (kind, columns, format), which cases (the case
list's filters), and how to protect it. The API builds the same form from its
JSON, so both check input the same way."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.access import policy
from hearth.accounts.models import Agency
from hearth.cases.models import Case, RiskLevel
from hearth.places.forms import LocationChoiceField
from hearth.places.models import MAX_DEPTH, LocationLevel
from hearth.reports.exports import columns as export_columns
from hearth.reports.exports.services import DEFAULT_AREA_LEVEL, MIN_PASSWORD_LENGTH
from hearth.reports.models import ExportJob
from hearth.web.forms import DateInput


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("File format"),
        choices=ExportJob.Format.choices,
        initial=ExportJob.Format.CSV,
        widget=forms.RadioSelect,
    )
    columns = forms.MultipleChoiceField(
        label=_("Columns"), widget=forms.CheckboxSelectMultiple, required=True
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *Case.Status.choices], required=False
    )
    risk = forms.ChoiceField(
        label=_("Risk level"), choices=[("", _("Any")), *RiskLevel.choices], required=False
    )
    area = LocationChoiceField(label=_("Area (and everything under it)"), required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.filter(is_voided=False), required=False
    )
    registered_from = forms.DateField(
        label=_("Registered from"), required=False, widget=DateInput()
    )
    registered_to = forms.DateField(label=_("Registered until"), required=False, widget=DateInput())
    area_level = forms.TypedChoiceField(
        label=_("Show areas down to level"),
        coerce=int,
        required=False,
        help_text=_("Smaller areas are replaced by the area above them at this level."),
    )
    linkable = forms.BooleanField(
        label=_("Keep the same pseudonyms as earlier linkable exports"),
        required=False,
        help_text=_(
            "Lets an analyst follow the same child from one export to the next. Leave it "
            "off unless that is needed: unlinkable exports are safer."
        ),
    )
    override_reason = forms.CharField(
        label=_("Reason for exporting names without consent to share"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Without a reason, names and other identifying details are only filled in for "
            "cases whose consent to share stands. The reason is recorded."
        ),
    )
    password = forms.CharField(
        label=_("Password for the file"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Optional. The file then comes as an encrypted ZIP (AES-256) that opens only "
            "with this password. At least %(n)s characters; Hearth does not keep it, so "
            "give it to the recipient another way."
        )
        % {"n": MIN_PASSWORD_LENGTH},
    )
    password_again = forms.CharField(
        label=_("Password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        choices = export_columns.grouped(kind)
        self.fields["columns"].choices = choices  # type: ignore[attr-defined]
        self.fields["columns"].initial = export_columns.defaults(kind)
        if kind == ExportJob.Kind.DEIDENTIFIED:
            del self.fields["override_reason"]
            names = dict(LocationLevel.objects.values_list("depth", "name"))
            self.fields["area_level"].choices = [  # type: ignore[attr-defined]
                (depth, names.get(depth, _("Level %(n)s") % {"n": depth}))
                for depth in range(1, MAX_DEPTH + 1)
            ]
            self.fields["area_level"].initial = DEFAULT_AREA_LEVEL
        else:
            del self.fields["area_level"]
            del self.fields["linkable"]
            if not policy.has_perm(user, "consent.override"):
                del self.fields["override_reason"]

    def clean(self):
        data = super().clean()
        if data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords are not the same."))
        return data

    def request_arguments(self) -> dict:
        """The cleaned form as export_request's keyword arguments."""
        data = self.cleaned_data
        return {
            "kind": self.kind,
            "format": data["format"],
            "columns": data["columns"],
            "filters": {
                name: data.get(name)
                for name in ("status", "risk", "area", "agency", "registered_from", "registered_to")
            },
            "override_reason": data.get("override_reason", ""),
            "password": data.get("password", ""),
            "area_level": data.get("area_level"),
            "linkable": data.get("linkable", False),
        }
