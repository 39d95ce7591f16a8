"""Forms of the user management pages."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import Agency, Role, Team
from hearth.places.models import Location

# People cover areas at the top levels (region, district, sub-county); a list of
# every village would be too long to choose from.
AREA_DEPTH = 3


class AreasField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Location.objects.filter(is_voided=False, depth__lte=AREA_DEPTH).order_by(
                "path"
            ),
            **kwargs,
        )

    def label_from_instance(self, obj):
        return f"{'— ' * (obj.depth - 1)}{obj.name} ({obj.code})"


class UserForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("What the person types to sign in. It cannot be changed later."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Email"), required=False, help_text=_("For notifications; never for passwords.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    areas = AreasField(
        label=_("Areas"),
        required=False,
        help_text=_("Where the person works: roles with the “area” scope see records there."),
    )
    roles: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Roles"),
        queryset=Role.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, creating: bool = False, **kwargs):
        from hearth.accounts.users import assignable_roles

        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["username"]
        fields = cast(dict[str, Any], self.fields)
        fields["language"].choices = [("", _("As the browser asks")), *settings.LANGUAGES]
        fields["agency"].queryset = Agency.objects.filter(is_voided=False, is_active=True)
        fields["team"].queryset = Team.objects.filter(is_voided=False).select_related("agency")
        fields["roles"].queryset = assignable_roles()

    @staticmethod
    def initial_for(user) -> dict:
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "phone": user.phone,
            "language": user.language,
            "agency": user.agency_id,
            "team": user.team_id,
            "areas": list(user.locations.all()),
            "roles": list(user.roles.all()),
        }


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, username or email"), required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.filter(is_voided=False), required=False
    )
    role: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Role"), queryset=Role.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("Active")), ("inactive", _("Deactivated")), ("all", _("All"))],
    )

    def __init__(self, *args, **kwargs):
        from hearth.accounts.users import assignable_roles

        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["role"]).queryset = assignable_roles()


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"), max_length=300, help_text=_("E.g. “left the agency on 30 June”.")
    )
