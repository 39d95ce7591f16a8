"""Forms of the limited search, access requests, emergency access and retention."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.cases.services.access_requests import MAX_GRANT_DAYS


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Case number, child's name or identifier"),
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autofocus": True}),
    )


class AccessRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to read this case?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The caseworker and their supervisors read this to decide. It is recorded. "
            "Say what you need, not more about the child than necessary."
        ),
    )


class EmergencyForm(forms.Form):
    reason = forms.CharField(
        label=_("What is the emergency?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Recorded, shown on the case and sent to its caseworker and supervisors at once."
        ),
    )
    understood = forms.BooleanField(
        label=_("I understand that this opening and every page I read are recorded and reviewed."),
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Grant read-only access")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(
        label=_("For how many days"), min_value=1, max_value=MAX_GRANT_DAYS, required=False
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when refusing: the person who asked reads it."),
    )
    from_case = forms.BooleanField(required=False, widget=forms.HiddenInput)


class EndForm(forms.Form):
    reason = forms.CharField(label=_("Why does this access end?"), max_length=500, required=False)
    from_case = forms.BooleanField(required=False, widget=forms.HiddenInput)
