"""Forms for the provider register, reintegration, tracing and the population
import. They only parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.care.forms import ServiceValidated, family_households
from hearth.care.models import (
    CapacityBand,
    CareArrangement,
    CareType,
    Facility,
    FamilyAssessment,
    FosterCarer,
    Inspection,
    ReintegrationPlan,
    ReintegrationTask,
    ReintegrationVisit,
    TracingRequest,
)
from hearth.cases.models import FollowUp
from hearth.core import clock
from hearth.places.forms import LocationChoiceField
from hearth.web.forms import DateInput

ACTION_ROWS = 3


def _text(rows=3):
    return forms.Textarea(attrs={"rows": rows})


# --- providers --------------------------------------------------------------------------


class FacilityForm(ServiceValidated):
    class Meta:
        model = Facility
        fields = [
            "name", "kind", "registration_number", "licence_number", "licence_expires_on",
            "capacity", "location", "address", "contact_name", "phone", "email",
            "managing_agency", "operator", "is_active", "notes",
        ]  # fmt: skip
        widgets = {"licence_expires_on": DateInput(), "address": _text(2), "notes": _text(2)}
        field_classes = {"location": LocationChoiceField}


class FacilityEditForm(FacilityForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CapacityBandForm(ServiceValidated):
    class Meta:
        model = CapacityBand
        fields = ["sex", "age_from", "age_to", "places"]


class FosterCarerForm(ServiceValidated):
    class Meta:
        model = FosterCarer
        fields = [
            "household", "approval_number", "approved_on", "approval_expires_on", "capacity",
            "location", "agency", "is_active", "notes",
        ]  # fmt: skip
        widgets = {
            "approved_on": DateInput(),
            "approval_expires_on": DateInput(),
            "notes": _text(2),
        }
        field_classes = {"location": LocationChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from hearth.registry import queries as registry_queries

        self.fields["household"].queryset = registry_queries.households(user).order_by("name")
        self.fields["household"].required = True


class FosterCarerEditForm(FosterCarerForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["household"]


class InspectionForm(ServiceValidated):
    class Meta:
        model = Inspection
        fields = ["inspected_on", "inspector", "rating", "findings"]
        widgets = {"inspected_on": DateInput(), "findings": _text(4)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspected_on"].initial = clock.today
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}"] = forms.CharField(
                label=_("Follow-up action %(n)s") % {"n": n}, max_length=500, required=False
            )
            self.fields[f"action_{n}_due"] = forms.DateField(
                label=_("Due"), required=False, widget=DateInput()
            )

    def clean(self):
        data = super().clean()
        for n in range(1, ACTION_ROWS + 1):
            if data.get(f"action_{n}") and not data.get(f"action_{n}_due"):
                self.add_error(f"action_{n}_due", _("Give the due date of the action."))
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "inspected_on": data["inspected_on"],
            "inspector": data["inspector"],
            "rating": data["rating"],
            "findings": data["findings"],
            "actions": [
                {"description": data[f"action_{n}"], "due_on": data[f"action_{n}_due"]}
                for n in range(1, ACTION_ROWS + 1)
                if data.get(f"action_{n}")
            ],
        }


# --- reintegration -----------------------------------------------------------------------


class PlanForm(ServiceValidated):
    class Meta:
        model = ReintegrationPlan
        fields = ["family", "household", "goal", "target_return_on"]
        widgets = {"goal": _text(4), "target_return_on": DateInput()}

    def __init__(self, *args, user, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = family_households(user, child)


class AssessmentMetaForm(ServiceValidated):
    class Meta:
        model = FamilyAssessment
        fields = ["assessed_on", "recommendation"]
        widgets = {"assessed_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = clock.today


class TaskForm(ServiceValidated):
    class Meta:
        model = ReintegrationTask
        fields = ["responsible", "description", "due_on"]
        widgets = {"description": _text(2), "due_on": DateInput()}


class ReturnForm(forms.Form):
    returned_on = forms.DateField(
        label=_("Date of the return"), widget=DateInput(), initial=clock.today
    )
    care_type = forms.ModelChoiceField(
        label=_("The child now lives in"),
        queryset=CareType.objects.filter(
            is_active=True, setting__in=(CareType.Setting.PARENTAL, CareType.Setting.FAMILY_BASED)
        ),
        to_field_name="code",
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"),
        choices=CareArrangement.LegalBasis.choices,
        initial=CareArrangement.LegalBasis.NONE,
    )
    decided_by = forms.CharField(label=_("Decided by"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["care_type"].initial = "parental"


class VisitForm(ServiceValidated):
    """A post-return visit: the follow-up's facts and the reintegration outcome."""

    class Meta:
        model = FollowUp
        fields = ["done_on", "contact", "child_seen", "who_seen", "observations", "action_needed"]
        widgets = {"done_on": DateInput(), "observations": _text(3), "action_needed": _text(2)}

    living_at_home = forms.NullBooleanField(
        label=_("Does the child still live with the family?"),
        widget=forms.Select(choices=[("unknown", "—"), ("true", _("Yes")), ("false", _("No"))]),
    )
    wellbeing = forms.ChoiceField(
        label=_("How is the child?"), choices=ReintegrationVisit.Wellbeing.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].required = True
        self.fields["done_on"].initial = clock.today
        self.fields["contact"].required = True


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=_text(2))


# --- tracing -----------------------------------------------------------------------------


class TracingRequestForm(ServiceValidated):
    consent_override_reason = forms.CharField(
        label=_("Reason for acting without tracing consent"),
        required=False,
        widget=_text(2),
        help_text=_("Only when the case has no tracing consent (supervisors)."),
    )

    class Meta:
        model = TracingRequest
        fields = [
            "received_on", "enquirer_name", "enquirer_relation", "enquirer_contact",
            "sought_given_name", "sought_family_name", "sought_other_names", "sought_sex",
            "sought_date_of_birth", "sought_age", "last_seen_place", "last_seen_location",
            "last_seen_on", "distinguishing_features", "circumstances", "location",
        ]  # fmt: skip
        widgets = {
            "received_on": DateInput(),
            "sought_date_of_birth": DateInput(),
            "last_seen_on": DateInput(),
            "distinguishing_features": _text(2),
            "circumstances": _text(3),
        }
        field_classes = {"last_seen_location": LocationChoiceField, "location": LocationChoiceField}

    def __init__(self, *args, for_case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = clock.today
        if for_case is None:
            del self.fields["consent_override_reason"]
            labels = {
                "enquirer_name": _("Name of the relative searching"),
                "sought_given_name": _("Child's given name"),
                "sought_family_name": _("Child's family name"),
            }
        else:
            del self.fields["location"]
            labels = {
                "enquirer_name": _("Who asks (the child, or on the child's behalf)"),
                "enquirer_relation": _("Relation of the relative sought to the child"),
                "sought_given_name": _("Relative's given name"),
                "sought_family_name": _("Relative's family name"),
            }
        for name, label in labels.items():
            self.fields[name].label = label


class MatchForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=_text(2))
    consent_override_reason = forms.CharField(
        label=_("Reason for acting without tracing consent"), required=False, widget=_text(2)
    )


class PopulationImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), help_text=_("Columns: area_code, year, sex, age_from, age_to, count.")
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and report, change nothing"), required=False, initial=True
    )
