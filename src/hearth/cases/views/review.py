"""Reviews of the case plan and case conferences (E2) on the case page."""

from django import forms
from django.contrib import messages
from django.db.models import OuterRef
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hearth.access import policy
from hearth.access.decorators import requires
from hearth.cases import deadlines, queries, sections
from hearth.cases.models import Case, CaseReview
from hearth.cases.services import review
from hearth.cases.views.followup import ServiceForm, back_to, flash_refusal, form_page
from hearth.core import clock
from hearth.web.forms import REFUSED, DateInput, submit


class ReviewForm(ServiceForm):
    class Meta:
        model = CaseReview
        fields = [
            "held_on",
            "participants",
            "child_participated",
            "child_views",
            "progress",
            "decisions",
            "decision",
            "next_review_on",
        ]
        widgets = {
            "held_on": DateInput(),
            "next_review_on": DateInput(),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "child_views": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, case: Case, conference: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = clock.today
        if conference:
            del self.fields["next_review_on"]
            self.fields["decision"].label = gettext_lazy("Recommendation")
        else:
            due = deadlines.review_due(case, clock.today())
            self.fields["next_review_on"].help_text = _(
                "Leave empty for the interval set for the risk level (%(date)s for a review "
                "held today). It can be earlier, not later."
            ) % {"date": formats.date_format(due, "SHORT_DATE_FORMAT")}


@requires("case.work")
@require_POST
def start(request, pk):
    case = queries.case_for(request.user, pk, "case.work")
    try:
        review.review_start(actor=request.user, case=case)
    except REFUSED as error:
        flash_refusal(request, error)
    else:
        messages.success(request, _("The case is under review."))
    return back_to(case, "reviews")


def _record(request, pk, conference):
    case = queries.case_for(request.user, pk, "case.work")
    form = ReviewForm(request.POST or None, case=case, conference=conference)
    if submit(
        request,
        form,
        lambda data: review.review_record(
            actor=request.user, case=case, is_conference=conference, **data
        ),
        _("Case conference recorded.") if conference else _("Review recorded."),
    ):
        return back_to(case, "reviews")
    if conference:
        title, intro = _("Record a case conference"), ""
    else:
        title = _("Record the review")
        intro = _(
            "Continue: the plan goes on as it is. Revise: the case stays under review until "
            "a revised plan is approved. Close: request the closure next."
        )
    return form_page(request, case, form, title, intro=intro)


@requires("case.work")
def record(request, pk):
    return _record(request, pk, conference=False)


@requires("case.work")
def conference(request, pk):
    return _record(request, pk, conference=True)


def build(user, case) -> dict:
    may_work = case.is_open and policy.can(user, "case.work", case)
    return {
        "reviews": (
            case.reviews.filter(is_voided=False).select_related("created_by")
            if sections.has(case, "reviews")
            else []
        ),
        "may_start": may_work and case.status == Case.Status.IN_IMPLEMENTATION,
        "may_review": may_work and case.status == Case.Status.UNDER_REVIEW,
        "may_confer": may_work,
    }


sections.add(
    "reviews",
    gettext_lazy("Reviews and conferences"),
    "cases/review/section.html",
    build,
    order=65,
)
sections.holds("reviews", lambda: CaseReview.objects.filter(case=OuterRef("pk"), is_voided=False))
