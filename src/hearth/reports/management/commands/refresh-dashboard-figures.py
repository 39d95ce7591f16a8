"""`hearth refresh-dashboard-figures`: rebuild the manager dashboard's figures kept
as data now (the background worker does it every reports.dashboard_figures_minutes).
For deployments that schedule with cron, and after loading or correcting data."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from hearth.reports.dashboards.figures import dashboard_figures_refresh


class Command(BaseCommand):
    help = _("Rebuild the manager dashboard's figures kept as data.")

    def handle(self, *args, **options):
        def progress(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        run = dashboard_figures_refresh(progress=progress)
        seconds = (run.finished_at - run.started_at).total_seconds()
        self.stdout.write(
            _("%(n)s figures for %(p)s periods in %(s).1f s.")
            % {"n": run.figures, "p": len(run.periods), "s": seconds}
        )
