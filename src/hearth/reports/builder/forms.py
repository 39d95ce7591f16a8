"""Forms of the report builder's pages. They only parse input; the services check
the rules (who may, what is valid) and say what is wrong."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import Role
from hearth.reports.models import SavedReport


class SaveForm(forms.Form):
    # Set when changing a saved report: the version the owner started from.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    latest = forms.BooleanField(
        label=_("Always show the last complete period"),
        required=False,
        help_text=_("Leave unticked to keep the period chosen above. Needed for a schedule."),
    )


def roles_that_see_reports():
    return Role.objects.filter(
        pk__in=[r.pk for r in Role.objects.all() if "report.view" in r.permissions]
    )


class ShareForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    roles = forms.ModelMultipleChoiceField(
        label=_("Share with everyone in these roles"),
        queryset=Role.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each person sees the numbers of their own scope, never yours."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].queryset = roles_that_see_reports()


class ScheduleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    schedule = forms.ChoiceField(label=_("Schedule"), choices=SavedReport.Schedule.choices)
    day = forms.IntegerField(label=_("Day of the month"), min_value=1, max_value=28, initial=1)


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Why remove this report?"), max_length=500)
