from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "hearth.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from django.db.models.signals import post_migrate

        # Registrations: access policy, deadlines, case page sections, the retention job.
        from hearth.cases import access, deadlines, emergency, overview, retention  # noqa: F401
        from hearth.cases.seed import ensure_taxonomies
        from hearth.web import navigation

        post_migrate.connect(ensure_taxonomies, sender=self)
        navigation.add(_("Cases"), "cases:list", "case.view", order=10)
        navigation.add(_("New case"), "cases:find_child", "case.register", order=11)
        navigation.add(_("Search all cases"), "cases:search", "person.search", order=12)
        navigation.add(_("Retention"), "cases:retention", "retention.run", "admin", 95)
