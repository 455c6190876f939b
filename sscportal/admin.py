"""The portal's admin site: staff only, and with a second factor where one is required."""

from django.contrib import admin


class PortalAdminSite(admin.AdminSite):
    site_header = "SSC Portal administration"
    site_title = "SSC Portal"

    def has_permission(self, request):
        from classification.visibility import second_factor_ok

        # A password alone is not enough to administer what the classification guards.
        return super().has_permission(request) and second_factor_ok(request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records a workflow writes (logs, publications, renders): shown, never edited here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
