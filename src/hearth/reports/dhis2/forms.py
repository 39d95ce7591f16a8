from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hearth.places.forms import LocationChoiceField
from hearth.reports.indicators import registry
from hearth.reports.models import Dhis2Server

UID_HELP = _("11 characters, as shown in DHIS2 (e.g. fbfJHSPpUQD).")


def indicator_choices():
    return [(code, f"{ind.name} ({code})") for code, ind in sorted(registry().items())]


class MappingForm(forms.Form):
    indicator_code = forms.ChoiceField(label=_("Indicator"), choices=indicator_choices)
    disaggregation = forms.CharField(
        label=_("Disaggregation"),
        initial="total",
        max_length=200,
        help_text=_("total, or up to two dimension=value pairs: sex=female;age_band=10-14"),
    )
    data_element = forms.CharField(label=_("Data element"), max_length=11, help_text=UID_HELP)
    category_option_combo = forms.CharField(
        label=_("Category option combo"), max_length=11, help_text=UID_HELP
    )
    attribute_option_combo = forms.CharField(
        label=_("Attribute option combo"),
        max_length=11,
        required=False,
        help_text=_("Optional; left empty, DHIS2 uses its default."),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class OrgUnitForm(forms.Form):
    location = LocationChoiceField()
    org_unit = forms.CharField(label=_("Organisation unit"), max_length=11, help_text=UID_HELP)


class OrgUnitEditForm(forms.Form):
    org_unit = forms.CharField(label=_("Organisation unit"), max_length=11, help_text=UID_HELP)


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and report, change nothing"), required=False, initial=True
    )


class ServerForm(forms.Form):
    base_url = forms.CharField(
        label=_("Address"), max_length=200, help_text=_("e.g. https://dhis2.example.gov")
    )
    auth = forms.ChoiceField(label=_("Sign in with"), choices=Dhis2Server.Auth.choices)
    username = forms.CharField(label=_("User name"), max_length=150, required=False)
    secret = forms.CharField(
        label=_("Password or token"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Stored encrypted and never shown again. Leave empty to keep the stored one."),
    )
    data_set = forms.CharField(
        label=_("Data set"),
        max_length=11,
        required=False,
        help_text=_("Optional. 11 characters, as shown in DHIS2."),
    )
    mark_complete = forms.BooleanField(
        label=_("Mark the data set complete when sending"), required=False
    )


class PeriodForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=10,
        help_text=_("202611 (month), 2026Q4 (quarter) or 2026 (year)"),
    )

    def clean_period(self):
        from hearth.reports.dhis2 import periods

        try:
            return periods.parse(self.cleaned_data["period"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class SendForm(PeriodForm):
    """Sends the period just previewed: what is sent is what was looked at."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].widget = forms.HiddenInput()

    dry_run = forms.BooleanField(
        label=_("Test only: DHIS2 checks the values and stores nothing"), required=False
    )


def read_upload(upload) -> str:
    # UTF-8 only, as for locations: a guessed code page garbles names unnoticed.
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            {"file": _("The file is not text in UTF-8; save it as “CSV UTF-8” and try again.")}
        ) from None
