from django.contrib import admin

from classification.admin import ClassifiedAdminMixin
from classification.models import User

from .models import Assessment, Organisation


class PeopleInline(admin.TabularInline):
    """Read-only: who works for the organisation; a person's organisation is set on their
    account (the users admin). Their attendance is what flags a conflict of interest."""

    model = User
    fk_name = "organisation"
    fields = ["username", "first_name", "last_name", "email", "is_active"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "person"
    verbose_name_plural = "people who work for it"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(ClassifiedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "sec_party_id", "uses_shared_resource_provider", "level"]
    list_filter = ["kind", "level", "uses_shared_resource_provider"]
    search_fields = ["name", "sec_party_id"]
    inlines = [PeopleInline]


@admin.register(Assessment)
class AssessmentAdmin(ClassifiedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "assessor", "fieldwork_start", "report_received", "level"]
    list_filter = ["kind", "level"]
    search_fields = ["party__name", "assessor"]
    list_select_related = ["party"]
    # Looked up through the agenda items' admin, which lists only what its user may see.
    autocomplete_fields = ["item"]
