from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hearth.core import clock
from hearth.places.forms import LocationChoiceField
from hearth.registry.models import (
    Disability,
    Household,
    HouseholdMember,
    IdentifierType,
    Person,
    Relationship,
)
from hearth.registry.services import birth_date_from_age
from hearth.web.forms import DateInput


class PersonForm(forms.ModelForm):
    """Fields of a person. The date of birth may be replaced by an age in years,
    which becomes an estimated date of birth."""

    age_years = forms.IntegerField(
        label=_("Or age in years (if the date of birth is not known)"),
        min_value=0,
        max_value=120,
        required=False,
    )
    disabilities = forms.MultipleChoiceField(
        label=_("Kinds of disability"),
        choices=Disability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    location = LocationChoiceField(required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = [
            "given_name", "family_name", "other_names", "sex", "date_of_birth", "age_years",
            "birth_date_estimated", "has_disability", "disabilities", "nationality",
            "languages", "location", "address", "phone", "email",
        ]  # fmt: skip
        widgets = {"date_of_birth": DateInput(), "address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, require_birth=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_birth = require_birth
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        age = data.get("age_years")
        if not data.get("date_of_birth") and age is not None:
            data["date_of_birth"] = birth_date_from_age(age, clock.today())
            data["birth_date_estimated"] = True
        if (
            self.require_birth
            and not data.get("date_of_birth")
            and "date_of_birth" not in (self.errors)
        ):
            self.add_error("date_of_birth", _("Give the date of birth or an estimated age."))
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("age_years", None)
        data.pop("version", None)
        return data

    def _post_clean(self):
        # Validation belongs to the service (it runs full_clean); the form only parses.
        pass


class IdentifierForm(forms.Form):
    type = forms.ModelChoiceField(
        label=_("Identifier type"), queryset=IdentifierType.objects.filter(is_active=True)
    )
    value = forms.CharField(label=_("Number"), max_length=100)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput())
    issuer = forms.CharField(label=_("Issued by"), max_length=120, required=False)


class OptionalIdentifierForm(IdentifierForm):
    """A row on the registration form: empty rows are ignored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def clean(self):
        data = super().clean()
        if data.get("value") and not data.get("type"):
            self.add_error("type", _("Choose the type of this identifier."))
        if data.get("type") and not data.get("value"):
            self.add_error("value", _("Enter the number, or clear the type."))
        return data


IdentifierFormSet = forms.formset_factory(OptionalIdentifierForm, extra=2, max_num=10)


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class EndForm(forms.Form):
    end_date = forms.DateField(label=_("End date"), widget=DateInput())

    def clean_end_date(self):
        value = self.cleaned_data["end_date"]
        if value > clock.today():
            raise ValidationError(_("The end date cannot be in the future."))
        return value


class HouseholdForm(forms.ModelForm):
    location = LocationChoiceField(required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Household
        fields = ["name", "location", "address", "phone"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data

    def _post_clean(self):
        pass


class PersonPickField(forms.ModelChoiceField):
    """A person chosen from live search results (the queryset is the visible set)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(queryset=Person.objects.none(), **kwargs)


class MemberForm(forms.Form):
    person = PersonPickField(label=_("Person"))
    relation_to_head = forms.ChoiceField(
        label=_("Relation to head"), choices=HouseholdMember.Relation.choices
    )
    is_primary_caregiver = forms.BooleanField(label=_("Primary caregiver"), required=False)
    start_date = forms.DateField(label=_("Lives here since"), required=False, widget=DateInput())

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class RelationshipForm(forms.Form):
    relative = PersonPickField(label=_("Relative"))
    kind = forms.ChoiceField(label=_("Is the person's"), choices=Relationship.Kind.choices)
    is_caregiver = forms.BooleanField(label=_("Is a caregiver"), required=False)
    lives_with = forms.BooleanField(label=_("Lives with the person"), required=False)
    start_date = forms.DateField(label=_("From"), required=False, widget=DateInput())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relative"].queryset = people
