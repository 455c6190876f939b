"""Sign-in with a second factor: TOTP from an authenticator app, or a one-time recovery code."""

import base64
import io
from urllib.parse import urlencode, urlsplit

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice

from audit.models import AuditEvent
from audit.services import audit_record, origin_of
from classification.visibility import has_second_factor

from .services import (
    authenticator_confirm,
    authenticator_setup_refusal,
    authenticator_start,
    enrolment_link_check,
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class SignInView(LoginView):
    """Django's sign-in, then the second factor where the account has one.

    An account that needs a second factor and has none is not sent to set one up: its first
    authenticator comes only through an enrolment link, and the page says so. Signing in to
    open an enrolment link leads to it, device or not (it replaces a lost one).
    """

    def get_success_url(self):
        url = super().get_success_url()
        if not settings.OTP_REQUIRED or _is_enrolment_link(url):
            return url
        if has_second_factor(self.request.user):
            return f"{reverse('accounts:two_factor_verify')}?{urlencode({'next': url})}"
        return url


def _is_enrolment_link(url: str) -> bool:
    try:
        return resolve(urlsplit(url).path).url_name == "two_factor_enrol"
    except Resolver404:
        return False


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or reverse("meetings:home")
    safe = url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
    return url if safe else reverse("meetings:home")


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
                    request,
                    f"Recovery code used: {remaining} left. To replace a lost authenticator app "
                    f"(which also gives new codes), go to {reverse('accounts:two_factor_setup')}.",
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
    """Add or replace an authenticator, from a session already verified by the account."""
    return _authenticator_setup(request, link=None)


@login_required
def two_factor_enrol(request, token):
    """Set up an authenticator through a one-time enrolment link issued to this account."""
    link = enrolment_link_check(token)
    if link is None or link.user_id != request.user.pk:
        raise Http404("No enrolment link at this address.")
    return _authenticator_setup(request, link=link)


def _authenticator_setup(request, *, link):
    """Register an authenticator app; confirming it with a code gives recovery codes."""
    user = request.user
    verified = user.is_verified()
    refusal = authenticator_setup_refusal(user, verified=verified, link=link)
    if refusal:
        return TemplateResponse(
            request, "accounts/two_factor_refused.html", {"reason": refusal}, status=403
        )
    device = authenticator_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = authenticator_confirm(
                user=user,
                device=device,
                code=form.cleaned_data["code"],
                verified=verified,
                link=link,
                origin=origin_of(request),
            )
        except ValidationError as error:
            form.add_error("code", error.messages)
        else:
            otp_login(request, device)
            return TemplateResponse(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    secret = base64.b32encode(device.bin_key).decode()
    return TemplateResponse(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request),
            "replacing": has_second_factor(user),
        },
    )
