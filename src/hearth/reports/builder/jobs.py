"""Background job of the report builder (huey). Imported by ReportsConfig.ready()."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


# Daily at 05:00 UTC: a report runs on its day of the month, or on the first day
# after it that the worker is up; a period already run is never run again.
@db_periodic_task(crontab(hour="5", minute="0"))
def run_scheduled_reports():
    from hearth.reports.builder.schedule import reports_run_scheduled

    reports_run_scheduled()
