"""Forms of the assessment, case plan and approval pages. They only parse what was
typed; the services decide what is allowed."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import Agency
from hearth.cases.models import Goal
from hearth.cases.queries_plan import responsible_workers
from hearth.core import clock
from hearth.web.forms import DateInput


def _note(label):
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000})
    )


class VersionForm(forms.Form):
    """The version of the record the page was opened on (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AssessmentSubmitForm(VersionForm):
    note = _note(_("Note to the supervisor (when approval is needed)"))


class PlanSummaryForm(VersionForm):
    summary = forms.CharField(
        label=_("Summary of the plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the plan sets out to achieve for the child, in a few lines."),
    )


class PlanSubmitForm(VersionForm):
    note = _note(_("Note to the supervisor (when approval is needed)"))


class GoalForm(VersionForm):
    domain = forms.ChoiceField(label=_("Area of need"), choices=Goal.Domain.choices)
    description = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(VersionForm):
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible_user = forms.ModelChoiceField(
        label=_("Responsible worker"), queryset=get_user_model().objects.none(), required=False
    )
    responsible_agency = forms.ModelChoiceField(
        label=_("Responsible agency"),
        queryset=Agency.objects.filter(is_active=True, is_voided=False),
        required=False,
    )
    responsible_other = forms.CharField(
        label=_("Or another responsible person"),
        max_length=150,
        required=False,
        help_text=_("The child, a caregiver, a teacher…"),
    )
    target_date = forms.DateField(label=_("Target date"), widget=DateInput())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_user"].queryset = responsible_workers(case)


class ActionDoneForm(VersionForm):
    done_on = forms.DateField(
        label=_("Done on"),
        required=False,
        widget=DateInput(),
        initial=clock.today,
        help_text=_("Leave empty if it was not done after all."),
    )


class GoalOutcomeForm(VersionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Goal.Outcome.choices)


class DecisionForm(VersionForm):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning: say what needs to change."),
    )
