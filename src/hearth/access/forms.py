"""The roles page's form (permissions as checkboxes grouped by area) and the
field sensitivity form."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hearth.access.permissions import grouped
from hearth.access.sensitivity import LEVEL_NAMES

LEVELS = [(int(level), f"{int(level)} · {name}") for level, name in LEVEL_NAMES.items()]


class RoleForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Short and permanent, e.g. district_coordinator."),
    )
    name = forms.CharField(label=_("Name"), max_length=80)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    scope = forms.ChoiceField(label=_("Scope: whose records"))
    clearance = forms.TypedChoiceField(
        label=_("Field sensitivity clearance"),
        choices=LEVELS,
        coerce=int,
        help_text=_("The most sensitive level of field this role may read; above it, a mask."),
    )
    requires_2fa = forms.BooleanField(label=_("Two-factor sign-in required"), required=False)
    caseload_recommended = forms.IntegerField(
        label=_("Recommended caseload"), min_value=0, required=False
    )
    caseload_max = forms.IntegerField(label=_("Maximum caseload"), min_value=0, required=False)

    def __init__(self, *args, creating: bool = False, **kwargs):
        from hearth.accounts.models import Role

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["scope"]).choices = Role.Scope.choices
        if not creating:
            del self.fields["code"]
        self.areas = []
        for key, label, permissions in grouped():
            name = f"permissions_{key}"
            self.fields[name] = forms.MultipleChoiceField(
                label=label,
                choices=[(p, f"{text} ({p})") for p, text in permissions],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
            self.areas.append(name)

    @classmethod
    def initial_for(cls, role) -> dict:
        from hearth.access.permissions import area_of

        initial = {
            name: getattr(role, name)
            for name in (
                "name", "description", "scope", "clearance", "requires_2fa",
                "caseload_recommended", "caseload_max",
            )
        }  # fmt: skip
        for permission in role.permissions:
            initial.setdefault(f"permissions_{area_of(permission)}", []).append(permission)
        return initial

    def role_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("code", None)
        data["permissions"] = sorted(p for name in self.areas for p in data.pop(name, []))
        return data


class SensitivityForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Level"), choices=LEVELS, coerce=int)
