"""Notifications: short personal messages telling one user that something needs
them (a case assigned, an approval waiting, a deadline near), in the app and by
email.

They are not domain records: nobody edits or voids them, they belong to one user
only, and no role ever sees another person's. So they are plain rows rather than
HearthModel, and reads go through `queries.own`, not the role-scoped policy."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hearth.core import clock


def validate_relative_link(value: str) -> None:
    """Links point inside Hearth only: a path, never another site (a notification's
    link is followed by a redirect, which must not become an open redirect)."""
    if value and (not value.startswith("/") or value.startswith("//") or "\\" in value):
        raise ValidationError(_("A notification links to a page of Hearth: a path starting /."))


class Notification(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=50)
    # Already in the recipient's language, written when the notification is made.
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(
        _("link"), max_length=500, blank=True, validators=[validate_relative_link]
    )
    # The case this is about, if any; a plain id so notify does not depend on cases.
    case_id = models.UUIDField(_("case"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notify_recipient_recent"),
            # The badge on every page counts these: a small partial index keeps it cheap.
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(read_at__isnull=True),
                name="notify_unread_per_user",
            ),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """A user's own choice of email for one kind; without a row the kind's default
    applies. In-app notifications cannot be turned off: they are how work arrives."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=50)
    email = models.BooleanField(_("send email"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notify_preference_once")
        ]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.user} {self.kind}: {'email' if self.email else 'no email'}"


class ReminderSent(models.Model):
    """Which reminders went to whom, so a daily run never repeats one. The key
    names the thing and the occasion ("api-token-expiring:<id>", "case-overdue:<id>:<due>")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notify_reminder_once")]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self):
        return f"{self.key} -> {self.user} ({self.sent_on})"
