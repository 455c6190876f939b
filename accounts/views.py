"""Sign-in with a second factor: TOTP from an authenticator app, or a one-time recovery code."""

import base64
import io
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from audit.services import audit_record
from classification.visibility import needs_second_factor

RECOVERY_CODES = 10


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class SignInView(LoginView):
    """Django's sign-in, then on to the second factor where the account needs one."""

    def get_success_url(self):
        url = super().get_success_url()
        user = self.request.user
        if not settings.OTP_REQUIRED:
            return url
        if user_has_device(user, confirmed=True):
            return f"{reverse('two_factor_verify')}?{urlencode({'next': url})}"
        if needs_second_factor(user):
            return f"{reverse('two_factor_setup')}?{urlencode({'next': url})}"
        return url


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or reverse("home")
    safe = url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
    return url if safe else reverse("home")


@login_required
def two_factor_verify(request):
    """Ask for a code from the authenticator app, or a recovery code."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            audit_record(
                kind=AuditEvent.Kind.SECOND_FACTOR_PASSED, user=request.user, request=request
            )
            if isinstance(device, StaticDevice):
                remaining = device.token_set.count()
                messages.warning(
                    request, f"Recovery code used: {remaining} left. Set up new ones if you need."
                )
            return redirect(_next_url(request))
        audit_record(kind=AuditEvent.Kind.SECOND_FACTOR_FAILED, user=request.user, request=request)
        form.add_error("code", "That code is not right (or has been used). Try the current one.")
    return TemplateResponse(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def two_factor_setup(request):
    """Register an authenticator app; confirming it with a code gives recovery codes."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            codes = _confirm(request, device)
            return TemplateResponse(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("code", "That code does not match: check the app's clock and try again.")
    secret = base64.b32encode(device.bin_key).decode()
    return TemplateResponse(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request),
        },
    )


@transaction.atomic
def _confirm(request, device) -> list[str]:
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
    recovery, _ = StaticDevice.objects.get_or_create(user=request.user, name="Recovery codes")
    recovery.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    otp_login(request, device)
    audit_record(kind=AuditEvent.Kind.SECOND_FACTOR_ADDED, user=request.user, request=request)
    return codes
