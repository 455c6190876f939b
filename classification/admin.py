from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


class ClassifiedAdminMixin:
    """Admin lists and forms show only what the signed-in user may see."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "get_full_name",
        "email",
        "clearance",
        "is_secretariat",
        "is_active",
    ]
    list_filter = ["clearance", "is_secretariat", "is_active", "is_staff"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Classification", {"fields": ("clearance", "is_secretariat", "organisation")}),
    )
