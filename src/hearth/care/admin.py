"""Django admin, for system administrators: the care taxonomies (types of care,
reasons for a change). Care records themselves change only through the services."""

from django.contrib import admin

from hearth.care.models import CareType, ChangeReason


@admin.register(CareType)
class CareTypeAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "setting",
        "always_formal",
        "provider",
        "is_active",
        "sort_order",
    )
    list_filter = ("setting", "is_active")


@admin.register(ChangeReason)
class ChangeReasonAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_active", "sort_order")
    list_filter = ("is_active",)
