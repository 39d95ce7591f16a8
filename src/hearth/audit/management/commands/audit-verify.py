from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hearth.audit import chain


class Command(BaseCommand):
    help = _("Check the audit trail's hash chain and report the first altered or missing event.")

    def handle(self, *args, **options):
        def progress(n):
            self.stderr.write(_("  checked %(n)s events") % {"n": n}, ending="\r")

        verdict = chain.verify(progress=progress if options["verbosity"] > 0 else None)
        self.stderr.write("")
        if not verdict.ok:
            raise CommandError(
                _("Audit trail broken after %(n)s good events: %(problem)s")
                % {"n": verdict.checked, "problem": verdict.problem}
            )
        self.stdout.write(_("Audit trail intact: %(n)s events verified.") % {"n": verdict.checked})
