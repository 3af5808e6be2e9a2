"""POST /api/v1/auth/token/: exchange a username and password (and a second-factor code) for a token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.utils import timezone
from django_otp import devices_for_user, verify_token
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from accounts.selectors import second_factor_required
from accounts.services import api_token_create
from config.errors import ValidationFailed


class TokenRequestSerializer(serializers.Serializer):
    """Credentials for a new API token."""

    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    otp_token = serializers.CharField(
        max_length=16,
        required=False,
        help_text="The current code of your authenticator app, when your account uses one.",
    )
    name = serializers.CharField(
        max_length=100, required=False, help_text="A label for the token, e.g. the integration."
    )


def second_factor_check(user: Any, code: str) -> None:
    """Refuse (400 naming otp_token) unless one of the user's devices accepts the code."""
    devices = list(devices_for_user(user, confirmed=True))
    if not devices:
        message = "Your role requires a second factor: set one up in the web UI first."
    elif not code:
        message = "Give the current code of your authenticator app."
    elif any(verify_token(user, device.persistent_id, code) for device in devices):
        return
    else:
        message = "That code is wrong or expired."
    raise ValidationFailed("Second factor missing or wrong.", fields={"otp_token": [message]})


class TokenObtainView(APIView):
    """Return a new API token ({"token": ...}) for a valid username, password and second factor."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            429: OpenApiResponse(description="Too many failed sign-ins: locked out for a while."),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # The Django request carries django-axes' lockout bookkeeping (see accounts.lockout).
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if user is None:
            raise ValidationFailed(
                "Invalid credentials.",
                fields={"non_field_errors": ["Unable to sign in with these credentials."]},
            )
        if second_factor_required(user=user):
            second_factor_check(user, data.get("otp_token", ""))
        name = data.get("name") or f"Signed in {timezone.now():%Y-%m-%d %H:%M} UTC"
        _, key = api_token_create(now=timezone.now(), user=user, name=name)
        return Response({"token": key}, headers={"Cache-Control": "no-store"})
