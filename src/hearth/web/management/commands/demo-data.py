import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.accounts.system import system_user
from hearth.demo import care, cases, children, country, people


class Command(BaseCommand):
    help = _(
        "Build the demo: a fictional country, agencies, users for every role with the "
        "demo password, and children with their families. Demo installations only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Do nothing when the database already has users."),
        )
        parser.add_argument("--children", type=int, default=500, dest="child_count")
        parser.add_argument("--cases", type=int, default=200, dest="case_count")

    def handle(self, *args, if_empty: bool, child_count: int, case_count: int, **options):
        if User.objects.exclude(username="hearth-system").exists():
            if if_empty:
                self.stdout.write(_("The database already has data; no demo data added."))
                return
            raise CommandError(_("The database already has users; use an empty database."))
        started = time.monotonic()
        with transaction.atomic():
            self._step(_("Country and locations"))
            country.build(system_user())
            self._step(_("Agencies, teams and users"))
            users = people.build()
            self._step(_("Children and families"))
            by_region: dict[str, list] = {}
            for user in users.values():
                if user.roles.filter(code="caseworker").exists():
                    region = user.locations.first().path.strip("/").split("/")[0]  # type: ignore[union-attr]
                    by_region.setdefault(region, []).append(user)
            children.build(by_region, count=child_count, progress=self._progress)
            self.stdout.write("")
            self._step(_("Cases at every step of case management"))
            supervisors = {
                u.team_id: u
                for u in users.values()
                if u.team_id and u.roles.filter(code="supervisor").exists()
            }
            partners = cases.directory(users["admin"])
            cases.build(supervisors, partners, count=case_count, progress=self._progress)
            self.stdout.write("")
            self._step(_("Children in care, facilities and foster carers"))
            care.build(users)
        self.stdout.write(_("Demo data ready in %(s).0f s.") % {"s": time.monotonic() - started})

    def _step(self, label):
        self.stdout.write(f"==> {label}")

    def _progress(self, done, total):
        self.stdout.write(f"    {done}/{total}", ending="\r")
        self.stdout.flush()
