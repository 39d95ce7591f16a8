from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "hearth.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self):
        from hearth.web import navigation

        navigation.add(_("Locations"), "places:location_list", "location.manage", "admin", 90)
