"""Court and police involvement, hearings and legal orders (D4, F9) on the case page."""

from django import forms
from django.db.models import OuterRef
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.access import policy, sensitivity
from hearth.access.decorators import requires
from hearth.cases import followup_queries, queries, sections
from hearth.cases.models import CourtInvolvement, Hearing, LegalOrder
from hearth.cases.services import court
from hearth.cases.views.followup import ReasonForm, ServiceForm, back_to, form_page
from hearth.web.forms import DateInput, submit


class InvolvementForm(ServiceForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CourtInvolvement
        fields = ["kind", "institution", "file_number", "officer", "opened_on", "notes"]
        widgets = {"opened_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class HearingForm(ServiceForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Hearing
        fields = ["held_on", "purpose", "outcome", "next_hearing_on"]
        widgets = {
            "held_on": DateInput(),
            "next_hearing_on": DateInput(),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }


class OrderForm(ServiceForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LegalOrder
        fields = ["kind", "court", "number", "issued_on", "expires_on", "involvement", "terms"]
        widgets = {
            "issued_on": DateInput(),
            "expires_on": DateInput(),
            "terms": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        involvement = self.fields["involvement"]
        involvement.queryset = case.court_involvements.filter(is_voided=False)
        involvement.label = gettext_lazy("Under the proceedings")


def _edit_form(form, user, obj):
    """An edit form leaves out the fields the user may not read: they are neither
    shown nor overwritten."""
    label = obj._meta.label_lower
    for name in list(form.fields):
        if name != "version" and not sensitivity.readable(user, label, name):
            del form.fields[name]
    return form


def _save(service, actor, key, obj):
    def save(data):
        data = dict(data)
        version = data.pop("version", None)
        return service(actor=actor, expected_version=version, **{key: obj}, **data)

    return save


def _void_page(request, case, obj, service, key, title):
    form = ReasonForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: service(actor=request.user, **{key: obj}, **data),
        _("Record voided."),
    ):
        return back_to(case, "court")
    return form_page(request, case, form, title, intro=str(obj), button=_("Void"))


def _get(case, model, pk):
    obj = get_object_or_404(model, pk=pk, case=case, is_voided=False)
    obj.case = case
    return obj


# --- proceedings ---------------------------------------------------------------------


@requires("case.work")
def involvement_new(request, pk):
    case = queries.case_for(request.user, pk, "case.work")
    form = InvolvementForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: court.involvement_create(
            actor=request.user, case=case, **{k: v for k, v in data.items() if k != "version"}
        ),
        _("Court or police involvement recorded."),
    ):
        return back_to(case, "court")
    return form_page(request, case, form, _("Record court or police involvement"))


@requires("case.work")
def involvement_edit(request, pk, involvement_pk):
    case = queries.case_for(request.user, pk, "case.work")
    involvement = _get(case, CourtInvolvement, involvement_pk)
    form = _edit_form(
        InvolvementForm(
            request.POST or None,
            instance=involvement,
            initial={"version": involvement.version},
        ),
        request.user,
        involvement,
    )
    save = _save(court.involvement_update, request.user, "involvement", involvement)
    if submit(request, form, save, _("Changes saved.")):
        return back_to(case, "court")
    return form_page(request, case, form, _("Change court or police involvement"))


@requires("case.work")
def involvement_void(request, pk, involvement_pk):
    case = queries.case_for(request.user, pk, "case.work")
    involvement = _get(case, CourtInvolvement, involvement_pk)
    return _void_page(
        request,
        case,
        involvement,
        court.involvement_void,
        "involvement",
        _("Void court or police involvement"),
    )


# --- hearings ------------------------------------------------------------------------


@requires("case.work")
def hearing_new(request, pk, involvement_pk):
    case = queries.case_for(request.user, pk, "case.work")
    involvement = _get(case, CourtInvolvement, involvement_pk)
    form = HearingForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: court.hearing_add(
            actor=request.user,
            involvement=involvement,
            **{k: v for k, v in data.items() if k != "version"},
        ),
        _("Hearing recorded."),
    ):
        return back_to(case, "court")
    return form_page(request, case, form, _("Record a hearing"), intro=str(involvement))


@requires("case.work")
def hearing_edit(request, pk, hearing_pk):
    case = queries.case_for(request.user, pk, "case.work")
    hearing = _get(case, Hearing, hearing_pk)
    form = _edit_form(
        HearingForm(request.POST or None, instance=hearing, initial={"version": hearing.version}),
        request.user,
        hearing,
    )
    if submit(
        request, form, _save(court.hearing_update, request.user, "hearing", hearing), _("Saved.")
    ):
        return back_to(case, "court")
    return form_page(request, case, form, _("Change the hearing"))


@requires("case.work")
def hearing_void(request, pk, hearing_pk):
    case = queries.case_for(request.user, pk, "case.work")
    hearing = _get(case, Hearing, hearing_pk)
    return _void_page(request, case, hearing, court.hearing_void, "hearing", _("Void the hearing"))


# --- legal orders --------------------------------------------------------------------


@requires("case.work")
def order_new(request, pk):
    case = queries.case_for(request.user, pk, "case.work")
    form = OrderForm(
        request.POST or None, case=case, initial={"involvement": request.GET.get("involvement")}
    )
    if submit(
        request,
        form,
        lambda data: court.order_create(
            actor=request.user, case=case, **{k: v for k, v in data.items() if k != "version"}
        ),
        _("Legal order recorded."),
    ):
        return back_to(case, "court")
    return form_page(request, case, form, _("Record a legal order"))


@requires("case.work")
def order_edit(request, pk, order_pk):
    case = queries.case_for(request.user, pk, "case.work")
    order = _get(case, LegalOrder, order_pk)
    form = _edit_form(
        OrderForm(
            request.POST or None, case=case, instance=order, initial={"version": order.version}
        ),
        request.user,
        order,
    )
    if submit(request, form, _save(court.order_update, request.user, "order", order), _("Saved.")):
        return back_to(case, "court")
    return form_page(request, case, form, _("Change the legal order"))


@requires("case.work")
def order_void(request, pk, order_pk):
    case = queries.case_for(request.user, pk, "case.work")
    order = _get(case, LegalOrder, order_pk)
    return _void_page(request, case, order, court.order_void, "order", _("Void the legal order"))


def build(user, case) -> dict:
    # Most cases never go to court: read orders and proceedings only when there are.
    orders = followup_queries.orders_of(case) if sections.has(case, "legal_orders") else []
    states = [o.state for o in orders]  # type: ignore[attr-defined]
    return {
        "involvements": (
            followup_queries.involvements_of(case) if sections.has(case, "court") else []
        ),
        "orders": orders,
        "expired": states.count("expired"),
        "expiring": states.count("expiring"),
        "may_work": case.is_open and policy.can(user, "case.work", case),
    }


sections.add(
    "court", gettext_lazy("Court and legal orders"), "cases/court/section.html", build, order=75
)
sections.holds(
    "court", lambda: CourtInvolvement.objects.filter(case=OuterRef("pk"), is_voided=False)
)
sections.holds(
    "legal_orders", lambda: LegalOrder.objects.filter(case=OuterRef("pk"), is_voided=False)
)
