from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "hearth.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from django.db.models.signals import post_migrate

        # Registrations: access policy, deadlines, case page sections, the retention job.
        from hearth.cases import (  # noqa: F401
            access,
            child_facts,
            deadlines,
            delivery_sections,
            emergency,
            overview,
            retention,
            work,
        )
        from hearth.cases.seed import ensure_taxonomies
        from hearth.cases.services import referral  # noqa: F401  its configuration keys
        from hearth.cases.views import approval, assessment, plan  # noqa: F401  sections, subjects
        from hearth.web import navigation

        post_migrate.connect(ensure_taxonomies, sender=self)
        work.register()
        child_facts.connect()
        navigation.add(_("Cases"), "cases:list", "case.view", order=10)
        navigation.add(_("New case"), "cases:find_child", "case.register", order=11)
        navigation.add(
            _("Referrals received"), "cases:referrals_incoming", "referral.respond", order=14
        )
        navigation.add(_("Transfers received"), "cases:transfers_incoming", "case.view", order=15)
        navigation.add(_("Service directory"), "cases:directory", "case.view", order=16)
        navigation.add(
            _("Service directory"), "cases:directory_manage", "config.manage", "admin", order=60
        )
        navigation.add(
            _("Service types"), "cases:service_types", "config.manage", "admin", order=61
        )
        navigation.add(_("Approvals waiting"), "cases:approvals", "case.approve", order=12)

        # Following a case through: settings and reminders, the closure approval
        # subject, and the case page sections, all registered at import.
        from hearth.cases import followup_queries  # noqa: F401
        from hearth.cases.services import closure as _closure  # noqa: F401
        from hearth.cases.views import closure, court, followup, notes, review  # noqa: F401

        navigation.add(_("Search all cases"), "cases:search", "person.search", order=12)

        # My tasks, the team view and their home-page panels (G1, G2); the
        # casework reminders (E5) register at import.
        from hearth.cases import task_reminders  # noqa: F401
        from hearth.cases.views.tasks import cases_panel, tasks_panel
        from hearth.web import dashboard

        navigation.add(_("My tasks"), "cases:tasks", "case.view", order=9)
        navigation.add(_("Team"), "cases:team", "case.reassign", order=13)
        dashboard.add_panel("cases/tasks/_panel_tasks.html", "case.work", tasks_panel, order=10)
        dashboard.add_panel("cases/tasks/_panel_cases.html", "case.work", cases_panel, order=20)
        navigation.add(_("Retention"), "cases:retention", "retention.run", "admin", 95)
