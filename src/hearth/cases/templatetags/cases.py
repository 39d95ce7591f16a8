"""Badges for risk and deadlines, the same everywhere."""

import datetime as dt

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from hearth.cases.models import RiskLevel
from hearth.core import clock

register = template.Library()


@register.simple_tag
def risk_badge(level):
    if not level:
        return ""
    return format_html('<span class="badge {}">{}</span>', level, RiskLevel(level).label)


@register.simple_tag
def due_badge(due, done=None):
    """A date with "overdue" or "due today" when it is; nothing when done."""
    if due is None or done:
        return "—" if due is None else formats.date_format(due, "SHORT_DATE_FORMAT")
    if isinstance(due, dt.datetime):
        moment, today = due, clock.now()
        text = formats.date_format(timezone.localtime(due), "SHORT_DATETIME_FORMAT")
        overdue, soon = moment < today, moment.date() == timezone.localdate(today)
    else:
        today = clock.today()
        text = formats.date_format(due, "SHORT_DATE_FORMAT")
        overdue, soon = due < today, due == today
    if overdue:
        return format_html('{} <span class="badge overdue">{}</span>', text, _("overdue"))
    if soon:
        return format_html('{} <span class="badge due">{}</span>', text, _("due today"))
    return text
