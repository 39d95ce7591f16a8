"""Background jobs of exports (huey). Imported by ReportsConfig.ready() so every
process, the worker included, knows them. Tests run them inline."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, on_commit_task


@on_commit_task()
def run_export(job_id: str, sealed: str = ""):
    """Queued when the request that made the job commits."""
    from hearth.reports.exports import runner

    runner.run(job_id, sealed)


@db_periodic_task(crontab(minute="*/15"))
def purge_expired_exports():
    """Finished exports are deleted when their time is up (exports.keep_hours)."""
    from hearth.reports.exports.services import exports_purge

    exports_purge()
