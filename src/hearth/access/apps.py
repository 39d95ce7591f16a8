from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "hearth.access"
    label = "access"
    verbose_name = _("Access policy")

    def ready(self):
        from hearth.web import navigation

        navigation.add(_("Roles"), "access:role_list", "role.manage", "admin", 80)
        navigation.add(
            _("Field sensitivity"), "access:sensitivity_list", "role.manage", "admin", 81
        )
