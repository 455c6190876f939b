"""The users admin: accounts, their organisation and committees, and enrolment links.

An account belongs to no one committee: what it is to each (member, chair, secretariat) is
its memberships and secretariat assignments, shown here read-only, to the secretariat of
each committee for that committee, and changed where the committees keep them. Acting on
accounts (an enrolment link) is for the secretariat of any committee, in a session verified
by its second factor.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from assessments.models import Organisation
from audit.services import origin_of
from classification.models import User
from classification.visibility import is_secretariat, secretariat_records
from committees.admin import UserMembershipInline, UserSecretariatInline
from committees.models import Membership, SecretariatAssignment

from .services import enrolment_link_issue, enrolment_link_url


class SecretariatFilter(admin.SimpleListFilter):
    """Whether the account is, today, the secretariat of at least one committee."""

    title = "secretariat of a committee"
    parameter_name = "secretariat"

    def lookups(self, request, model_admin):
        return [("yes", "Secretariat of a committee now"), ("no", "Not the secretariat")]

    def queryset(self, request, queryset):
        current = SecretariatAssignment.objects.current().values("user_id")
        if self.value() == "yes":
            return queryset.filter(pk__in=current)
        if self.value() == "no":
            return queryset.exclude(pk__in=current)
        return queryset


def _of_my_committees(tenure_model, user):
    """Today's memberships or assignments in the committees `user` is the secretariat of:
    another committee's people are its secretariat's business."""
    current = tenure_model.objects.current().select_related("committee")
    return secretariat_records(current, user)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "get_full_name",
        "email",
        "organisation_name",
        "committees",
        "secretariat_of",
        "is_active",
    ]
    list_filter = [SecretariatFilter, "is_active", "is_staff"]
    # Memberships and secretariat assignments are the committees': read-only here.
    fieldsets = BaseUserAdmin.fieldsets + (("Organisation", {"fields": ("organisation",)}),)
    inlines = [UserSecretariatInline, UserMembershipInline]

    actions = ["issue_enrolment_link"]

    def get_queryset(self, request):
        # An organisation's name may be an assessed party's, above GREEN: the list shows it
        # only to whoever may see it, in the same statement.
        visible = Organisation.objects.visible_to(request.user).filter(pk=OuterRef("organisation"))
        return (
            super()
            .get_queryset(request)
            .annotate(organisation_shown=Subquery(visible.values("name")[:1]))
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=_of_my_committees(Membership, request.user),
                    to_attr="current_memberships",
                ),
                Prefetch(
                    "secretariat_assignments",
                    queryset=_of_my_committees(SecretariatAssignment, request.user),
                    to_attr="current_secretariat",
                ),
            )
        )

    @admin.display(description="organisation", ordering="organisation_shown")
    def organisation_name(self, user):
        return user.organisation_shown or ("—" if user.organisation_id is None else "(restricted)")

    @admin.display(description="member of (your committees, today)")
    def committees(self, user):
        return ", ".join(
            f"{m.committee.code} {m.get_role_display().lower()} at {m.get_level_display()}"
            for m in user.current_memberships
        )

    @admin.display(description="secretariat of (your committees, today)")
    def secretariat_of(self, user):
        return ", ".join(assignment.committee.code for assignment in user.current_secretariat)

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
        # Accounts belong to no one committee: the secretariat of any committee, verified
        # (a password alone must not mint a way to a second factor).
        return is_secretariat(request.user)
