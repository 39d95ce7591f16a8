"""Follow-ups and home visits on the case page (E1): schedule, record as done,
reschedule, cancel; and an unplanned visit recorded in one step."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.cases import followup_queries, queries, sections
from hearth.cases.models import FollowUp
from hearth.cases.services import followup
from hearth.core import clock
from hearth.web.forms import DateInput, submit


class ServiceForm(forms.ModelForm):
    """A model form that leaves validation to the service, so pages and the API
    refuse with the same messages."""

    def _post_clean(self):
        pass


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ScheduleForm(ServiceForm):
    class Meta:
        model = FollowUp
        fields = ["kind", "due_on", "purpose"]
        widgets = {"due_on": DateInput()}


class VisitForm(ServiceForm):
    """What a visit done records (E1)."""

    class Meta:
        model = FollowUp
        fields = ["done_on", "contact", "child_seen", "who_seen", "observations", "action_needed"]
        widgets = {
            "done_on": DateInput(),
            "observations": forms.Textarea(attrs={"rows": 5}),
            "action_needed": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].required = True
        self.fields["done_on"].initial = clock.today


class DoneForm(VisitForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class LogForm(VisitForm):
    class Meta(VisitForm.Meta):
        fields = ["kind", "purpose", *VisitForm.Meta.fields]


class RescheduleForm(forms.Form):
    due_on = forms.DateField(label=gettext_lazy("New date"), widget=DateInput())
    reason = forms.CharField(
        label=gettext_lazy("Why is the visit moved?"), widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def flash_refusal(request, error) -> None:
    """A refusal of an action posted from the case page, shown at the top of it."""
    messages.error(
        request,
        " ".join(error.messages) if isinstance(error, ValidationError) else str(error.message),
    )


def back_to(case, section: str):
    return redirect(reverse("cases:detail", args=[case.pk]) + f"#{section}")


def form_page(request, case, form, title, *, intro="", button=""):
    return render(
        request,
        "cases/followup/form.html",
        {"case": case, "form": form, "title": title, "intro": intro, "button": button},
    )


def _follow_up(case, pk) -> FollowUp:
    follow_up = get_object_or_404(FollowUp, pk=pk, case=case, is_voided=False)
    follow_up.case = case  # one copy of the case, so a transition is saved once
    return follow_up


def _describe(follow_up: FollowUp) -> str:
    return _("%(kind)s due %(date)s") % {
        "kind": follow_up.get_kind_display(),
        "date": formats.date_format(follow_up.due_on, "SHORT_DATE_FORMAT"),
    }


@requires("case.work")
def schedule(request, pk):
    case = queries.case_for(request.user, pk, "case.work")
    initial = {"due_on": clock.today() + dt.timedelta(days=7)}
    form = ScheduleForm(request.POST or None, initial=initial)
    if submit(
        request,
        form,
        lambda data: followup.followup_schedule(actor=request.user, case=case, **data),
        _("Visit scheduled."),
    ):
        return back_to(case, "followups")
    return form_page(request, case, form, _("Schedule a follow-up or visit"))


@requires("case.work")
def log_visit(request, pk):
    case = queries.case_for(request.user, pk, "case.work")
    form = LogForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: followup.followup_log(actor=request.user, case=case, **data),
        _("Visit recorded."),
    ):
        return back_to(case, "followups")
    return form_page(
        request,
        case,
        form,
        _("Record a visit that was not scheduled"),
        intro=_("For a visit already made. To plan one, schedule it instead."),
    )


@requires("case.work")
def done(request, pk, followup_pk):
    case = queries.case_for(request.user, pk, "case.work")
    follow_up = _follow_up(case, followup_pk)
    form = DoneForm(request.POST or None, initial={"version": follow_up.version})

    def save(data):
        data = dict(data)
        return followup.followup_done(
            actor=request.user, follow_up=follow_up, expected_version=data.pop("version"), **data
        )

    if submit(request, form, save, _("Visit recorded.")):
        return back_to(case, "followups")
    return form_page(request, case, form, _("Record the visit"), intro=_describe(follow_up))


@requires("case.work")
def reschedule(request, pk, followup_pk):
    case = queries.case_for(request.user, pk, "case.work")
    follow_up = _follow_up(case, followup_pk)
    form = RescheduleForm(
        request.POST or None, initial={"due_on": follow_up.due_on, "version": follow_up.version}
    )

    def save(data):
        data = dict(data)
        return followup.followup_reschedule(
            actor=request.user, follow_up=follow_up, expected_version=data.pop("version"), **data
        )

    if submit(request, form, save, _("Visit rescheduled.")):
        return back_to(case, "followups")
    return form_page(request, case, form, _("Reschedule the visit"), intro=_describe(follow_up))


@requires("case.work")
def cancel(request, pk, followup_pk):
    case = queries.case_for(request.user, pk, "case.work")
    follow_up = _follow_up(case, followup_pk)
    form = ReasonForm(request.POST or None)
    if submit(
        request,
        form,
        lambda data: followup.followup_cancel(actor=request.user, follow_up=follow_up, **data),
        _("Visit cancelled."),
    ):
        return back_to(case, "followups")
    return form_page(
        request,
        case,
        form,
        _("Cancel the visit"),
        intro=_describe(follow_up),
        button=_("Cancel the visit"),
    )


def build(user, case) -> dict:
    todo, done_ = followup_queries.follow_ups_of(case)
    return {
        "todo": todo,
        "done": done_[:20],
        "more_done": max(len(done_) - 20, 0),
        "may_work": case.is_open and policy.can(user, "case.work", case),
    }


sections.add(
    "followups",
    gettext_lazy("Follow-ups and visits"),
    "cases/followup/section.html",
    build,
    order=60,
)
