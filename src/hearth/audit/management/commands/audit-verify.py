"""`hearth audit-verify`: check the audit trail's hash chain.

--anchor               after a good check, print the head as SEQ:HASH (alone on
                       stdout) to keep where the database's owner cannot reach
--expect-anchor S:H    also check the chain still holds that anchor (repeatable);
                       catches a trail cut back or rebuilt wholesale"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hearth.audit import chain


def anchor_argument(text: str) -> tuple[int, str]:
    import argparse

    try:
        return chain.parse_anchor(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


class Command(BaseCommand):
    help = _("Check the audit trail's hash chain and report the first altered or missing event.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            action="store_true",
            help=_("Print the chain head as SEQ:HASH, to store off this system."),
        )
        parser.add_argument(
            "--expect-anchor",
            action="append",
            default=[],
            type=anchor_argument,
            metavar="SEQ:HASH",
            help=_("An anchor printed earlier by --anchor that the chain must still hold."),
        )

    def handle(self, *args, **options):
        def progress(n):
            self.stderr.write(_("  checked %(n)s events") % {"n": n}, ending="\r")

        verdict = chain.verify(progress=progress if options["verbosity"] > 1 else None)
        if not verdict.ok:
            raise CommandError(
                _("Audit trail BROKEN at event #%(seq)s (after %(n)s good events): %(problem)s")
                % {"seq": verdict.seq, "n": verdict.checked, "problem": verdict.problem}
            )
        for seq, hash_ in options["expect_anchor"]:
            problem = chain.check_anchor(seq, hash_)
            if problem:
                raise CommandError(
                    _("Audit trail BROKEN: %(problem)s (anchor %(anchor)s)")
                    % {"problem": problem, "anchor": chain.format_anchor(seq, hash_)}
                )
        # With --anchor, stdout carries the anchor alone so scripts can store it as is.
        report = self.stderr if options["anchor"] else self.stdout
        report.write(_("Audit trail intact: %(n)s events verified.") % {"n": verdict.checked})
        if options["expect_anchor"]:
            report.write(
                _("All %(n)s anchors found in the chain.") % {"n": len(options["expect_anchor"])}
            )
        if options["anchor"]:
            self.stdout.write(chain.format_anchor(verdict.head_seq, verdict.head_hash))
