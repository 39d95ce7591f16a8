import datetime as dt

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.notify.models import Notification, NotificationPreference
from tests.notify.factories import tell


def test_list_shows_only_my_notifications_newest_first(worker, supervisor, signed_in):
    tell([worker], title="First for worker")
    tell([worker], title="Second for worker")
    tell([supervisor], title="For the supervisor")
    page = signed_in(worker).get("/notifications/").content.decode()
    assert "For the supervisor" not in page
    assert page.index("Second for worker") < page.index("First for worker")
    assert page.count('class="notification unread"') == 2


def test_unread_filter_and_pagination(worker, signed_in):
    rows = [tell([worker], title=f"Note {i:02}")[0] for i in range(30)]
    Notification.objects.filter(pk__in=[r.pk for r in rows[:10]]).update(read_at=timezone.now())
    client = signed_in(worker)
    unread = client.get("/notifications/", {"unread": "1"})
    assert unread.context["page"].paginator.count == 20
    assert "Note 05" not in unread.content.decode()
    everything = client.get("/notifications/")
    assert everything.context["page"].paginator.count == 30
    assert len(everything.context["page"].object_list) == 25
    assert "Note 04" in client.get("/notifications/", {"page": 2}).content.decode()


def test_following_the_link_marks_read(worker, signed_in):
    (row,) = tell([worker], link="/registry/people/")
    response = signed_in(worker).get(f"/notifications/{row.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/registry/people/"
    row.refresh_from_db()
    assert row.read_at is not None


def test_mark_one_read_needs_post_and_returns_to_the_list(worker, signed_in):
    (row,) = tell([worker])
    client = signed_in(worker)
    assert client.get(f"/notifications/{row.pk}/read/").status_code == 405
    response = client.post(f"/notifications/{row.pk}/read/", {"next": "/notifications/?unread=1"})
    assert response["Location"] == "/notifications/?unread=1"
    row.refresh_from_db()
    assert row.read_at is not None
    # Never back to another site.
    (other,) = tell([worker])
    response = client.post(f"/notifications/{other.pk}/read/", {"next": "https://evil.example/"})
    assert response["Location"] == "/notifications/"


def test_someone_elses_notification_is_not_found(worker, supervisor, signed_in):
    (theirs,) = tell([supervisor])
    client = signed_in(worker)
    assert client.get(f"/notifications/{theirs.pk}/open/").status_code == 404
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_mine(worker, supervisor, signed_in):
    tell([worker])
    tell([worker])
    (theirs,) = tell([supervisor])
    response = signed_in(worker).post("/notifications/read-all/", follow=True)
    assert "2 notifications marked read." in response.content.decode()
    assert not Notification.objects.filter(recipient=worker, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_badge_counts_my_unread(worker, supervisor, signed_in):
    tell([worker])
    tell([worker])
    tell([supervisor])
    client = signed_in(worker)
    badge = client.get("/notifications/badge/").content.decode()
    assert 'hx-trigger="every 60s"' in badge
    assert ">2<" in badge
    client.post("/notifications/read-all/")
    assert 'class="badge unread"' not in client.get("/notifications/badge/").content.decode()


def test_badge_is_on_every_page_for_one_count_query(worker, signed_in):
    tell([worker])
    client = signed_in(worker)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    assert 'id="notification-badge"' in page
    touching = [q["sql"] for q in queries.captured_queries if "notify_notification" in q["sql"]]
    assert len(touching) == 1 and "COUNT" in touching[0].upper()


def test_badge_after_sign_out_stops_polling(client, db):
    response = client.get("/notifications/badge/")
    assert response.status_code == 286
    assert response.content == b""


def test_polling_the_badge_does_not_keep_an_idle_session_alive(worker, signed_in):
    client = signed_in(worker)
    key = client.session.session_key
    soon = timezone.now() + dt.timedelta(minutes=5)
    Session.objects.filter(pk=key).update(expire_date=soon)
    client.get("/notifications/badge/")
    assert Session.objects.get(pk=key).expire_date == soon
    # Real activity does push the idle timeout back.
    client.get("/notifications/")
    assert Session.objects.get(pk=key).expire_date > soon + dt.timedelta(minutes=20)


def test_pages_need_sign_in(client, db):
    for url in ("/notifications/", "/notifications/preferences/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_preferences_page_turns_email_off_per_kind(worker, signed_in):
    client = signed_in(worker)
    page = client.get("/notifications/preferences/")
    assert page.status_code == 200
    assert "A supervisor writes a note on my case" in page.content.decode()
    form = page.context["form"]
    data = {name: "on" for name, field in form.fields.items() if form[name].initial}
    del data["overdue"]
    response = client.post("/notifications/preferences/", data)
    assert response.status_code == 302
    assert list(
        NotificationPreference.objects.filter(user=worker).values_list("kind", "email")
    ) == [("overdue", False)]
    assert client.get("/notifications/preferences/").context["form"]["overdue"].initial is False
