"""Enrolment links: how an account sets up an authenticator without a verified session."""

from django.conf import settings
from django.db import models


class EnrolmentLink(models.Model):
    """A one-time address, handed out of band, that lets one account set up an authenticator.

    A password alone must not be enough to register a second factor, so an account's first
    authenticator (or one replacing a lost device) comes through a link the secretariat or
    the operator issued. Only the token's SHA-256 is stored; the address is shown once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # Null: issued from the command line, by the operator.
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"enrolment link for {self.user} until {self.expires_at:%Y-%m-%d %H:%M}"
