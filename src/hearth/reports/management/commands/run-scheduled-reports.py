"""`hearth run-scheduled-reports`: the daily run of scheduled reports, for
deployments that schedule with cron instead of the huey worker. Safe to run more
than once a day, and alongside the worker: each report runs once per period."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hearth.reports.builder.schedule import reports_run_scheduled


class Command(BaseCommand):
    help = _("Run the saved reports scheduled for today, each once per period.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help=_("Run as if today were this date (YYYY-MM-DD), to catch up.")
        )

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            try:
                today = dt.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(_("Write the date as YYYY-MM-DD.")) from exc
        runs = reports_run_scheduled(today)
        for run in runs:
            outcome = run.error or _("ready")
            self.stdout.write(f"{run.report_id}\t{run.period}\t{outcome}")
        n = len(runs)
        self.stdout.write(ngettext("%(n)s report run.", "%(n)s reports run.", n) % {"n": n})
