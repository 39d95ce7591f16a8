"""`hearth retention [--dry-run]`: run the retention policy (B9) now.

Cases closed longer ago than "retention.years_after_closure" are anonymised;
with --dry-run nothing changes and only the report is written. The work is done
as Hearth's system account and audited ("retention.run")."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from hearth.accounts.system import system_user
from hearth.cases.retention import retention_run


class Command(BaseCommand):
    help = _("Anonymise cases closed longer ago than the retention period (B9).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Report what would be anonymised without changing anything."),
        )

    def handle(self, *args, **options):
        run = retention_run(actor=system_user(), dry_run=options["dry_run"])
        heading = _("Dry run: nothing was changed.") if run.dry_run else _("Retention run done.")
        self.stdout.write(heading)
        self.stdout.write(
            _("Cases closed before %(d)s (%(y)s years ago):")
            % {"d": run.closed_before.isoformat(), "y": run.years}
        )
        for key, value in run.counts.items():
            self.stdout.write(f"  {key}: {value}")
        if run.case_numbers:
            self.stdout.write(_("Cases:") + " " + ", ".join(run.case_numbers))
