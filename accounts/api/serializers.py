"""API token serializers: the secret appears only in the creation response."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import ApiToken
from config.fields import AwareDateTimeField


class ApiTokenSerializer(serializers.ModelSerializer):
    """A token as listed to its owner: never the secret, only its clear prefix."""

    created_at = AwareDateTimeField(read_only=True)
    last_used_at = AwareDateTimeField(read_only=True, allow_null=True)
    expires_at = AwareDateTimeField(read_only=True, allow_null=True)
    revoked_at = AwareDateTimeField(read_only=True, allow_null=True)
    active = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
            "active",
        ]
        read_only_fields = fields

    def get_active(self, token: ApiToken) -> bool:
        return token.is_usable(self.context["now"])


class ApiTokenCreateSerializer(serializers.Serializer):
    """What a new token is called and, optionally, when it stops working."""

    name = serializers.CharField(max_length=100)
    expires_at = AwareDateTimeField(required=False, allow_null=True)


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    """A newly created token, with its secret shown this once."""

    token = serializers.CharField(read_only=True, help_text="The secret; it is not shown again.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]
        read_only_fields = fields
