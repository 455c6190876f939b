"""Declarations of interest: who declared what at which agenda item, and what the chair decided.

A declaration belongs to the meeting's confidential record, as the item's minutes do: it is
seen by whoever may read them (`classification.visibility.DeclarationQuerySet`), at a level
never below its item's, and the Headlines never read it. Only an attendee of the meeting
declares; the chair either notes the declaration or recuses the declarant from the item.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from classification.models import Classified
from classification.visibility import DeclarationQuerySet
from meetings.models import AgendaItem
from meetings.services.attendance import attendee_check

# The longest declaration kept: a sentence or two, never a paper.
DECLARATION_MAX = 1000


class Declaration(Classified):
    """One declaration of interest, recorded by the secretariat at a meeting."""

    class ChairDecision(models.TextChoices):
        RECUSED = "recused", "Recused"
        NOTED = "noted", "Noted"

    classification_parents = ("item",)

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    declarant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name="declared by",
    )
    text = models.CharField(
        "what was declared",
        max_length=DECLARATION_MAX,
        help_text="The interest, as declared (plain text).",
        error_messages={"blank": "Say what was declared."},
    )
    chair_decision = models.CharField(
        "the chair's decision", max_length=10, choices=ChairDecision.choices
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["item", "recorded_at", "pk"]
        verbose_name = "declaration of interest"
        verbose_name_plural = "declarations of interest"

    def __str__(self):
        return f"Declaration by {self.declarant} at item {self.item.number}"

    def clean(self):
        super().clean()
        if self.item_id and self.declarant_id:
            attendee_check(meeting=self.item.meeting, user=self.declarant, field="declarant")
