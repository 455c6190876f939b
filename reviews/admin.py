from django.contrib import admin

from classification.visibility import is_secretariat

from .models import LevelChange


@admin.register(LevelChange)
class LevelChangeAdmin(admin.ModelAdmin):
    """Read-only: a level is lowered from the review queue, which records the change."""

    list_display = ["record_repr", "from_level", "to_level", "by", "at"]
    list_filter = ["content_type", "to_level"]
    readonly_fields = [f.name for f in LevelChange._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # The record names may be RED: the secretariat's alone.
        return is_secretariat(request.user)
