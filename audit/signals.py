"""Sign-in, sign-out and failed sign-in go to the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditEvent
from .services import audit_record


@receiver(user_logged_in)
def record_sign_in(sender, request, user, **kwargs):
    audit_record(kind=AuditEvent.Kind.SIGNED_IN, user=user, request=request)


@receiver(user_logged_out)
def record_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(kind=AuditEvent.Kind.SIGNED_OUT, user=user, request=request)


@receiver(user_login_failed)
def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    audit_record(
        kind=AuditEvent.Kind.SIGN_IN_FAILED,
        request=request,
        username=str(credentials.get("username", "")),
    )
