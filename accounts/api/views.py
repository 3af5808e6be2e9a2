"""GET/POST /api/v1/auth/tokens/ and DELETE /api/v1/auth/tokens/{id}/: a user's own API tokens."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import selectors, services
from accounts.api.serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenCreateSerializer,
    ApiTokenSerializer,
)
from accounts.models import ApiToken


class ApiTokenFilter(django_filters.FilterSet):
    """Filter tokens by whether they still work."""

    active = django_filters.BooleanFilter(method="filter_active")

    class Meta:
        model = ApiToken
        fields = ["active"]

    def filter_active(self, queryset: Any, name: str, value: bool) -> Any:
        usable = Q(revoked_at__isnull=True) & (
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )
        return queryset.filter(usable) if value else queryset.exclude(usable)


class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Your own API tokens: create one (its secret is shown once), list them, revoke one."""

    queryset = ApiToken.objects.none()
    serializer_class = ApiTokenSerializer
    filterset_class = ApiTokenFilter
    ordering_fields = ["created_at", "last_used_at", "name"]
    # Any role may manage its own tokens; a token can do no more than its owner.
    write_capability = None

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        tokens = selectors.api_tokens_of(user=self.request.user)
        if self.action == "destroy":
            return tokens.filter(revoked_at__isnull=True)
        return tokens

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "now": timezone.now()}

    def get_serializer_class(self) -> Any:
        return ApiTokenCreateSerializer if self.action == "create" else ApiTokenSerializer

    @extend_schema(request=ApiTokenCreateSerializer, responses={201: ApiTokenCreatedSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ApiTokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = services.api_token_create(
            user=request.user, now=timezone.now(), **serializer.validated_data
        )
        token.token = key  # type: ignore[attr-defined]
        body = ApiTokenCreatedSerializer(token, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Cache-Control": "no-store"})

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.api_token_revoke(now=timezone.now(), token=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
