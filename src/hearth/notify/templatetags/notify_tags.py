from django import template

from hearth.notify import queries

register = template.Library()


@register.inclusion_tag("notify/_badge.html", takes_context=True)
def notification_badge(context):
    """The unread count in the header: one COUNT per page, refreshed by htmx."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"count": queries.unread_count(user) if user is not None else 0}
