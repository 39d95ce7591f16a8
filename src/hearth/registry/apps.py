from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "hearth.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self):
        from django.db.models.signals import post_migrate

        from hearth.registry import access  # noqa: F401  scopes and field levels
        from hearth.registry.queries import recent_people
        from hearth.registry.seed import ensure_identifier_types
        from hearth.web import dashboard, navigation

        navigation.add(_("People"), "registry:person_list", "person.view", order=20)
        navigation.add(_("Households"), "registry:household_list", "person.view", order=21)
        dashboard.add_panel("registry/_panel_people.html", "person.view", recent_people, order=80)
        post_migrate.connect(ensure_identifier_types, sender=self)
