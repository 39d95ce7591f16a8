from django.contrib import admin

from hearth.access.models import FieldSensitivity


@admin.register(FieldSensitivity)
class FieldSensitivityAdmin(admin.ModelAdmin):
    list_display = ("model_label", "field", "level")
