from django.contrib import admin

from .models import Committee


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "website_url", "papers_deadline_days"]
    search_fields = ["code", "name"]
