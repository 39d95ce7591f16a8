from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "hearth.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from hearth.reports.indicators import casework  # noqa: F401  registers indicators

        self.ready_exports()

    def ready_exports(self):
        """Exports and the PDF case file."""
        from hearth.reports import casefile  # noqa: F401  registrations
        from hearth.reports.exports import jobs  # noqa: F401  background jobs
        from hearth.web import navigation

        navigation.add(_("Exports"), "exports:list", "case.view", section="data", order=60)
