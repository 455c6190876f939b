"""What the apps' admins share: lists and forms that show only what their user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, Model, QuerySet
from django.forms import ModelChoiceField, ModelForm
from django.http import HttpRequest

from .models import Classified
from .owners import committee_id_of
from .restrictions import lowering_refused
from .visibility import (
    is_secretariat,
    is_secretariat_of,
    secretariat_committees,
    secretariat_records,
)

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin
    from django.contrib.admin.options import InlineModelAdmin

    _AdminBase = ModelAdmin[Any]
    _Inlines = list[type[InlineModelAdmin[Any, Any]]] | tuple[type[InlineModelAdmin[Any, Any]], ...]
else:
    _AdminBase = object


class ClassifiedAdminMixin(_AdminBase):
    """Admin lists, forms and their choices show only what the signed-in user may see."""

    # Fields that only the secretariat reads in the admin (e.g. draft minutes).
    secretariat_only_fields: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # The models of these admins are all classified: their querysets have `visible_to`.
        queryset: Any = super().get_queryset(request)
        return queryset.visible_to(request.user)

    def get_form(
        self, request: HttpRequest, obj: Model | None = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm[Any]]:
        form = super().get_form(request, obj, change=change, **kwargs)
        if not isinstance(obj, Classified) or "level" not in form.base_fields:
            return form
        stored_level = obj.level

        class LevelNeverLowered(form):  # type: ignore[valid-type,misc]
            """Raising a level here works; lowering it is done, with a reason, in the queue."""

            def clean(self) -> dict[str, Any]:
                cleaned: dict[str, Any] = super().clean()
                if cleaned.get("level") is not None:
                    try:
                        lowering_refused(
                            self.instance, stored_level=stored_level, level=cleaned["level"]
                        )
                    except ValidationError as error:
                        self.add_error(None, error)
                return cleaned

        return LevelNeverLowered

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        # A model class by now: "self" is resolved to one once the models are loaded.
        related_model: Any = db_field.related_model
        related = related_model._default_manager
        if hasattr(related, "visible_to"):
            kwargs["queryset"] = related.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_exclude(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        excluded = list(super().get_exclude(request, obj) or [])
        if not _secretariat_of_record(request, obj):
            excluded += self.secretariat_only_fields
        return excluded

    def get_inlines(self, request: HttpRequest, obj: Model | None) -> _Inlines:
        # Inlines (recusals, attendance, versions) are the business of the record's secretariat.
        return super().get_inlines(request, obj) if _secretariat_of_record(request, obj) else []


def _secretariat_of_record(request: HttpRequest, obj: Model | None) -> bool:
    """Whether the user is the secretariat of `obj`'s committee (of any, for a new record)."""
    committee_id = committee_id_of(obj)
    if committee_id is None:
        return is_secretariat(request.user)
    return is_secretariat_of(request.user, committee_id)


class CommitteeRecordsAdminMixin(_AdminBase):
    """Admin lists of what a committee's secretariat keeps: only the user's committees' rows.

    `committee_path` leads from the model to its committee; a form's committee choices are
    the user's committees, so that no secretariat files a row under another's.
    """

    committee_path = "committee"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return secretariat_records(super().get_queryset(request), request.user, self.committee_path)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "committee":
            committees = secretariat_committees(request.user)
            related: Any = db_field.related_model
            kwargs["queryset"] = (
                related._default_manager.none()
                if committees is None
                else related._default_manager.filter(pk__in=committees)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
