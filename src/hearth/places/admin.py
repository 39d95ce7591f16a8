from django.contrib import admin

from hearth.places.models import Location, LocationLevel


@admin.register(LocationLevel)
class LocationLevelAdmin(admin.ModelAdmin):
    list_display = ("depth", "name")


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "depth", "path")
    search_fields = ("name", "code")
    readonly_fields = ("depth", "path")

    def has_add_permission(self, request):
        return False  # through the import or the services, which keep paths right

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
