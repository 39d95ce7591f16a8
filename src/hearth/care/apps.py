from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "hearth.care"
    label = "care"
    verbose_name = _("Appropriate care")

    def ready(self):
        from django.db.models.signals import post_migrate

        from hearth.care.seed import ensure_care_types

        post_migrate.connect(ensure_care_types, sender=self)
