from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "hearth.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from hearth.reports.indicators import casework, delivery, timeliness  # noqa: F401  registers indicators
        from hearth.web import navigation

        self.ready_exports()
        self.ready_dhis2()
        self.ready_builder()
        navigation.add(_("Reports"), "dashboards:index", "report.view", section="data", order=55)

    def ready_exports(self):
        """Exports, the PDF case file and the data quality report."""
        from hearth.reports import casefile, quality  # noqa: F401  registrations
        from hearth.reports.exports import jobs, services  # noqa: F401  jobs and settings
        from hearth.web import navigation

        navigation.add(_("Exports"), "exports:list", "case.view", section="data", order=60)
        navigation.add(
            _("Data quality"), "quality:report", "dataquality.view", section="data", order=62
        )

    def ready_dhis2(self):
        """DHIS2 data value sets (H5)."""
        from hearth.reports.dhis2 import jobs  # noqa: F401  the sending job
        from hearth.web import navigation

        navigation.add(_("DHIS2"), "dhis2:home", "dhis2.manage", section="data", order=64)

    def ready_builder(self):
        """The report builder: counts of records as measures, its schedule job, menu."""
        from hearth.reports.builder import jobs, schedule, sources  # noqa: F401  registrations
        from hearth.reports.dashboards import figures
        from hearth.reports.dashboards import jobs as dashboard_jobs  # noqa: F401  the refresh job

        del figures  # imported for its settings
        from hearth.web import navigation

        navigation.add(
            _("Report builder"), "report_builder:list", "report.view", section="data", order=56
        )
