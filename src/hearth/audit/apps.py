from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "hearth.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from hearth.audit import guard, signals  # noqa: F401  SQLite guard, sign-in events
