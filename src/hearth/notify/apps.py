from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "hearth.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self):
        from hearth.notify import kinds, providers, reminders, tasks  # noqa: F401  registrations

        reminders.register("api_tokens_expiring", providers.api_tokens_expiring)
