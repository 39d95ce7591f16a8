from django.contrib import admin

from hearth.registry.models import IdentifierType


@admin.register(IdentifierType)
class IdentifierTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "pattern", "is_active", "sort_order")
