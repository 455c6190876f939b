from django.contrib import admin

from classification.visibility import is_secretariat

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the application alone."""

    list_display = ["at", "kind", "username", "object_repr", "version", "ip"]
    list_filter = ["kind"]
    search_fields = ["username", "object_repr", "ip"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)
