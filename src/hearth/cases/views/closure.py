"""Closing a case (E3), the supervisor's decision on it, and reopening."""

from django import forms
from django.db.models import OuterRef
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.care import queries as care_queries
from hearth.care.models import CareType
from hearth.cases import deadlines, queries, sections, workflow
from hearth.cases import delivery_sections as delivery
from hearth.cases.models import Approval, Closure, Reopening
from hearth.cases.services import approvals, closure
from hearth.cases.views.followup import ReasonForm, ServiceForm, back_to, form_page
from hearth.core import clock
from hearth.core.errors import NotFound
from hearth.web.forms import DateInput, submit


class ClosureForm(ServiceForm):
    note = forms.CharField(
        label=gettext_lazy("Note to the approver"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Closure
        fields = ["reason", "goals_met", "care_type_at_closure", "closure_date", "summary"]
        widgets = {"closure_date": DateInput(), "summary": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["care_type_at_closure"].queryset = CareType.objects.filter(is_active=True)
        self.fields["closure_date"].initial = clock.today
        if not deadlines.approval_required("closure"):
            del self.fields["note"]


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("yes", gettext_lazy("Approve: close the case")),
            ("no", gettext_lazy("Return: the case stays open")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required when returning: say what needs to happen first."),
    )


def care_type_now(user, case):
    """The care type of the child's arrangement today, as the reader may see it: what
    the closure records unless the worker says otherwise."""
    return (
        care_queries.arrangements(user)
        .filter(care_queries.current_on(clock.today()), child_id=case.child_id)
        .order_by("-start_date", "-created_at")
        .values_list("care_type_id", flat=True)
        .first()
    )


@requires("case.close")
def request_closure(request, pk):
    case = queries.case_for(request.user, pk, "case.close")
    form = ClosureForm(
        request.POST or None, initial={"care_type_at_closure": care_type_now(request.user, case)}
    )
    needs_approval = deadlines.approval_required("closure")
    if submit(
        request,
        form,
        lambda data: closure.closure_request(actor=request.user, case=case, **data),
        _("Closure sent for approval.") if needs_approval else _("The case is closed."),
    ):
        return back_to(case, "closure")
    intro = workflow.ready_to_close(case) or (
        _("A supervisor approves the closure before the case closes.") if needs_approval else ""
    )
    return form_page(request, case, form, _("Close the case"), intro=intro)


@requires("case.approve")
def decide(request, pk, closure_pk):
    case = queries.case_for(request.user, pk, "case.approve")
    pending = closure.pending_closure(case)
    if pending is None or str(pending.pk) != str(closure_pk):
        raise NotFound(_("Not found."))
    approval = approvals.pending_for(Approval.Subject.CLOSURE, pending.pk)
    form = DecisionForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: approvals.approval_decide(
            actor=request.user, approval=approval, approve=data["approve"], comment=data["comment"]
        ),
        _("Decision recorded."),
    ):
        return back_to(case, "closure")
    return form_page(
        request,
        case,
        form,
        _("Decide on the closure"),
        intro=_("%(reason)s, closing on %(date)s")
        % {
            "reason": pending.get_reason_display(),
            "date": formats.date_format(pending.closure_date, "SHORT_DATE_FORMAT"),
        },
    )


@requires("case.close")
def reopen(request, pk):
    case = queries.case_for(request.user, pk, "case.close")
    form = ReasonForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: closure.case_reopen(actor=request.user, case=case, **data),
        _("The case is reopened and under review."),
    ):
        return back_to(case, "closure")
    return form_page(
        request,
        case,
        form,
        _("Reopen the case"),
        intro=_("The case comes back under review and its supervisors are told."),
        button=_("Reopen"),
    )


def build(user, case) -> dict:
    closures = (
        list(
            case.closures.filter(is_voided=False).select_related(
                "care_type_at_closure", "created_by"
            )
        )
        if sections.has(case, "closures")
        else []
    )
    decisions = {
        a.subject_id: a
        for a in Approval.objects.filter(
            case=case, subject=Approval.Subject.CLOSURE, subject_id__in=[c.pk for c in closures]
        )
        .select_related("decided_by")
        .order_by("created_at")
    }
    for item in closures:
        item.approval = decisions.get(item.pk)
    pending = closure.pending_closure(case, closures) if case.is_open else None
    may_close = case.is_open and not pending and policy.can(user, "case.close", case)
    blocker = (
        workflow.ready_to_close(case, delivery.referrals_of(case), delivery.transfers_of(case))
        if may_close
        else None
    )
    return {
        "closures": closures,
        "pending": pending,
        "may_close": may_close,
        "blocker": blocker,
        "may_decide": bool(
            pending and pending.created_by_id != user.pk and policy.can(user, "case.approve", case)
        ),
        "may_reopen": not case.is_open and policy.can(user, "case.close", case),
        "reopenings": (
            case.reopenings.filter(is_voided=False).select_related("created_by")
            if sections.has(case, "reopenings")
            else []
        ),
    }


sections.add(
    "closure",
    gettext_lazy("Closure"),
    "cases/closure/section.html",
    build,
    order=90,
    asks=("case.close",),
)
sections.holds("closures", lambda: Closure.objects.filter(case=OuterRef("pk"), is_voided=False))
sections.holds("reopenings", lambda: Reopening.objects.filter(case=OuterRef("pk"), is_voided=False))
