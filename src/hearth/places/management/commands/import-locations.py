from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hearth.accounts.system import system_user
from hearth.places.importer import import_locations


class Command(BaseCommand):
    help = _(
        "Import the administrative location hierarchy from a CSV file "
        "(columns code, name, parent_code; optional level). All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Check the file and report; change nothing.")
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.exists():
            raise CommandError(_("No such file: %(f)s") % {"f": file})
        try:
            text = file.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError(
                _("%(f)s is not text in UTF-8; save it as CSV UTF-8.") % {"f": file}
            ) from None
        result = import_locations(actor=system_user(), text=text, dry_run=dry_run)
        for error in result.errors:
            self.stderr.write(error)
        if result.errors:
            raise CommandError(
                _("%(n)s bad lines; nothing was imported.") % {"n": len(result.errors)}
            )
        verb = _("Would add") if dry_run else _("Added")
        self.stdout.write(
            _("%(verb)s %(c)s, changed %(u)s, unchanged %(s)s.")
            % {"verb": verb, "c": result.created, "u": result.updated, "s": result.unchanged}
        )
