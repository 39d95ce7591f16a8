"""Notification emails. Email leaves Hearth's control - it is forwarded, read on
shared phones, kept by mail providers - so it says only that something needs the
reader (the title) and where to look (a link that asks them to sign in). The body,
names and case details stay inside Hearth. See docs/notifications.md."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from hearth.core import clock
from hearth.notify.language import speaking_to
from hearth.notify.models import Notification

SUBJECT_PREFIX = "[Hearth] "


def absolute(path: str) -> str:
    return str(settings.HEARTH["SITE_URL"]).rstrip("/") + path


def build(notification: Notification) -> EmailMultiAlternatives:
    user = notification.recipient
    with speaking_to(user):
        context = {
            "title": notification.title,
            "name": user.get_full_name() or user.get_username(),
            "open_url": absolute(reverse("notify:open", args=[notification.pk])),
            "preferences_url": absolute(reverse("notify:preferences")),
        }
        text = render_to_string("notify/email.txt", context)
        html = render_to_string("notify/email.html", context)
    message = EmailMultiAlternatives(
        subject=SUBJECT_PREFIX + notification.title,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    return message


def send(notification_id) -> bool:
    """Email one notification to its recipient, once. False when there is nothing
    to send: already sent, the account was closed meanwhile, or no address."""
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None:
        return False
    user = notification.recipient
    if not user.is_active or not user.email:
        return False
    build(notification).send()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=clock.now())
    return True
