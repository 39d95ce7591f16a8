"""Forms for placements and what hangs on them. They only parse input; the
services decide (and their refusals land on these forms)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hearth.care import queries
from hearth.care.models import (
    CareArrangement,
    CareType,
    ChangeReason,
    Discharge,
    FamilyContact,
    GatekeepingDecision,
    PlacementReview,
)
from hearth.core import clock
from hearth.web.forms import DateInput

OPTION_ROWS = 5


class ServiceValidated(forms.ModelForm):
    """A model form whose model checks run in the service (with the rules that
    need the database), not twice."""

    def _post_clean(self):
        pass


def _text(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class CarerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        expiry = obj.approval_expires_on or "—"
        return f"{obj.name} · {obj.location} · {_('approved until')} {expiry}"


class FacilityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.location} · {obj.occupied}/{obj.capacity}"


def family_households(user, child):
    """Households a form offers for a child: the child's own and their relatives'
    that the reader may see."""
    from hearth.registry import queries as registry_queries

    related = Q(members__person=child) | Q(members__person__relatives_of__person=child)
    return registry_queries.households(user).filter(related).distinct().order_by("name")


class ArrangementForm(ServiceValidated):
    reasons = forms.ModelMultipleChoiceField(
        label=_("Reasons for the change"),
        queryset=ChangeReason.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CareArrangement
        fields = [
            "care_type", "is_formal", "is_emergency", "start_date", "facility", "foster_carer",
            "household", "provider_details", "legal_basis", "legal_order", "reasons",
            "reason_text", "decided_by", "gatekeeping", "safeguard_note", "care_plan_note",
        ]  # fmt: skip
        widgets = {
            "start_date": DateInput(),
            "reason_text": _text(2),
            "safeguard_note": _text(2),
            "care_plan_note": _text(3),
        }
        help_texts = {
            "is_formal": _(
                "Ordered by a court or an administrative authority, or any residential care."
            ),
            "is_emergency": _(
                "The child had to be placed before gatekeeping: it is then due within 72 hours."
            ),
            "gatekeeping": _("Leave empty to use the latest decision recommending placement."),
            "safeguard_note": _(
                "Only for a child under 3 in residential care, or an admission for poverty "
                "alone: these need a senior's approval."
            ),
        }
        field_classes = {"facility": FacilityChoiceField, "foster_carer": CarerChoiceField}

    def __init__(self, *args, user, case, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["care_type"].queryset = CareType.objects.filter(is_active=True)
        f["facility"].queryset = queries.placeable_facilities(user)
        f["foster_carer"].queryset = queries.placeable_carers(user)
        f["household"].queryset = family_households(user, case.child)
        f["legal_order"].queryset = case.legal_orders.filter(is_voided=False)
        f["gatekeeping"].queryset = queries.gatekeeping_of(case).filter(
            decision=GatekeepingDecision.Decision.PLACE
        )
        f["start_date"].initial = clock.today


class GatekeepingForm(ServiceValidated):
    class Meta:
        model = GatekeepingDecision
        fields = [
            "assessed_on", "decided_on", "body", "body_name", "family_options_not_possible",
            "decision", "recommended_care_type", "rationale", "child_consulted", "child_views",
            "parents_consulted", "parents_views", "legal_order",
        ]  # fmt: skip
        widgets = {
            "assessed_on": DateInput(),
            "decided_on": DateInput(),
            "family_options_not_possible": _text(2),
            "rationale": _text(3),
            "child_views": _text(2),
            "parents_views": _text(2),
        }
        help_texts = {
            "family_options_not_possible": _(
                "Needed when residential care was considered before any family-based option."
            ),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        types = CareType.objects.filter(is_active=True)
        choices = [("", "—"), *[(t.code, t.name) for t in types]]
        # The options in the order considered: family-based ones first (F2).
        for n in range(1, OPTION_ROWS + 1):
            self.fields[f"option_{n}"] = forms.ChoiceField(
                label=_("Option %(n)s considered") % {"n": n}, choices=choices, required=n == 1
            )
            self.fields[f"option_{n}_note"] = forms.CharField(
                label=_("Why it was or was not suitable"), max_length=300, required=False
            )
        order = ["assessed_on", "decided_on", "body", "body_name"]
        order += [
            name for n in range(1, OPTION_ROWS + 1) for name in (f"option_{n}", f"option_{n}_note")
        ]
        self.order_fields(order)
        self.fields["recommended_care_type"].queryset = types
        self.fields["legal_order"].queryset = case.legal_orders.filter(is_voided=False)
        self.fields["decided_on"].initial = clock.today
        self.fields["assessed_on"].initial = clock.today

    def options(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"care_type": data[f"option_{n}"], "note": data.get(f"option_{n}_note", "")}
            for n in range(1, OPTION_ROWS + 1)
            if data.get(f"option_{n}")
        ]

    def service_fields(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("option_")}
        return {**data, "options": self.options()}


class ReviewForm(ServiceValidated):
    class Meta:
        model = PlacementReview
        fields = [
            "held_on", "participants", "child_participated", "child_views", "findings",
            "decision", "decision_notes", "next_review_on",
        ]  # fmt: skip
        widgets = {
            "held_on": DateInput(),
            "next_review_on": DateInput(),
            "participants": _text(2),
            "child_views": _text(2),
            "findings": _text(3),
            "decision_notes": _text(2),
        }
        help_texts = {"next_review_on": _("Leave empty for the longest interval allowed.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_review_on"].required = False
        self.fields["held_on"].initial = clock.today


class ContactForm(ServiceValidated):
    class Meta:
        model = FamilyContact
        fields = ["contact_on", "with_whom", "method", "initiated_by", "notes"]
        widgets = {"contact_on": DateInput(), "notes": _text(2)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_on"].initial = clock.today


class DischargeForm(ServiceValidated):
    class Meta:
        model = Discharge
        fields = ["discharged_on", "kind", "destination", "destination_household", "notes"]
        widgets = {"discharged_on": DateInput(), "notes": _text(2)}

    def __init__(self, *args, user, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination_household"].queryset = family_households(user, child)
        self.fields["discharged_on"].initial = clock.today


class CarePlanForm(forms.Form):
    note = forms.CharField(label=_("Placement care plan"), widget=_text(8))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SafeguardDecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=_text(3),
        help_text=_("Required when you do not approve: say what must happen instead."),
    )


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Why this record is voided"), widget=_text(2))
