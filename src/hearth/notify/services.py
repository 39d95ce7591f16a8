"""Every write of hearth.notify: telling people things, marking what they have read,
their email choices, and the daily reminders.

Other apps' services call `notify` inside their own transaction, after their own
access check and audit event: notifications are not audit events themselves."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from hearth.audit.services import record_change
from hearth.core import clock
from hearth.core.errors import Forbidden, HearthError, NotFound
from hearth.core.writes import snapshot
from hearth.notify import kinds, queries, reminders
from hearth.notify.language import in_language_of
from hearth.notify.models import (
    Notification,
    NotificationPreference,
    ReminderSent,
    validate_relative_link,
)

TITLE_LENGTH = 200  # Notification.title

__all__ = [
    "in_language_of",
    "notification_mark_read",
    "notifications_mark_all_read",
    "notify",
    "preferences_set",
    "reminders_send",
]


def _people(recipients, actor) -> list:
    """Each active recipient once, in the order given, leaving out the actor."""
    if isinstance(recipients, models.Model):  # one person given on their own
        recipients = [recipients]
    seen = {getattr(actor, "pk", None)} if actor is not None else set()
    people = []
    for user in recipients or ():
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        people.append(user)
    return people


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1] + "…"


@transaction.atomic
def notify(
    *,
    recipients,
    kind: str,
    title,
    body="",
    link: str = "",
    case_id=None,
    actor=None,
    email: bool = True,
) -> list[Notification]:
    """Tell each recipient something, in the app and (unless `email` is False) by email.

    - one notification per person, however often they are listed; never the actor
      about their own action; never an inactive account;
    - `title` and `body` are lazy text or callables, rendered in each recipient's
      language (see notify.language); `link` is a path inside Hearth;
    - email goes once the transaction commits, only to people with an address who
      have not turned it off for this kind, and carries only the title and a link:
      no case details travel by email.
    """
    entry = kinds.get(kind)
    try:
        validate_relative_link(link or "")
    except ValidationError as exc:
        raise ValidationError({"link": exc.messages}) from exc
    people = _people(recipients, actor)
    if not people:
        return []
    now = clock.now()
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient=person,
                kind=entry.code,
                title=_one_line(in_language_of(person, title)),
                body=in_language_of(person, body),
                link=link or "",
                case_id=case_id,
                created_at=now,
            )
            for person in people
        ]
    )
    if email:
        from hearth.notify.tasks import send_notification_email

        with_address = [p.pk for p in people if p.email]
        wanting = queries.wanting_email(with_address, kind)
        for row in rows:
            if row.recipient_id in wanting:
                send_notification_email(row.pk)  # queued when the transaction commits
    return rows


@transaction.atomic
def notification_mark_read(*, actor, notification: Notification) -> Notification:
    """Only the recipient marks a notification read; to anyone else it does not exist."""
    if notification.recipient_id != getattr(actor, "pk", None):
        raise NotFound(_("Not found."))
    if notification.read_at is None:
        notification.read_at = clock.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor) -> int:
    """Mark all of the actor's own unread notifications read; returns how many."""
    return queries.own(actor, unread_only=True).update(read_at=clock.now())


@transaction.atomic
def preferences_set(*, actor, email: dict[str, bool]) -> dict[str, bool]:
    """A user turns email on or off per kind, for themselves only (no permission
    needed: the choice concerns nobody else). Each change is an audit event.
    Returns the user's choices afterwards."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise Forbidden(_("Sign in to change your notification settings."))
    current = {
        row.kind: row
        for row in NotificationPreference.objects.select_for_update().filter(user=actor)
    }
    for code, wanted in email.items():
        try:
            entry = kinds.get(code)
        except ValueError:
            raise HearthError(_("There is no such kind of notification."), field=code) from None
        wanted = bool(wanted)
        row = current.get(code)
        if (row.email if row else entry.default_email) == wanted:
            continue
        before = snapshot(row) if row else None
        if row is None:
            row = NotificationPreference(user=actor, kind=code, email=wanted)
        else:
            row.email = wanted
        row.full_clean()
        row.save()
        record_change(actor=actor, action="notify.preference_change", target=row, before=before)
    return queries.email_choices(actor)


def reminders_send(*, today=None, dry_run: bool = False) -> list[reminders.Reminder]:
    """Ask every reminder provider what is due `today` and notify each reminder's
    user - once per key, ever: a key already sent to that user is skipped, so
    running twice a day (huey and cron, or a retry) repeats nothing.

    Returns the reminders sent, or on a dry run those that would be, writing nothing."""
    today = today or clock.today()
    done: list[reminders.Reminder] = []
    seen: set[tuple] = set()
    for reminder in reminders.due(today):
        user = reminder.user
        if user is None or not user.is_active or (user.pk, reminder.key) in seen:
            continue
        seen.add((user.pk, reminder.key))
        if dry_run:
            if not ReminderSent.objects.filter(user=user, key=reminder.key).exists():
                done.append(reminder)
            continue
        # One transaction per reminder: the mark and the notification go together,
        # and one failure does not undo the reminders already sent.
        with transaction.atomic():
            _row, created = ReminderSent.objects.get_or_create(
                user=user, key=reminder.key, defaults={"sent_on": today}
            )
            if created:
                notify(
                    recipients=[user],
                    kind=reminder.kind,
                    title=reminder.title,
                    body=reminder.body,
                    link=reminder.link,
                    case_id=reminder.case_id,
                )
                done.append(reminder)
    return done
