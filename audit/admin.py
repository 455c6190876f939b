from django.contrib import admin

from classification.visibility import is_secretariat
from sscportal.admin import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the log is written by the application alone."""

    list_display = ["at", "kind", "username", "object_repr", "version", "ip"]
    list_filter = ["kind"]
    search_fields = ["username", "object_repr", "ip"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)
