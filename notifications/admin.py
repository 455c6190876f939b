from django.contrib import admin

from sscportal.admin import ReadOnlyAdmin

from .models import AgendaPublication


@admin.register(AgendaPublication)
class AgendaPublicationAdmin(ReadOnlyAdmin):
    """Publications and whether their notices went out (the sweep resends those that did not)."""

    list_display = ["meeting", "published_at", "by", "dispatched_at", "notices_sent_at"]
    list_filter = ["meeting__committee"]
    search_fields = ["meeting__number"]
    list_select_related = ["meeting__committee", "by"]
