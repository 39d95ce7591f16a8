from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hearth.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.db.models.signals import post_migrate

        from hearth.accounts import access, two_factor  # noqa: F401  user scope, 2FA setting
        from hearth.accounts.seed import ensure_standard_roles
        from hearth.core import ratelimit  # noqa: F401  rate-limit settings
        from hearth.web import navigation

        navigation.add(_("Users"), "accounts:user_list", "user.manage", "admin", 85)
        navigation.add(_("Locked accounts"), "accounts:locked_list", "user.manage", "admin", 90)
        post_migrate.connect(ensure_standard_roles, sender=self)
