"""Sending a data value set to DHIS2 (H5) and keeping what happened.

The submission row is written first (what is about to be sent, by whom), then the
request is made outside any transaction - a database lock must not wait on a
remote server - then the answer is stored. Every step is an audit event; network
and HTTP trouble end as a "could not be sent" submission with the reason."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.access import policy
from hearth.audit.services import record
from hearth.core import clock, writes
from hearth.core.errors import Refused
from hearth.reports.dhis2 import client, credentials, payload
from hearth.reports.dhis2.services import PERMISSION, current_server
from hearth.reports.indicators import Period
from hearth.reports.models import Dhis2Submission

STATUS_FROM_DHIS2 = {
    "SUCCESS": Dhis2Submission.Status.SUCCESS,
    "OK": Dhis2Submission.Status.SUCCESS,
    "WARNING": Dhis2Submission.Status.WARNING,
    "ERROR": Dhis2Submission.Status.ERROR,
}


def timeout() -> float:
    return float(settings.HEARTH.get("DHIS2_TIMEOUT", 60))  # type: ignore[arg-type]


def submission_push(
    *, actor, period: Period, dry_run: bool = False, queue: bool = False
) -> Dhis2Submission:
    """Build the data value set for `period` as `actor` sees it and send it to the
    configured DHIS2 server (`dry_run`: DHIS2 checks it and stores nothing). With
    `queue` the request is made by a background job; the submission is returned
    while it is being sent."""
    policy.require(actor, PERMISSION)
    server = current_server()
    if server is None:
        raise Refused(_("No DHIS2 server is configured yet."))
    found = payload.build(actor=actor, period=period, server=server)
    if not found.values:
        raise Refused(_("There is nothing to send for %(p)s: no mapped figures.") % {"p": period})
    with transaction.atomic():
        submission = Dhis2Submission(
            period=period.code,
            server_url=server.base_url,
            dry_run=dry_run,
            payload=found.as_json(),
            value_count=len(found.values),
            warnings=[str(w) for w in found.warnings],
        )
        writes.create(submission, actor=actor)
        record(
            actor=actor,
            action="dhis2.submission_create",
            target=submission,
            detail={
                "period": period.code,
                "values": len(found.values),
                "dry_run": dry_run,
                "server": server.base_url,
            },  # fmt: skip
        )
    if queue:
        from hearth.reports.dhis2.jobs import send_submission

        send_submission(str(submission.pk))
        submission.refresh_from_db()
        return submission
    return submission_send(submission)


def submission_send(submission: Dhis2Submission) -> Dhis2Submission:
    """Make the request for a submission being sent, and store DHIS2's answer."""
    server = current_server()
    if server is None or not server.has_secret:
        return _finish(submission, client.Answer(error=_("No DHIS2 server is configured.")))
    try:
        secret = credentials.unseal(server.secret_sealed)
    except ValueError:
        return _finish(
            submission,
            client.Answer(
                error=_(
                    "The stored DHIS2 password cannot be read (the server key changed); "
                    "enter it again in the settings."
                )  # fmt: skip
            ),
        )
    answer = client.post_data_value_set(
        server.base_url,
        submission.payload,
        headers=client.headers(server.auth, server.username, secret),
        timeout=timeout(),
        dry_run=submission.dry_run,
    )
    return _finish(submission, answer)


@transaction.atomic
def _finish(submission: Dhis2Submission, answer: client.Answer) -> Dhis2Submission:
    summary = client.read_summary(answer.body) if answer.body is not None else None
    submission.http_status = answer.http_status
    submission.sent_at = clock.now()
    submission.import_summary = answer.body or {}
    if summary is None:
        submission.status = Dhis2Submission.Status.FAILED
        submission.message = answer.error or _(
            "DHIS2 answered with HTTP %(s)s and no import summary."
        ) % {"s": answer.http_status}
        if answer.body and answer.body.get("message"):
            submission.message += " " + str(answer.body["message"])
    else:
        submission.status = STATUS_FROM_DHIS2.get(summary.status, Dhis2Submission.Status.ERROR)
        submission.imported = summary.imported
        submission.updated = summary.updated
        submission.ignored = summary.ignored
        submission.deleted = summary.deleted
        submission.conflicts = summary.conflicts
        submission.message = summary.description
    Dhis2Submission.objects.filter(pk=submission.pk).update(
        http_status=submission.http_status,
        sent_at=submission.sent_at,
        import_summary=submission.import_summary,
        status=submission.status,
        imported=submission.imported,
        updated=submission.updated,
        ignored=submission.ignored,
        deleted=submission.deleted,
        conflicts=submission.conflicts,
        message=submission.message,
        updated_at=submission.sent_at,
    )
    record(
        actor=submission.created_by,
        action="dhis2.submission_send",
        target=submission,
        outcome="ok" if submission.status in ("success", "warning") else "failed",
        detail={
            "status": submission.status,
            "http_status": submission.http_status,
            "imported": submission.imported,
            "updated": submission.updated,
            "ignored": submission.ignored,
            "conflicts": len(submission.conflicts),
        },
    )
    return submission
