from django.contrib import admin

from classification.admin import ClassifiedAdminMixin

from .models import Assessment, Organisation


@admin.register(Organisation)
class OrganisationAdmin(ClassifiedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "sec_party_id", "uses_shared_resource_provider", "level"]
    list_filter = ["level", "uses_shared_resource_provider"]
    search_fields = ["name", "sec_party_id"]


@admin.register(Assessment)
class AssessmentAdmin(ClassifiedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "assessor", "fieldwork_start", "report_received", "level"]
    list_filter = ["kind", "level"]
    search_fields = ["party__name", "assessor"]
    list_select_related = ["party"]
