from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.audit.models import AuditEvent
from hearth.audit.queries import Filters
from hearth.web.forms import DateInput


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    record = forms.CharField(
        label=_("Record"),
        required=False,
        max_length=200,
        help_text=_("Record id, or part of its name"),
    )
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=64,
        help_text=_("Beginning of the action, e.g. “person.” or “auth.login”"),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("Any"))] + list(AuditEvent.Outcome.choices),
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def filters(self) -> Filters:
        """The filters to apply; none when the form did not parse."""
        if not self.is_valid():
            return Filters()
        return Filters(**{k: v for k, v in self.cleaned_data.items() if v not in (None, "")})
