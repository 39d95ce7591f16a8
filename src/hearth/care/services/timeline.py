"""Rules over a child's whole care timeline: no two episodes overlap, and the
facts indicators need (did this placement bring the child into formal care?
what came straight after it?) are kept in step with every change."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from hearth.care.models import CareArrangement
from hearth.core.errors import Refused
from hearth.registry.models import Person

ONE_DAY = dt.timedelta(days=1)


def lock_child(child: Person) -> None:
    """Serialise changes to one child's timeline: two workers placing the same
    child at the same moment cannot both pass the overlap check."""
    Person.objects.select_for_update().filter(pk=child.pk).first()


def episodes(child, *, exclude=None):
    qs = CareArrangement.objects.filter(child=child, is_voided=False).select_related(
        "care_type", "facility", "foster_carer", "household"
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("start_date", "created_at")


def describe(arrangement: CareArrangement) -> str:
    start = formats.date_format(arrangement.start_date, "SHORT_DATE_FORMAT")
    end = (
        formats.date_format(arrangement.end_date, "SHORT_DATE_FORMAT")
        if arrangement.end_date
        else _("now")
    )
    provider = arrangement.provider_name
    text = f"{arrangement.care_type} {start}–{end}"
    return f"{text} ({provider})" if provider else text


def overlapping(child, start: dt.date, end: dt.date | None, *, exclude=None):
    """The first episode of `child` sharing a day with [start, end] (end None: open)."""
    qs = episodes(child, exclude=exclude).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    if end is not None:
        qs = qs.filter(start_date__lte=end)
    return qs.order_by("start_date").first()


def refuse_overlap(child, start: dt.date, end: dt.date | None, *, exclude=None) -> None:
    other = overlapping(child, start, end, exclude=exclude)
    if other is not None:
        raise Refused(
            _(
                "These dates overlap with another care arrangement of this child: %(other)s. "
                "A child is in one arrangement at a time; end or correct that one first."
            )
            % {"other": describe(other)},
            field="start_date",
        )


def relink(child) -> None:
    """Recompute, for each of the child's episodes, whether it brought the child
    into formal care (not a move from one formal placement to the next) and which
    episode followed it without a gap. Bookkeeping: plain updates, no versions."""
    items = list(episodes(child))
    for index, episode in enumerate(items):
        before = items[index - 1] if index else None
        after = items[index + 1] if index + 1 < len(items) else None
        continued = (
            before is not None
            and before.is_formal
            and before.end_date is not None
            and before.end_date + ONE_DAY == episode.start_date
        )
        entered = episode.is_formal and not continued
        followed = (
            after.pk
            if after is not None
            and episode.end_date is not None
            and episode.end_date + ONE_DAY == after.start_date
            else None
        )
        if entered != episode.entered_formal_care or followed != episode.followed_by_id:
            CareArrangement.objects.filter(pk=episode.pk).update(
                entered_formal_care=entered, followed_by_id=followed
            )
