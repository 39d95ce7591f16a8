"""`{% can "person.create" as allowed %}` and `{% can "person.edit" person as allowed %}`:
menus and buttons ask the same policy as the views. `{% masked obj "phone" %}` shows
a field, or the mask when the reader lacks clearance."""

import datetime as dt

from django import template
from django.utils import formats

from hearth.access import policy, sensitivity

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, permission, obj=None):
    user = context["request"].user
    if obj is None:
        return policy.has_perm(user, permission)
    return policy.can(user, permission, obj)


@register.simple_tag(takes_context=True)
def masked(context, obj, field):
    user = context["request"].user
    value = sensitivity.value(user, obj, field)
    display = getattr(obj, f"get_{field}_display", None)
    if value != sensitivity.MASK and display is not None:
        return display()
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value
