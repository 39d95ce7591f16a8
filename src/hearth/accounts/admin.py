from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from hearth.accounts.models import Agency, ApiToken, Role, Team, User

# The Django admin is for system administrators (superusers) only; everyone else,
# administrators included, works through Hearth's own pages and their permissions.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser  # type: ignore[method-assign]
admin.site.site_header = _("Hearth system administration")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (  # type: ignore[misc]
        *BaseUserAdmin.fieldsets,
        (_("Hearth"), {"fields": ("agency", "team", "locations", "roles", "phone", "language")}),
    )
    list_display = ("username", "first_name", "last_name", "agency", "team", "is_active")
    list_filter = ("is_active", "agency", "roles")
    filter_horizontal = ("locations", "roles", "groups", "user_permissions")


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "kind", "is_active")
    search_fields = ("name", "code")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "agency", "location")
    list_filter = ("agency",)


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "scope", "clearance", "requires_2fa")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "expires_at", "revoked_at")
    readonly_fields = ("user", "prefix", "digest", "created_at", "last_used_at")
