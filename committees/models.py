"""The committees the secretariat runs: each with its own calendar, Headlines and people."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Committee(models.Model):
    code = models.CharField(max_length=20, unique=True, help_text='Short code, e.g. "SSC".')
    name = models.CharField(max_length=200)
    headlines_preamble = models.TextField(
        blank=True, help_text="The standing paragraph that opens every Headlines document."
    )
    website_url = models.URLField(blank=True)
    papers_deadline_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Papers are due this many working days before a meeting "
        "(weekends and England and Wales bank holidays are not counted).",
    )

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"
