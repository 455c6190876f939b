from django.contrib import admin

from classification.admin import CommitteeRecordsAdminMixin
from classification.visibility import is_secretariat

from .models import Pack


@admin.register(Pack)
class PackAdmin(CommitteeRecordsAdminMixin, admin.ModelAdmin):
    """Packs are per reader: the secretariat sees their state, never changes them here."""

    committee_path = "meeting__committee"

    list_display = ["meeting", "user", "status", "papers_total", "pages", "requested_at"]
    list_filter = ["status", "meeting__committee"]
    search_fields = ["user__username", "error"]
    list_select_related = ["meeting__committee", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)
