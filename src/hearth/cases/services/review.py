"""Case plan reviews and case conferences (E2).

The review deadline is set when a plan is approved, at an interval by risk level
(never more than three months). Starting the review puts the case under review;
recording it sets the next review date and, by its outcome, either returns the
case to implementation (continue), or leaves it under review until a revised plan
is approved (revise) or the closure is requested (close).

A case conference can be held at any point of an open case and moves nothing."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record_change
from hearth.cases import deadlines, workflow
from hearth.cases.models import Case, CaseReview
from hearth.core import writes
from hearth.core.errors import Refused

REVIEW_FIELDS = frozenset(
    {"participants", "child_participated", "child_views", "progress", "decisions", "decision"}
)


@transaction.atomic
def review_start(*, actor, case: Case) -> Case:
    """Put a case in implementation under review."""
    policy.require(actor, "case.work", case)
    workflow.require_open(case)
    workflow.advance(actor=actor, case=case, name="review_started")
    deadlines.refresh(case)
    return case


def _check_next_review(case: Case, held_on: dt.date, next_review_on: dt.date) -> None:
    latest = deadlines.review_due(case, held_on)
    if next_review_on > latest:
        raise ValidationError(
            {
                "next_review_on": _(
                    "For a case of %(risk)s risk the next review is due by %(date)s at the latest."
                )
                % {
                    "risk": case.get_risk_level_display().lower(),
                    "date": formats.date_format(latest, "SHORT_DATE_FORMAT"),
                }
            }
        )


@transaction.atomic
def review_record(
    *,
    actor,
    case: Case,
    held_on: dt.date,
    is_conference: bool = False,
    next_review_on: dt.date | None = None,
    **fields,
) -> CaseReview:
    """Record a review of the case plan (the case must be under review) or a case
    conference. A review's next date defaults to the interval for the risk level
    and may be earlier, never later."""
    policy.require(actor, "case.work", case)
    workflow.require_open(case)
    unknown = set(fields) - REVIEW_FIELDS
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if held_on is None:
        raise ValidationError({"held_on": _("Give the date it was held.")})
    if held_on < case.registration_date:
        raise ValidationError({"held_on": _("This date is before the case was registered.")})
    if is_conference and next_review_on:
        raise ValidationError(
            {"next_review_on": _("A case conference does not set the review date; a review does.")}
        )
    if not is_conference:
        if case.status != Case.Status.UNDER_REVIEW:
            raise Refused(_("Start the review first: the case is not under review."))
        next_review_on = next_review_on or deadlines.review_due(case, held_on)
        _check_next_review(case, held_on, next_review_on)
        if fields.get("decision") == CaseReview.Decision.CONTINUE:
            workflow.check(case, "review_continued")  # refuse before writing anything
    review = CaseReview(
        case=case,
        is_conference=is_conference,
        held_on=held_on,
        next_review_on=next_review_on,
        **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()},
    )
    writes.create(review, actor=actor)
    record_change(actor=actor, action="review.record", target=review, before=None)
    if not is_conference:
        before = writes.snapshot(case)
        case.review_due_on = next_review_on
        if review.decision == CaseReview.Decision.CONTINUE:
            workflow.advance(actor=actor, case=case, name="review_continued")
        else:  # revise: until the new plan is approved; close: until closure is requested
            writes.update(case, actor=actor)
        record_change(actor=actor, action="case.review_due", target=case, before=before)
    deadlines.refresh(case)
    return review
