from django import forms
from django.contrib import admin

from classification.admin import ClassifiedAdminMixin

from .models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Decision,
    DecisionKind,
    Meeting,
    MeetingStatusChange,
    Paper,
    PaperVersion,
    Recusal,
)
from .services import attendee_check


class AttendanceInline(admin.TabularInline):
    """Read-only: attendance grants RED, so it is recorded in the agenda builder alone."""

    model = Attendance
    extra = 0
    fields = ["user", "role"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class StatusChangeInline(admin.TabularInline):
    model = MeetingStatusChange
    extra = 0
    fields = ["status", "by", "at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ClassifiedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "date", "start_time", "status", "minutes_status", "location"]
    list_filter = ["committee", "status", "minutes_status"]
    search_fields = ["number", "location", "committee__code"]
    date_hierarchy = "date"
    inlines = [AttendanceInline, StatusChangeInline]
    # Statuses move only through the workflows, which record who moved them and when.
    readonly_fields = ["status", "minutes_status"]


class RecusalForm(forms.ModelForm):
    """Only an attendee of the item's meeting is recused, here as in the agenda builder."""

    class Meta:
        model = Recusal
        fields = ["user", "reason"]

    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user")
        # The inline gives the form its item, saved or not; the item names its meeting.
        if user is not None and self.instance.item.meeting_id is not None:
            attendee_check(meeting=self.instance.item.meeting, user=user)
        return cleaned


class RecusalInline(admin.TabularInline):
    model = Recusal
    form = RecusalForm
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ClassifiedAdminMixin, admin.ModelAdmin):
    secretariat_only_fields = ("minutes",)
    list_display = ["__str__", "meeting", "section", "level", "headline_mode", "published_at"]
    list_filter = ["level", "section", "headline_mode", "purpose", "meeting__committee"]
    search_fields = ["title", "presenter", "headline"]
    list_select_related = ["meeting__committee"]
    inlines = [RecusalInline]


class PaperVersionInline(admin.TabularInline):
    model = PaperVersion
    extra = 0
    fields = ["number", "original_name", "size", "sha256", "uploaded_by", "uploaded_at",
              "withdrawn_at", "withdrawn_by", "withdrawal_reason"]  # fmt: skip
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Paper)
class PaperAdmin(ClassifiedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "item", "level", "published_at", "withdrawn_at"]
    list_filter = ["level", "item__meeting__committee"]
    search_fields = ["title"]
    list_select_related = ["item"]
    inlines = [PaperVersionInline]


@admin.register(DecisionKind)
class DecisionKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "summary_singular", "summary_plural"]
    search_fields = ["name", "code"]


@admin.register(Decision)
class DecisionAdmin(ClassifiedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "item", "party", "level"]
    list_filter = ["kind", "level"]
    search_fields = ["outcome", "party__name"]
    list_select_related = ["kind", "item", "party"]


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0


@admin.register(Action)
class ActionAdmin(ClassifiedAdminMixin, admin.ModelAdmin):
    list_display = ["reference", "description", "owner", "due", "status", "level"]
    list_filter = ["status", "level"]
    search_fields = ["reference", "description", "owner_organisation", "owner_user__username"]
    list_select_related = ["owner_user"]
    inlines = [ActionUpdateInline]
