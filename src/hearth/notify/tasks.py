"""Background jobs (huey). Imported by NotifyConfig.ready() so every process,
including the worker inside `hearth serve`, knows them."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, on_commit_task


@on_commit_task(retries=3, retry_delay=300)
def send_notification_email(notification_id):
    """Queued only when the transaction that made the notification commits: a change
    that was rolled back sends no email. Retried when the mail server is down."""
    from hearth.notify import emails

    emails.send(notification_id)


# Daily at 06:00 (huey reads crontabs in UTC), before the working day starts.
@db_periodic_task(crontab(hour="6", minute="0"))
def send_reminders():
    from hearth.notify.services import reminders_send

    reminders_send()
