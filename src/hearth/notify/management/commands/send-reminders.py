"""`hearth send-reminders`: the daily reminder run, for deployments that schedule
with cron instead of the huey worker. Safe to run more than once a day: each
reminder reaches its user once."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hearth.notify.language import in_language_of
from hearth.notify.services import reminders_send


class Command(BaseCommand):
    help = _("Send today's reminders (deadlines, expiring tokens), each to its user once.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Show what would be sent and send nothing."),
        )

    def handle(self, *args, dry_run: bool, **options):
        sent = reminders_send(dry_run=dry_run)
        for reminder in sent:
            self.stdout.write(
                f"{reminder.user.get_username()}\t{reminder.kind}\t{reminder.key}\t"
                f"{in_language_of(reminder.user, reminder.title)}"
            )
        n = len(sent)
        if dry_run:
            message = ngettext(
                "Dry run: %(n)s reminder would be sent; nothing was sent.",
                "Dry run: %(n)s reminders would be sent; nothing was sent.",
                n,
            )
        else:
            message = ngettext("%(n)s reminder sent.", "%(n)s reminders sent.", n)
        self.stdout.write(message % {"n": n})
