from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "hearth.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from hearth.reports.indicators import casework  # noqa: F401  registers indicators
