"""Legal entities API: every role reads the group's companies; administrators create and edit them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from config.etag import IF_MATCH, etag_response, expected_version
from config.fields import JsonBooleanField
from incidents.api.tasks import StrictSerializer
from incidents.choices import Nis2Entity
from incidents.models import LegalEntity, OrganisationProfile
from incidents.services import legal_entity_save

# API name → model field; the API speaks of officers and authorities, as the design does.
FIELDS = {
    "name": "legal_name",
    "country": "country",
    "registration_number": "registration_number",
    "address": "address",
    "sector": "sector",
    "officer_name": "dpo_name",
    "officer_email": "dpo_email",
    "officer_phone": "dpo_phone",
    "authority": "supervisory_authority",
    "authority_time_zone": "authority_time_zone",
    "is_cii_operator": "is_cii_operator",
    "is_state_organ": "is_state_organ",
    "dora_financial_entity": "dora_financial_entity",
    "dora_art_5_5": "dora_art_5_5",
    "nis2_entity": "nis2_entity",
    "hipaa_covered": "hipaa_covered",
    "sec_registrant": "sec_registrant",
}
HELP = {
    "officer_name": "DPO or PI-protection officer (GDPR Art. 33(3)(b), PIPL Art. 52).",
    "authority": "Lead supervisory authority or regulator.",
    "is_cii_operator": "Operates critical information infrastructure in China: the CAC's 1-hour "
    "clock applies.",
    "is_state_organ": "A central or state organ in China: the CAC's 2-hour clock applies.",
    "dora_financial_entity": "A financial entity under DORA (Reg. 2022/2554); recorded for the "
    "DORA regime.",
    "dora_art_5_5": "An entity of Delegated Reg. 2025/301 Art. 5(5) (no weekend roll-over).",
    "nis2_entity": "NIS2 essential or important entity; blank when neither.",
    "hipaa_covered": "A HIPAA covered entity or business associate.",
    "sec_registrant": "Files with the US SEC (Form 8-K Item 1.05).",
}

FLAG_HELP = [name for name in HELP if name == FIELDS[name]]


class LegalEntitySerializer(serializers.ModelSerializer):
    """A company of the group, its officer, its authority and the flags that bring regimes in."""

    name = serializers.CharField(source="legal_name", read_only=True)
    officer_name = serializers.CharField(
        source="dpo_name", read_only=True, help_text=HELP["officer_name"]
    )
    officer_email = serializers.CharField(source="dpo_email", read_only=True)
    officer_phone = serializers.CharField(source="dpo_phone", read_only=True)
    authority = serializers.CharField(
        source="supervisory_authority", read_only=True, help_text=HELP["authority"]
    )

    class Meta:
        model = LegalEntity
        fields = ["id", *FIELDS]
        extra_kwargs = {name: {"help_text": HELP[name]} for name in FLAG_HELP}
        read_only_fields = fields


class LegalEntityWriteSerializer(StrictSerializer):
    """What an administrator may set on a company of the group."""

    name = serializers.CharField(max_length=200)
    country = serializers.RegexField(r"^[A-Z]{2}$", help_text="ISO 3166-1 alpha-2, capitals.")
    registration_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    address = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    sector = serializers.CharField(max_length=100, required=False, allow_blank=True)
    officer_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    officer_email = serializers.EmailField(required=False, allow_blank=True)
    officer_phone = serializers.CharField(max_length=50, required=False, allow_blank=True)
    authority = serializers.CharField(max_length=200, required=False, allow_blank=True)
    authority_time_zone = serializers.CharField(max_length=64, required=False, allow_blank=True)
    is_cii_operator = JsonBooleanField(required=False)
    is_state_organ = JsonBooleanField(required=False)
    dora_financial_entity = JsonBooleanField(required=False)
    dora_art_5_5 = JsonBooleanField(required=False)
    nis2_entity = serializers.ChoiceField(
        choices=Nis2Entity.choices, required=False, allow_blank=True
    )
    hipaa_covered = JsonBooleanField(required=False)
    sec_registrant = JsonBooleanField(required=False)

    def model_data(self) -> dict[str, Any]:
        """The validated data under the model's field names."""
        return {FIELDS[name]: value for name, value in self.validated_data.items()}


class LegalEntityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The organisation's legal entities; an incident's entities default to those concerned."""

    queryset = LegalEntity.objects.all()
    serializer_class = LegalEntitySerializer
    capability_by_action = {name: "settings.manage" for name in ("create", "partial_update")}
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["country"]
    ordering_fields = ["id", "country"]

    def get_queryset(self) -> Any:
        return LegalEntity.objects.filter(profile=OrganisationProfile.current()).order_by("pk")

    def get_serializer_class(self) -> Any:
        if self.action in ("create", "partial_update"):
            return LegalEntityWriteSerializer
        return LegalEntitySerializer

    @extend_schema(request=LegalEntityWriteSerializer, responses={201: LegalEntitySerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add a company of the group."""
        serializer = LegalEntityWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entity = legal_entity_save(
            actor=request.user,
            profile=OrganisationProfile.current(),
            entity=None,
            data=serializer.model_data(),
        )
        return etag_response(LegalEntitySerializer(entity).data, entity, status.HTTP_201_CREATED)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One company of the group, and its ETag for the If-Match of an edit."""
        entity = self.get_object()
        return etag_response(LegalEntitySerializer(entity).data, entity)

    @extend_schema(
        request=LegalEntityWriteSerializer,
        parameters=[IF_MATCH],
        responses={200: LegalEntitySerializer},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change a company of the group; send If-Match with the ETag of your last read."""
        entity = self.get_object()
        version = expected_version(request, entity)
        serializer = LegalEntityWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        entity = legal_entity_save(
            actor=request.user,
            profile=entity.profile,
            entity=entity,
            data=serializer.model_data(),
            expected_version=version,
        )
        return etag_response(LegalEntitySerializer(entity).data, entity)
