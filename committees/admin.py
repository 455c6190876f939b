from django.contrib import admin

from classification.admin import CommitteeRecordsAdminMixin

from .models import Committee, Membership, SecretariatAssignment


@admin.register(Committee)
class CommitteeAdmin(CommitteeRecordsAdminMixin, admin.ModelAdmin):
    # A committee is changed by its own secretariat alone.
    committee_path = "pk"
    list_display = ["code", "name", "website_url", "papers_deadline_days"]
    search_fields = ["code", "name"]


@admin.register(Membership)
class MembershipAdmin(CommitteeRecordsAdminMixin, admin.ModelAdmin):
    list_display = ["user", "committee", "role", "level", "starts", "ends"]
    list_filter = ["committee", "role", "level"]
    search_fields = ["user__username", "user__last_name"]
    list_select_related = ["user", "committee"]


@admin.register(SecretariatAssignment)
class SecretariatAssignmentAdmin(CommitteeRecordsAdminMixin, admin.ModelAdmin):
    list_display = ["user", "committee", "starts", "ends"]
    list_filter = ["committee"]
    search_fields = ["user__username", "user__last_name"]
    list_select_related = ["user", "committee"]
