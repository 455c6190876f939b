from django.contrib import admin
from django.db import models

from classification.admin import CommitteeRecordsAdminMixin
from classification.visibility import secretariat_records

from .models import Committee, Membership, SecretariatAssignment


class TenureHistoryInline(admin.TabularInline):
    """Read-only history: memberships change on the committee's members page, which audits
    every change, and never in place (a change ends one membership and starts the next).

    Only the rows of the committees the user is the secretariat of: another committee's
    people are its secretariat's business.
    """

    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-starts", "pk"]

    def get_queryset(self, request):
        rows = super().get_queryset(request).select_related("user", "committee")
        return secretariat_records(rows, request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CommitteeMembershipInline(TenureHistoryInline):
    model = Membership
    fields = ["user", "role", "level", "starts", "ends"]
    verbose_name_plural = "memberships (current and past)"


class CommitteeSecretariatInline(TenureHistoryInline):
    model = SecretariatAssignment
    fields = ["user", "starts", "ends"]
    verbose_name_plural = "secretariat (current and past)"


class UserMembershipInline(TenureHistoryInline):
    model = Membership
    fields = ["committee", "role", "level", "starts", "ends"]
    verbose_name_plural = "committee memberships (current and past)"


class UserSecretariatInline(TenureHistoryInline):
    model = SecretariatAssignment
    fields = ["committee", "starts", "ends"]
    verbose_name_plural = "secretariat of committees (current and past)"


@admin.register(Committee)
class CommitteeAdmin(CommitteeRecordsAdminMixin, admin.ModelAdmin):
    # A committee is changed by its own secretariat alone.
    committee_path = "pk"
    list_display = ["code", "name", "website_url", "papers_deadline_days"]
    search_fields = ["code", "name"]
    inlines = [CommitteeSecretariatInline, CommitteeMembershipInline]
    # A website typed without its scheme is taken to be https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


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
