import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language, gettext_lazy

from hearth.audit.models import AuditEvent
from hearth.notify import services
from hearth.notify.models import Notification, NotificationPreference
from tests.notify.factories import tell


def test_one_notification_per_recipient_never_the_actor(worker, supervisor, worker_elsewhere):
    rows = tell([worker, worker, supervisor, None, worker_elsewhere], actor=supervisor)
    assert [n.recipient for n in rows] == [worker, worker_elsewhere]
    assert Notification.objects.count() == 2
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        worker.pk,
        worker_elsewhere.pk,
    }


def test_one_person_may_be_given_without_a_list(worker):
    assert [n.recipient for n in tell(worker)] == [worker]


def test_inactive_accounts_are_not_notified(worker, supervisor):
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    rows = tell([worker, supervisor])
    assert [n.recipient for n in rows] == [supervisor]
    assert not Notification.objects.filter(recipient=worker).exists()


def test_fields_are_kept(worker):
    case_id = "0b5c6a52-7c55-4a8a-9b5e-0f2a8f1e9d11"
    (row,) = tell(
        [worker],
        kind="supervision_note",
        title="A note\non your case",
        body="See it",
        link="/cases/x/",
        case_id=case_id,
    )
    row.refresh_from_db()
    assert (row.kind, row.title, row.body, row.link) == (
        "supervision_note",
        "A note on your case",
        "See it",
        "/cases/x/",
    )
    assert str(row.case_id) == case_id
    assert row.read_at is None and row.created_at is not None


def test_unknown_kind_and_outside_links_are_refused(worker):
    with pytest.raises(ValueError):
        tell([worker], kind="no_such_kind")
    for link in ("https://evil.example/", "//evil.example/", "cases/1/"):
        with pytest.raises(ValidationError):
            tell([worker], link=link)
    assert not Notification.objects.exists()


def test_title_is_rendered_in_each_recipients_language(worker, supervisor):
    worker.language = "fr"
    worker.save(update_fields=["language"])
    rows = tell([worker, supervisor], title=lambda: get_language(), body=lambda user: user.username)
    assert {n.recipient.username: (n.title, n.body) for n in rows} == {
        "worker": ("fr", "worker"),
        "supervisor": ("en", "supervisor"),
    }
    # The caller's language is back afterwards.
    assert get_language() == "en"


def test_lazy_text_is_evaluated_per_recipient(worker):
    worker.language = "fr"
    worker.save(update_fields=["language"])
    (row,) = tell([worker], title=gettext_lazy("French"))
    # Django ships the language names in French, so this needs no catalogue of ours.
    assert row.title == "Français"
    assert type(row.title) is str


# --- email -------------------------------------------------------------------------


def test_email_goes_to_those_with_an_address_and_email_on(with_email, commits, mailoutbox):
    worker, supervisor, elsewhere = with_email
    NotificationPreference.objects.create(user=supervisor, kind="assignment", email=False)
    elsewhere.email = ""
    elsewhere.save(update_fields=["email"])
    rows = commits(tell, [worker, supervisor, elsewhere])
    assert len(rows) == 3
    assert [m.to for m in mailoutbox] == [["worker@example.org"]]
    emailed = Notification.objects.exclude(emailed_at=None)
    assert list(emailed.values_list("recipient", flat=True)) == [worker.pk]


def test_turning_email_off_for_one_kind_leaves_the_others(with_email, commits, mailoutbox):
    worker, _, _ = with_email
    NotificationPreference.objects.create(user=worker, kind="assignment", email=False)
    commits(tell, [worker], kind="assignment")
    commits(tell, [worker], kind="overdue")
    assert len(mailoutbox) == 1
    assert Notification.objects.filter(recipient=worker).count() == 2


def test_email_false_sends_none(with_email, commits, mailoutbox):
    commits(tell, [with_email[0]], email=False)
    assert mailoutbox == []


def test_email_says_only_the_title_and_a_link(with_email, commits, mailoutbox, settings):
    settings.HEARTH = {**settings.HEARTH, "SITE_URL": "https://hearth.example.gov/"}
    worker = with_email[0]
    (row,) = commits(
        tell, [worker], title="Case CP-2026-000007 needs you", body="Amina Okello was hurt"
    )
    (message,) = mailoutbox
    assert message.subject == "[Hearth] Case CP-2026-000007 needs you"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    link = f"https://hearth.example.gov/notifications/{row.pk}/open/"
    for text in (message.body, html):
        assert "Case CP-2026-000007 needs you" in text
        assert link in text
        assert "Amina" not in text
        assert "/notifications/preferences/" in text


def test_email_is_in_the_recipients_language(with_email, commits, mailoutbox):
    worker = with_email[0]
    worker.language = "ar"
    worker.save(update_fields=["language"])
    commits(tell, [worker])
    assert 'lang="ar" dir="rtl"' in mailoutbox[0].alternatives[0][0]


def test_nothing_is_emailed_when_the_change_is_rolled_back(with_email, commits, mailoutbox):
    class Undo(Exception):
        pass

    def change_then_fail():
        with transaction.atomic():
            tell([with_email[0]])
            raise Undo

    with pytest.raises(Undo):
        commits(change_then_fail)
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_an_email_is_sent_once_even_if_the_job_runs_again(with_email, commits, mailoutbox):
    from hearth.notify import emails

    (row,) = commits(tell, [with_email[0]])
    assert emails.send(row.pk) is False
    assert len(mailoutbox) == 1


# --- preferences --------------------------------------------------------------------


def test_preferences_change_is_audited_and_only_changes_count(worker):
    choices = services.preferences_set(actor=worker, email={"assignment": False, "overdue": True})
    assert choices["assignment"] is False and choices["overdue"] is True
    # "overdue" was already on by default: no row, no event.
    assert list(NotificationPreference.objects.values_list("kind", "email")) == [
        ("assignment", False)
    ]
    (event,) = AuditEvent.objects.filter(action="notify.preference_change")
    assert event.actor_id == worker.pk
    assert event.changes["email"] == [None, False]

    services.preferences_set(actor=worker, email={"assignment": True})
    assert NotificationPreference.objects.get(user=worker, kind="assignment").email is True
    latest = AuditEvent.objects.filter(action="notify.preference_change").first()
    assert latest.changes == {"email": [False, True]}


def test_unknown_kind_in_preferences_is_refused(worker):
    from hearth.core.errors import HearthError

    with pytest.raises(HearthError):
        services.preferences_set(actor=worker, email={"no_such_kind": True})
    assert not NotificationPreference.objects.exists()
