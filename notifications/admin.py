from django.contrib import admin

from classification.admin import CommitteeRecordsAdminMixin
from sscportal.admin import ReadOnlyAdmin

from .models import AgendaPublication, Notification


@admin.register(AgendaPublication)
class AgendaPublicationAdmin(CommitteeRecordsAdminMixin, ReadOnlyAdmin):
    """Publications of agendas and papers: the events their notifications name."""

    committee_path = "meeting__committee"

    list_display = ["meeting", "published_at", "by"]
    list_filter = ["meeting__committee"]
    search_fields = ["meeting__number"]
    list_select_related = ["meeting__committee", "by"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Who was told what, and whether it went out (the sweep resends what did not)."""

    list_display = ["created_at", "recipient", "kind", "subject", "delivery", "sent_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["recipient__username", "event_key", "subject"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
