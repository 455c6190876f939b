"""The users admin: accounts, their organisation, and enrolment links for a second factor."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from audit.services import origin_of
from classification.models import User
from classification.visibility import is_secretariat

from .services import enrolment_link_issue, enrolment_link_url


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "get_full_name",
        "email",
        "organisation",
        "is_active",
    ]
    list_filter = ["is_active", "is_staff"]
    list_select_related = ["organisation"]
    # Memberships and secretariat assignments are the committees' (committees.admin).
    fieldsets = BaseUserAdmin.fieldsets + (("Organisation", {"fields": ("organisation",)}),)

    actions = ["issue_enrolment_link"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # An organisation's name may be an assessed party's, above GREEN.
        if db_field.name == "organisation":
            kwargs["queryset"] = db_field.related_model.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(
        description="Issue an enrolment link for the authenticator app (shown once)",
        permissions=["issue_enrolment_link"],
    )
    def issue_enrolment_link(self, request, queryset):
        """Issue each selected active account a one-time enrolment link, shown on this page only."""
        links, refused = [], []
        with transaction.atomic():
            for user in queryset.order_by("username"):
                if not user.is_active:
                    refused.append(user.username)
                    continue
                link, token = enrolment_link_issue(
                    user=user, by=request.user, origin=origin_of(request)
                )
                links.append((link, enrolment_link_url(token)))
        response = TemplateResponse(
            request,
            "admin/accounts/enrolment_links.html",
            {**self.admin_site.each_context(request), "links": links, "refused": refused},
        )
        # The links are secrets: no copy of this page may be kept.
        add_never_cache_headers(response)
        return response

    def has_issue_enrolment_link_permission(self, request):
        # A password alone must not mint a way to a second factor.
        return is_secretariat(request.user)
