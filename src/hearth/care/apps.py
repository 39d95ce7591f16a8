from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "hearth.care"
    label = "care"
    verbose_name = _("Appropriate care")

    def ready(self):
        from django.db.models.signals import post_migrate

        from hearth.care import access, indicators, sections, tasks, timeframes  # noqa: F401
        from hearth.care.seed import ensure_seed
        from hearth.care.services import safeguards, tracing  # noqa: F401  subjects, kinds
        from hearth.web import navigation

        post_migrate.connect(ensure_seed, sender=self)
        navigation.add(_("Facilities"), "care:facilities", "care.view", order=30)
        navigation.add(_("Foster carers"), "care:carers", "facility.manage", order=31)
        navigation.add(_("Tracing"), "care:tracing", "tracing.manage", order=32)
        navigation.add(
            _("Exceptions report"), "care:exceptions", "care.approve_exception", order=33
        )
        navigation.add(_("Child population"), "care:population", "config.manage", "admin", 75)
