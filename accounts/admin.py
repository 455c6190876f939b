"""The users admin: accounts, their clearance, and enrolment links for a second factor."""

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
        "clearance",
        "is_secretariat",
        "is_active",
    ]
    list_filter = ["clearance", "is_secretariat", "is_active", "is_staff"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Classification", {"fields": ("clearance", "is_secretariat", "organisation")}),
    )

    actions = ["issue_enrolment_link"]

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
