from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from hearth.cases.models import Case, ConsentRecord, ProtectionConcern, RiskLevel
from hearth.core import clock
from hearth.places.forms import LocationChoiceField
from hearth.registry.models import Sex
from hearth.registry.services import birth_date_from_age
from hearth.web.forms import DateInput


class ChildSearchForm(forms.Form):
    """Step one of registration: who is the child? (A5)"""

    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    age_years = forms.IntegerField(
        label=_("Or age in years"), min_value=0, max_value=17, required=False
    )
    location = LocationChoiceField(required=False)

    def birth_date(self):
        data = self.cleaned_data
        if data.get("date_of_birth"):
            return data["date_of_birth"]
        if data.get("age_years") is not None:
            return birth_date_from_age(data["age_years"], clock.today())
        return None


class NewChildForm(forms.Form):
    """The child's details when they are new to Hearth (A1: sex and date of birth or
    estimated age are required)."""

    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    other_names = forms.CharField(label=_("Other names"), max_length=200, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[c for c in Sex.choices if c[0] != "unknown"])
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    age_years = forms.IntegerField(
        label=_("Or age in years, if the date is not known"),
        min_value=0,
        max_value=17,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if not data.get("date_of_birth"):
            if data.get("age_years") is None:
                self.add_error("date_of_birth", _("Give the date of birth or an estimated age."))
            else:
                data["date_of_birth"] = birth_date_from_age(data["age_years"], clock.today())
                data["birth_date_estimated"] = True
        data.pop("age_years", None)
        return data


class CaseForm(forms.Form):
    registration_date = forms.DateField(
        label=_("Registration date"), widget=DateInput(), initial=clock.today
    )
    identified_how = forms.ChoiceField(
        label=_("How the child was identified"), choices=Case.Identification.choices
    )
    identified_by = forms.CharField(
        label=_("Identified or referred by"), max_length=200, required=False
    )
    concerns = forms.ModelMultipleChoiceField(
        label=_("Protection concerns"),
        queryset=ProtectionConcern.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)
    location = LocationChoiceField(label=_("Area where the child lives"))
    summary = forms.CharField(
        label=_("Reason for registration"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_registration_date(self):
        value = self.cleaned_data["registration_date"]
        if value > clock.today():
            raise forms.ValidationError(_("The registration date cannot be in the future."))
        return value


class OwnerForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Caseworker"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Leave empty to keep the case."),
    )
    caseload_override = forms.CharField(
        label=_("Reason to exceed the caseload maximum"),
        required=False,
        help_text=_("Only when the caseworker is at their maximum number of cases."),
    )

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            workers if workers is not None else (get_user_model().objects.none())
        )


class ConsentForm(forms.ModelForm):
    class Meta:
        model = ConsentRecord
        fields = [
            "given",
            "given_by",
            "given_by_name",
            "given_on",
            "child_assent",
            "child_views",
            "override",
            "override_reason",
        ]
        widgets = {
            "given_on": DateInput(),
            "child_views": forms.Textarea(attrs={"rows": 2}),
            "override_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = clock.today
        self.fields["given"].required = False

    def _post_clean(self):
        pass  # the service validates


class ConsentKindForm(ConsentForm):
    class Meta(ConsentForm.Meta):
        fields = ["kind", *ConsentForm.Meta.fields]


class RiskForm(forms.Form):
    risk_level = forms.ChoiceField(label=_("New risk level"), choices=RiskLevel.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class CaseEditForm(CaseForm):
    risk_level = None  # type: ignore[assignment]  # changes with a reason, via the risk form
    version = forms.IntegerField(widget=forms.HiddenInput)


class DuplicateForm(forms.Form):
    of = forms.CharField(label=_("Number of the surviving case"), max_length=32)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Worker"), queryset=get_user_model().objects.none())
    note = forms.CharField(label=_("Role on the case"), max_length=150, required=False)

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = workers
