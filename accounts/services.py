"""Second-factor enrolment: enrolment links, and setting up an authenticator app.

A password alone never registers a second factor. An account adds or replaces an
authenticator from a session already verified by one of its own devices (an authenticator or
a recovery code); its first authenticator, or one replacing a lost device, comes through a
one-time enrolment link that the secretariat or the operator hands over out of band.
"""

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from audit.services import Origin, audit_record
from classification.models import User, Viewer
from classification.visibility import has_second_factor, may_act_for_secretariat
from sscportal.links import site_url

from .models import EnrolmentLink

RECOVERY_CODES = 10
ENROLMENT_LINK_VALID_FOR = datetime.timedelta(hours=72)


def enrolment_token_digest(token: str) -> str:
    """The stored form of an enrolment link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def enrolment_link_url(token: str) -> str:
    """The absolute address of the enrolment link whose token is `token`."""
    return site_url(reverse("accounts:two_factor_enrol", args=[token]))


def enrolment_link_line(link: EnrolmentLink, token: str) -> str:
    """The line the command line prints for a new enrolment link."""
    return (
        f"enrolment link for {link.user.get_username()} (one use, until "
        f"{timezone.localtime(link.expires_at):%Y-%m-%d %H:%M %Z}): {enrolment_link_url(token)}"
    )


@transaction.atomic
def enrolment_link_issue(
    *, user: User, by: User | None, origin: Origin | None = None
) -> tuple[EnrolmentLink, str]:
    """Issue `user` a one-time enrolment link, valid 72 hours; return it and its token.

    `by` is the secretariat account issuing it (verified by its second factor), or None for
    the operator at the command line. Any earlier unused link of `user` stops working: only
    the newest one handed out opens. The token is returned once and stored only as a digest.
    """
    if not may_act_for_secretariat(by):
        raise PermissionDenied(
            "Only the secretariat, in a session verified with its second factor, issues "
            "enrolment links."
        )
    if not user.is_active:
        raise ValidationError(f"{user.get_username()} is deactivated: it cannot enrol.")
    now = timezone.now()
    EnrolmentLink.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    token = secrets.token_urlsafe(32)
    link = EnrolmentLink.objects.create(
        user=user,
        token_hash=enrolment_token_digest(token),
        created_at=now,
        expires_at=now + ENROLMENT_LINK_VALID_FOR,
        issued_by=by,
    )
    audit_record(
        kind=AuditEvent.Kind.ENROLMENT_LINK_ISSUED,
        user=by,
        username="" if by is not None else "(command line)",
        origin=origin,
        obj=link,
        account=user.get_username(),
        expires_at=link.expires_at.isoformat(),
    )
    return link, token


def enrolment_link_check(token: str) -> EnrolmentLink | None:
    """The enrolment link of `token` if it still opens (unused, unexpired, account active)."""
    if not token:
        return None
    return (
        EnrolmentLink.objects.select_related("user")
        .filter(
            token_hash=enrolment_token_digest(token),
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


@transaction.atomic
def enrolment_link_use(*, link: EnrolmentLink, origin: Origin | None = None) -> EnrolmentLink:
    """Spend `link`: it never opens again. Refused if it was spent or expired meanwhile."""
    locked = EnrolmentLink.objects.select_for_update().get(pk=link.pk)
    now = timezone.now()
    if locked.used_at is not None or locked.expires_at <= now:
        raise PermissionDenied("This enrolment link has been used or has expired.")
    locked.used_at = now
    locked.save(update_fields=["used_at"])
    audit_record(
        kind=AuditEvent.Kind.ENROLMENT_LINK_USED, user=locked.user, origin=origin, obj=locked
    )
    link.used_at = now
    return locked


def authenticator_setup_refusal(
    user: Viewer, *, verified: bool, link: EnrolmentLink | None = None
) -> str | None:
    """Why `user` may not set up an authenticator now, or None if they may.

    `verified`: the session passed one of the account's own devices (django-otp's
    `is_verified`); `link`: the enrolment link the session came through, if any. The rule is
    the same for every account, whether or not it needs a second factor: an account that
    needs none simply has no authenticator until it is given a link.
    """
    if not user.is_authenticated or not user.is_active:
        return "Sign in first."
    if link is not None:
        if link.user_id != user.pk or link.used_at is not None or link.expires_at <= timezone.now():
            return "This enrolment link is not yours, has been used, or has expired."
        return None
    if has_second_factor(user):
        if verified:
            return None
        return (
            "Your account already has a second factor. Verify this session with your "
            "authenticator app or a recovery code first; then you can replace it. If you have "
            "lost both, ask the secretariat for an enrolment link."
        )
    return (
        "An authenticator app is set up through an enrolment link: ask the secretariat for "
        "one, then open it signed in to this account."
    )


def authenticator_start(*, user: User) -> TOTPDevice:
    """The authenticator `user` is setting up (made on first call): its secret is in the QR."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, confirmed=False, name="Authenticator app")


def authenticator_confirm(
    *,
    user: User,
    device: TOTPDevice,
    code: str,
    verified: bool,
    link: EnrolmentLink | None = None,
    origin: Origin | None = None,
) -> list[str]:
    """Confirm the authenticator `user` is setting up with a `code` it shows; return new
    recovery codes.

    The new authenticator replaces any earlier one, and the recovery codes are replaced; an
    enrolment link it came through is spent. Refused (PermissionDenied) where
    `authenticator_setup_refusal` refuses; a wrong code is a ValidationError and changes
    nothing.
    """
    refusal = authenticator_setup_refusal(user, verified=verified, link=link)
    if refusal:
        raise PermissionDenied(refusal)
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied("That is not the authenticator you are setting up.")
    if not device.verify_token(code.replace(" ", "")):
        raise ValidationError("That code does not match: check the app's clock and try again.")
    with transaction.atomic():
        if link is not None:
            enrolment_link_use(link=link, origin=origin)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        recovery, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
        recovery.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
        audit_record(
            kind=AuditEvent.Kind.SECOND_FACTOR_ADDED,
            user=user,
            origin=origin,
            through="enrolment link" if link is not None else "verified session",
        )
    return codes
