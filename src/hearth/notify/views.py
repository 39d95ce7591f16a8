"""Notification pages: thin - parse, call a service or query, render."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from hearth.access.decorators import public, signed_in
from hearth.notify import queries, services
from hearth.notify.forms import EmailPreferencesForm
from hearth.web.forms import submit

# htmx stops polling when a response carries this status.
STOP_POLLING = 286


def _safe(request, url: str, fallback: str) -> str:
    allowed = url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
    return url if url and allowed else fallback


@signed_in
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    rows = queries.own(request.user, unread_only=unread_only)
    page = Paginator(rows, settings.HEARTH["PAGE_SIZE"]).get_page(request.GET.get("page"))
    return render(
        request,
        "notify/list.html",
        {"page": page, "unread_only": unread_only, "unread": queries.unread_count(request.user)},
    )


@signed_in
def notification_open(request, pk):
    """Following a notification's link marks it read on the way."""
    notification = queries.own_one(request.user, pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    return redirect(_safe(request, notification.link, reverse("notify:list")))


@signed_in
@require_POST
def notification_read(request, pk):
    notification = queries.own_one(request.user, pk)
    services.notification_mark_read(actor=request.user, notification=notification)
    return redirect(_safe(request, request.POST.get("next", ""), reverse("notify:list")))


@signed_in
@require_POST
def notification_read_all(request):
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(
        request,
        ngettext("%(n)s notification marked read.", "%(n)s notifications marked read.", count)
        % {"n": count},
    )
    return redirect("notify:list")


@signed_in
def preferences(request):
    form = EmailPreferencesForm(request.POST or None, choices=queries.email_choices(request.user))
    if submit(
        request,
        form,
        lambda data: services.preferences_set(actor=request.user, email=data),
        _("Your email choices were saved."),
    ):
        return redirect("notify:preferences")
    return render(request, "notify/preferences.html", {"form": form})


@public
@never_cache
@require_GET
def badge(request):
    """The header's unread count, polled every minute.

    Public on purpose: when the session has expired the poll must not be redirected
    to the sign-in page (htmx would paste that page into the header); it gets an
    empty answer that removes the badge and stops the polling. A signed-in user
    only ever learns their own count.

    The poll is not activity: Hearth saves the session on every request, which
    would push the idle timeout back each minute and keep an unattended screen
    signed in forever. So this view leaves the session's expiry where it was."""
    if not request.user.is_authenticated:
        return HttpResponse("", status=STOP_POLLING)
    request.session.save = _leave_session_alone
    return render(request, "notify/_badge.html", {"count": queries.unread_count(request.user)})


def _leave_session_alone(*args, **kwargs):
    return None
