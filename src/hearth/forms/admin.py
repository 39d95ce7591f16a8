"""Django admin, for system administrators only: everyday changes go through the
configuration pages, which check schemas and write the audit trail."""

from django.contrib import admin

from hearth.forms.models import FormDefinition, FormVersion, Lookup, LookupValue


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FormDefinition)
class FormDefinitionAdmin(ReadOnly):
    list_display = ["code", "name", "kind", "is_active"]


@admin.register(FormVersion)
class FormVersionAdmin(ReadOnly):
    list_display = ["definition", "number", "status", "published_at"]
    list_filter = ["status"]


@admin.register(Lookup)
class LookupAdmin(ReadOnly):
    list_display = ["code", "name"]


@admin.register(LookupValue)
class LookupValueAdmin(ReadOnly):
    list_display = ["lookup", "code", "label", "sort_order", "is_active"]
