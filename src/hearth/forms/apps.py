from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    name = "hearth.forms"
    label = "forms"
    verbose_name = _("Forms")

    def ready(self):
        from django.db.models.signals import post_migrate

        from hearth.forms import access  # noqa: F401  configuration is not scoped
        from hearth.forms.seed import ensure_seed_forms
        from hearth.web import navigation

        navigation.add(_("Forms"), "forms:definition_list", "config.manage", "admin", 70)
        navigation.add(_("Lookup lists"), "forms:lookup_list", "config.manage", "admin", 71)
        post_migrate.connect(ensure_seed_forms, sender=self)
