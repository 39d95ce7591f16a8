import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from hearth.accounts import tokens
from hearth.core import clock
from hearth.notify import reminders, services, tasks
from hearth.notify.models import Notification, ReminderSent
from hearth.notify.reminders import Reminder

MONDAY = timezone.make_aware(dt.datetime(2026, 3, 2, 6, 0))


@pytest.fixture
def frozen():
    clock.freeze(MONDAY)
    yield MONDAY
    clock.freeze(None)


@pytest.fixture
def extra_provider():
    """Register a provider for one test only."""
    added = []

    def add(name, provider):
        reminders.register(name, provider)
        added.append(name)

    yield add
    for name in added:
        reminders._providers.pop(name, None)


def token_expiring_in(user, days: int):
    token, _ = tokens.token_create(actor=user, name=f"in {days} days", days=days)
    return token


def test_expiring_tokens_remind_their_owner_once(frozen, worker, supervisor, commits):
    soon = token_expiring_in(worker, 5)
    token_expiring_in(worker, 30)  # too far off
    revoked = token_expiring_in(supervisor, 3)
    tokens.token_revoke(actor=supervisor, token=revoked)

    sent = commits(services.reminders_send)
    assert [(r.user, r.key) for r in sent] == [(worker, f"api-token-expiring:{soon.pk}")]
    (row,) = Notification.objects.all()
    assert row.recipient == worker and row.kind == "api_token_expiring"
    assert "in 5 days" in row.title and row.link == "/accounts/me/"

    # The next run, and the next day's, send nothing more.
    assert commits(services.reminders_send) == []
    clock.freeze(MONDAY + dt.timedelta(days=1))
    assert commits(services.reminders_send) == []
    assert Notification.objects.count() == 1
    assert ReminderSent.objects.get().sent_on == MONDAY.date()


def test_reminder_title_is_in_the_owners_language(frozen, worker):
    worker.language = "fr"
    worker.save(update_fields=["language"])
    token_expiring_in(worker, 2)
    services.reminders_send()
    # Dates are formatted the French way (4 mars 2026), whatever the catalogue says.
    assert "4 mars 2026" in Notification.objects.get().title


def test_periodic_task_runs_the_same_thing(frozen, worker):
    token_expiring_in(worker, 1)
    tasks.send_reminders.call_local()
    tasks.send_reminders.call_local()
    assert Notification.objects.filter(recipient=worker).count() == 1


def test_a_broken_provider_does_not_stop_the_others(frozen, worker, extra_provider):
    def broken(today):
        raise RuntimeError("database of deadlines unavailable")

    def due_today(today):
        yield Reminder(worker, "coming_due", "A follow-up is due today", "/", None, today, "f:1")

    extra_provider("broken", broken)
    extra_provider("due_today", due_today)
    assert [r.key for r in services.reminders_send()] == ["f:1"]


def test_the_same_key_twice_in_one_run_is_sent_once(frozen, worker, extra_provider):
    def twice(today):
        for _ in range(2):
            yield Reminder(worker, "overdue", "Overdue", "", None, today, "case-overdue:1")

    extra_provider("twice", twice)
    services.reminders_send()
    assert Notification.objects.filter(recipient=worker).count() == 1


def test_dry_run_prints_and_sends_nothing(frozen, worker, capsys, mailoutbox):
    worker.email = "worker@example.org"
    worker.save(update_fields=["email"])
    token = token_expiring_in(worker, 4)
    call_command("send-reminders", "--dry-run")
    out = capsys.readouterr().out
    assert f"worker\tapi_token_expiring\tapi-token-expiring:{token.pk}" in out
    assert "1 reminder would be sent" in out
    assert not Notification.objects.exists()
    assert not ReminderSent.objects.exists()
    assert mailoutbox == []

    call_command("send-reminders")
    assert "1 reminder sent." in capsys.readouterr().out
    assert Notification.objects.count() == 1
    call_command("send-reminders", "--dry-run")
    assert "0 reminders would be sent" in capsys.readouterr().out
