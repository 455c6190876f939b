"""What the apps' admins share: lists and forms that show only what their user may see."""

from .visibility import is_secretariat


class ClassifiedAdminMixin:
    """Admin lists, forms and their choices show only what the signed-in user may see."""

    # Fields that only the secretariat reads in the admin (e.g. draft minutes).
    secretariat_only_fields: tuple[str, ...] = ()

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model._default_manager
        if hasattr(related, "visible_to"):
            kwargs["queryset"] = related.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        if not is_secretariat(request.user):
            excluded += self.secretariat_only_fields
        return excluded

    def get_inlines(self, request, obj):
        # Inlines (recusals, attendance, versions) are the secretariat's business.
        return super().get_inlines(request, obj) if is_secretariat(request.user) else []
