from django.contrib import admin

from classification.admin import ClassifiedAdminMixin
from sscportal.admin import ReadOnlyAdmin

from .models import HeadlinesRequest, HeadlinesVersion


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
