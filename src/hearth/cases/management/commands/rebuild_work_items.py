"""Rebuild (or check) every case's open work items from the cases and their rows:
after a bulk import, or to verify them (`--check` changes nothing)."""

from django.core.management.base import BaseCommand, CommandError

from hearth.cases import work


class Command(BaseCommand):
    help = "Rebuild the open work items (My tasks, the team view) from the case records."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Only compare them with the case records."
        )

    def handle(self, *args, check=False, **options):
        if check:
            found = work.differences()
            missing, extra = len(found["missing"]), len(found["extra"])
            if missing or extra:
                raise CommandError(f"{missing} open work items missing, {extra} out of date.")
            self.stdout.write("The open work items match the case records.")
            return
        written = work.rebuild(progress=self.stdout.write)
        self.stdout.write(f"{written} open work items written.")
