from django.contrib import admin, messages

from classification.admin import CommitteeRecordsAdminMixin
from classification.visibility import is_secretariat
from sscportal.admin import ReadOnlyAdmin

from .models import AgendaPublication, Notification
from .services import notifications_send_again


@admin.register(AgendaPublication)
class AgendaPublicationAdmin(CommitteeRecordsAdminMixin, ReadOnlyAdmin):
    """Publications of agendas and papers: the events their notifications name."""

    committee_path = "meeting__committee"

    list_display = ["meeting", "published_at", "by"]
    list_filter = ["meeting__committee"]
    search_fields = ["meeting__number"]
    list_select_related = ["meeting__committee", "by"]


class FailedFilter(admin.SimpleListFilter):
    """E-mails given up on after the mail server refused them, or could not take them."""

    title = "sending"
    parameter_name = "failed"

    def lookups(self, request, model_admin):
        return [("yes", "Failed"), ("no", "Sent or to be sent")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(failed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(failed_at__isnull=True)
        return queryset


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Who was told what, and whether it went out (the sweep resends what did not)."""

    list_display = [
        "created_at",
        "recipient",
        "kind",
        "subject",
        "delivery",
        "sent_at",
        "attempts",
        "failed_at",
        "error",
    ]
    list_filter = [FailedFilter, "kind", "delivery"]
    search_fields = ["recipient__username", "event_key", "subject"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    @admin.action(description="Send the selected failed e-mails again", permissions=["send_again"])
    def send_again(self, request, queryset):
        """Once the recipients' addresses are corrected: a fresh set of tries for each."""
        again = notifications_send_again(notifications=queryset)
        messages.success(request, f"{again} failed e-mail(s) will be sent again.")

    # The secretariat sees to e-mails that were not sent, whatever model permissions its
    # account holds.
    def has_module_permission(self, request):
        return is_secretariat(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user) or super().has_view_permission(request, obj)

    def has_send_again_permission(self, request):
        return is_secretariat(request.user)
