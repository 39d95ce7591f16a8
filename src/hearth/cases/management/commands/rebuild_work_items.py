"""Rebuild (or check) every case's open work items from the cases and their rows:
after a bulk import, or to verify them (`--check` changes nothing)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hearth.cases import work


class Command(BaseCommand):
    help = _("Rebuild the open work items (My tasks, the team view) from the case records.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help=_("Only compare them with the case records.")
        )

    def handle(self, *args, check=False, **options):
        if check:
            found = work.differences()
            missing, extra = len(found["missing"]), len(found["extra"])
            if missing or extra:
                raise CommandError(
                    _("%(missing)s open work items missing, %(extra)s out of date.")
                    % {"missing": missing, "extra": extra}
                )
            self.stdout.write(_("The open work items match the case records."))
            return
        written = work.rebuild(progress=self.stdout.write)
        self.stdout.write(_("%(n)s open work items written.") % {"n": written})
