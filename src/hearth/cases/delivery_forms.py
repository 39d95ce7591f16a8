"""Forms for the service directory, services, referrals and transfers. They parse
input only; the services decide what is allowed."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from hearth.access import policy
from hearth.accounts.models import Agency
from hearth.cases import delivery_queries as q
from hearth.cases.models import PlanAction, ServiceType
from hearth.core import clock
from hearth.places.forms import LocationChoiceField
from hearth.places.models import Location
from hearth.web.forms import DateInput

TEXT = {"rows": 3}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs=TEXT))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


# --- the directory ----------------------------------------------------------------


class ServiceTypeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    category = forms.CharField(label=_("Category"), max_length=60, required=False)
    sort_order = forms.IntegerField(label=_("Order in lists"), min_value=0, initial=0)


class ServiceTypeNewForm(ServiceTypeForm):
    code = forms.SlugField(
        label=_("Code"),
        max_length=50,
        required=False,
        help_text=_("Used by the API and imports; made from the name when left empty."),
    )


class LocationsField(forms.ModelMultipleChoiceField):
    """Areas with their way down as labels, like LocationChoiceField."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Location.objects.filter(is_voided=False))
        super().__init__(**kwargs)

    label_from_instance = LocationChoiceField.label_from_instance
    _set_names = LocationChoiceField._set_names


class ProviderForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for an agency in Hearth to use its name."),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency in Hearth"),
        queryset=Agency.objects.filter(is_active=True, is_voided=False),
        required=False,
        help_text=_("Only when the provider uses Hearth: its people then answer referrals."),
    )
    service_types = forms.ModelMultipleChoiceField(
        label=_("Services offered"),
        queryset=ServiceType.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    areas = LocationsField(
        label=_("Areas served"),
        required=False,
        help_text=_("An area includes everything under it. None: serves everywhere."),
    )
    contact_person = forms.CharField(label=_("Contact person"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if not data.get("agency") and not (data.get("name") or "").strip():
            self.add_error("name", _("Give the provider's name."))
        return data


class ProviderEditForm(ProviderForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Entries may keep a service type retired since; new ones offer only active ones.
        self.fields["service_types"].queryset = ServiceType.objects.all()


class DirectoryFilterForm(forms.Form):
    service_type = forms.ModelChoiceField(
        label=_("Service"), queryset=ServiceType.objects.filter(is_active=True), required=False
    )
    area = LocationChoiceField(label=_("Serving the area"), required=False)
    q = forms.CharField(label=_("Name"), required=False)


# --- choosing who: one select for workers, agencies and directory entries ----------


def encode(kind: str, obj) -> str:
    return f"{kind}:{obj.pk}"


class RecipientField(forms.ChoiceField):
    """A grouped select whose values say what was chosen ("user:<id>",
    "agency:<id>", "provider:<id>"); `clean` returns (kind, object)."""

    def __init__(self, *, groups=(), **kwargs):
        self._objects = {}
        choices = [("", "—")]
        for title, entries in groups:
            options = []
            for kind, obj, label in entries:
                key = encode(kind, obj)
                self._objects[key] = (kind, obj)
                options.append((key, label))
            if options:
                choices.append((title, options))
        super().__init__(choices=choices, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self._objects.get(value) if value else None


def recipient_kwargs(choice) -> dict:
    """(kind, object) -> the keyword the services take."""
    if not choice:
        return {}
    kind, obj = choice
    return {{"user": "to_user", "agency": "to_agency", "provider": "to_provider"}[kind]: obj}


# --- services -----------------------------------------------------------------------


class ServiceForm(forms.Form):
    service_type = forms.ModelChoiceField(
        label=_("Service"), queryset=ServiceType.objects.filter(is_active=True)
    )
    provider = RecipientField(label=_("Provided by"))
    due_on = forms.DateField(label=_("Due"), widget=DateInput())
    action = forms.ModelChoiceField(
        label=_("For the plan action"), queryset=PlanAction.objects.none(), required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs=TEXT))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        workers = [("user", u, str(u)) for u in q.case_workers(case.agency)]
        agencies = [
            ("agency", a, str(a)) for a in Agency.objects.filter(is_active=True, is_voided=False)
        ]
        external = [("provider", p, str(p)) for p in q.directory().filter(agency__isnull=True)]
        self.fields["provider"] = RecipientField(
            label=_("Provided by"),
            groups=[
                (_("Workers of %(a)s") % {"a": case.agency}, workers),
                (_("Agencies"), agencies),
                (_("Other providers in the directory"), external),
            ],
        )
        self.fields["action"].queryset = PlanAction.objects.filter(
            case=case, is_voided=False, done_on__isnull=True
        )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        chosen = recipient_kwargs(data.pop("provider"))
        names = {"to_user": "provided_by_user", "to_agency": "provided_by_agency"}
        data.update({names.get(k, "provider"): v for k, v in chosen.items()})
        return data


class DeliverForm(forms.Form):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput(), initial=clock.today)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs=TEXT))


# --- referrals ----------------------------------------------------------------------


class ServiceTypeChoiceForm(forms.Form):
    """Step one of a referral: which service? (The recipients depend on it.)"""

    service_type = forms.ModelChoiceField(
        label=_("Service needed"),
        queryset=ServiceType.objects.filter(is_active=True),
        to_field_name="code",
    )


class ReferralForm(forms.Form):
    recipient = RecipientField(label=_("Refer to"))
    reason = forms.CharField(
        label=_("Reason for referral"),
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("What the recipient needs to know to help. Share no more than that."),
    )
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    respond_by = forms.DateField(
        label=_("Answer needed by"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty for the usual time (shorter when urgent)."),
    )
    consent_override_reason = forms.CharField(
        label=_("Reason for referring without consent to share"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when there is no consent to share; a supervisor must give it."),
    )

    def __init__(self, *args, case, service_type, **kwargs):
        super().__init__(*args, **kwargs)
        agencies, workers, external = [], [], []
        for entry in q.providers_for(service_type, case.location):
            if entry.agency_id:
                agencies.append(("agency", entry.agency, str(entry.agency)))
                workers += [
                    ("user", u, f"{u} · {entry.agency}") for u in q.responders(entry.agency)
                ]
            else:
                external.append(("provider", entry, str(entry)))
        self.fields["recipient"] = RecipientField(
            label=_("Refer to"),
            groups=[
                (_("Agencies in Hearth"), agencies),
                (_("Workers of those agencies"), workers),
                (_("Providers outside Hearth"), external),
            ],
            help_text=_("Those offering this service in the child's area, from the directory."),
        )


class ReferralAcceptForm(forms.Form):
    service_due_on = forms.DateField(
        label=_("The service will be delivered by"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty for the usual time."),
    )


class ReferralDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("The referrer sees this and can look for another provider."),
    )


class ReferralCompleteForm(forms.Form):
    feedback = forms.CharField(
        label=_("Feedback to the referrer"),
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("What was done, the outcome, and anything the caseworker should follow up."),
    )
    service_delivered = forms.BooleanField(
        label=_("The service was delivered"), required=False, initial=True
    )
    delivered_on = forms.DateField(
        label=_("Delivered on"), widget=DateInput(), required=False, initial=clock.today
    )


# --- transfers ----------------------------------------------------------------------


def _workers_by_agency(exclude=None) -> list:
    users = (
        get_user_model()
        .objects.filter(is_active=True, agency__isnull=False, agency__is_active=True)
        .select_related("agency")
        .prefetch_related("roles")
        .order_by("agency__name", "first_name", "last_name")
    )
    return [
        ("user", u, f"{u} · {u.agency}")
        for u in users
        if u.pk != getattr(exclude, "pk", None) and policy.has_perm(u, "case.work")
    ]


class TransferForm(forms.Form):
    recipient = RecipientField(label=_("Transfer to"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs=TEXT))
    consent_override_reason = forms.CharField(
        label=_("Reason for transferring to another agency without consent to share"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only for another agency when there is no consent to share."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = [
            ("agency", a, str(a))
            for a in Agency.objects.filter(is_active=True, is_voided=False).exclude(
                pk=case.agency_id
            )
        ]
        self.fields["recipient"] = RecipientField(
            label=_("Transfer to"),
            groups=[
                (_("A worker"), _workers_by_agency(exclude=case.owner)),
                (_("An agency (its supervisor names the worker)"), agencies),
            ],
        )


class TransferAcceptForm(forms.Form):
    new_owner = forms.ModelChoiceField(
        label=_("New caseworker"), queryset=get_user_model().objects.none()
    )
    caseload_override = forms.CharField(
        label=_("Reason to exceed the caseload maximum"),
        required=False,
        help_text=_("Only when the caseworker is at their maximum number of cases."),
    )

    def __init__(self, *args, transfer, **kwargs):
        super().__init__(*args, **kwargs)
        if transfer.to_agency_id:
            ids = [u.pk for u in q.case_workers(transfer.to_agency)]
            self.fields["new_owner"].queryset = get_user_model().objects.filter(pk__in=ids)
        else:
            del self.fields["new_owner"]


class ReassignForm(forms.Form):
    new_owner = forms.ModelChoiceField(
        label=_("New caseworker"), queryset=get_user_model().objects.none()
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs=TEXT))
    caseload_override = forms.CharField(
        label=_("Reason to exceed the caseload maximum"), required=False
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_owner"].queryset = workers
