"""Sign-in pages: the second factor (enrol, verify, remove) and an audited password change."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import django_otp
import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import selectors, services
from incidents.audit import audit_record


class CodeForm(forms.Form):
    """The six-digit code the authenticator app shows."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next_url(request: HttpRequest) -> str:
    """The safe place to continue to after verification."""
    candidate = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


def _enrolment_context(device: TOTPDevice) -> dict[str, Any]:
    """The QR code (inline SVG, drawn here, so safe) and the secret to type in by hand."""
    uri = device.config_url
    return {
        "qr_svg": mark_safe(segno.make(uri, error="m").svg_inline(scale=4)),  # noqa: S308
        "secret": b32encode(device.bin_key).decode("ascii").rstrip("="),
    }


@require_http_methods(["GET", "POST"])
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify this session with the authenticator app, enrolling one first if there is none."""
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    device = confirmed or services.second_factor_enrolment(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            if not device.confirmed:
                services.second_factor_confirm(now=timezone.now(), user=request.user, device=device)
            django_otp.login(request, device)
            return HttpResponseRedirect(_next_url(request))
        form.add_error("otp_token", _("That code is wrong or expired. Try the current one."))
    context: dict[str, Any] = {
        "form": form,
        "next": _next_url(request),
        "enrolling": not device.confirmed,
        "verified": request.user.is_verified(),  # type: ignore[union-attr]
        "required_by_role": selectors.second_factor_required_by_role(user=request.user),
    }
    if not device.confirmed:
        context.update(_enrolment_context(device))
    return render(request, "accounts/two_factor.html", context)


@require_POST
@login_required
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    """Remove one's own authenticator, unless one's role requires a second factor."""
    if not request.user.is_verified():  # type: ignore[union-attr]
        return redirect("two-factor")
    if selectors.second_factor_required_by_role(user=request.user):
        messages.error(request, _("Your role requires a second factor; it cannot be removed."))
        return redirect("two-factor")
    services.second_factor_remove(now=timezone.now(), user=request.user)
    messages.success(request, _("Your authenticator app was removed."))
    return redirect("dashboard")


class AuditedPasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, recorded in the audit trail (without the password)."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(
            now=timezone.now(),
            actor=self.request.user,
            action="password_change",
            obj=self.request.user,
            changes={"password": "changed"},
        )
        return response
