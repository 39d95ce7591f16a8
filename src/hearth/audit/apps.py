from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "hearth.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from hearth.audit import access, guard, signals  # noqa: F401  scope, SQLite guard, sign-in events
        from hearth.web import navigation

        navigation.add(_("Audit trail"), "audit:event_list", "audit.view", "admin", 95)
