"""Background job of DHIS2 sending (huey). Imported by ReportsConfig.ready()."""

from huey.contrib.djhuey import on_commit_task


@on_commit_task()
def send_submission(submission_id: str):
    """Queued when the request that made the submission commits."""
    from hearth.reports.dhis2.push import submission_send
    from hearth.reports.models import Dhis2Submission

    submission = Dhis2Submission.objects.filter(pk=submission_id, status="sending").first()
    if submission is not None:
        submission_send(submission)
