"""Sessions for the tests: signed in through the pages, or as django-otp's middleware makes them.

Every account the factories make has the password `PASSWORD`; `sign_in` and `enter_code` go
through the sign-in and second-factor pages as a person would, and `verified_session` and
`password_only_session` model what the middleware makes of a session for code that is given a
user rather than a request.
"""

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import enrolment_link_issue
from tests.factories import PASSWORD


def verified_session(user):
    """`user` as seen in a session verified by its second factor."""
    user.is_verified = lambda: True
    return user


def password_only_session(user):
    """`user` as seen in a session signed in with the password alone."""
    user.is_verified = lambda: False
    return user


def sign_in(client, user):
    """Sign `user` in on the sign-in page with their password; the page's answer."""
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def authenticator(user, name="app") -> TOTPDevice:
    """An authenticator app that `user` has confirmed."""
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)


def authenticator_code(device) -> str:
    """The code `device` shows now, as its owner would type it."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enter_code(client, device):
    """Verify the client's session with the code `device` shows now; the page's answer."""
    return client.post(reverse("accounts:two_factor_verify"), {"code": authenticator_code(device)})


def sign_in_verified(client, user) -> TOTPDevice:
    """Sign `user` in and verify the session with a new authenticator of theirs, returned."""
    device = authenticator(user)
    sign_in(client, user)
    enter_code(client, device)
    return device


def enrolment_link(user) -> str:
    """The address of a new enrolment link for `user`, as the operator would hand it over."""
    _, token = enrolment_link_issue(user=user, by=None)
    return reverse("accounts:two_factor_enrol", args=[token])
