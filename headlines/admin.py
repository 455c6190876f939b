from django.contrib import admin

from classification.admin import ClassifiedAdminMixin

from .models import HeadlinesRequest, HeadlinesVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by the Headlines workflow, so that what was approved is what is shown."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HeadlinesRequest)
class HeadlinesRequestAdmin(ClassifiedAdminMixin, ReadOnlyAdmin):
    list_display = ["meeting", "status", "submitted_by", "submitted_at", "decided_by", "attempts"]
    list_filter = ["status", "meeting__committee"]
    search_fields = ["meeting__number", "error", "comment"]
    list_select_related = ["meeting__committee", "submitted_by", "decided_by"]


@admin.register(HeadlinesVersion)
class HeadlinesVersionAdmin(ClassifiedAdminMixin, ReadOnlyAdmin):
    list_display = ["meeting", "number", "published_at", "sha256", "size"]
    list_filter = ["meeting__committee"]
    search_fields = ["text", "sha256"]
    list_select_related = ["meeting__committee"]
