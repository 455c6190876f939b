from django.contrib import admin

from classification.admin import ClassifiedAdminMixin

from .models import Declaration


@admin.register(Declaration)
class DeclarationAdmin(ClassifiedAdminMixin, admin.ModelAdmin):
    """Declarations are recorded on the minute-taking page, which recuses and audits: here a
    declaration's level may be raised, and its restriction reviewed."""

    list_display = ["__str__", "chair_decision", "level", "recorded_at", "recorded_by"]
    list_filter = ["chair_decision", "level", "item__meeting__committee"]
    list_select_related = ["item", "declarant", "recorded_by"]
    readonly_fields = ["item", "declarant", "text", "chair_decision", "recorded_by", "recorded_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A declaration is part of the meeting's record, kept in its minutes: nothing in the
        # portal removes one, and the admin would do it untraced.
        return False
