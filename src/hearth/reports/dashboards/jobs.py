"""Background job of the dashboards (huey). Imported by ReportsConfig.ready()."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


# Every minute the job asks whether the figures are due (two small reads); the
# interval itself is the setting reports.dashboard_figures_minutes (0: off).
@db_periodic_task(crontab(minute="*"))
def refresh_dashboard_figures():
    from hearth.reports.dashboards.figures import dashboard_figures_refresh, refresh_due

    if refresh_due():
        dashboard_figures_refresh()
