"""The companies of the group: each answers to the regimes of its country and its flags."""

from __future__ import annotations

from django.db import models

from config.versioned import VersionedModel
from incidents.choices import Nis2Entity


class LegalEntity(VersionedModel):
    """A company of the group that answers to one or more regimes (controller or PI handler)."""

    profile = models.ForeignKey(
        "incidents.OrganisationProfile", on_delete=models.CASCADE, related_name="entities"
    )
    legal_name = models.CharField(max_length=200)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    registration_number = models.CharField(max_length=100, blank=True)
    address = models.TextField(blank=True)
    sector = models.CharField(max_length=100, blank=True)
    dpo_name = models.CharField(max_length=200, blank=True)
    dpo_email = models.EmailField(blank=True)
    dpo_phone = models.CharField(max_length=50, blank=True)
    supervisory_authority = models.CharField(max_length=200, blank=True)
    authority_time_zone = models.CharField(max_length=64, blank=True)
    is_cii_operator = models.BooleanField(default=False)
    is_state_organ = models.BooleanField(default=False)
    # Flags that bring further regimes in (docs/decision.md); recorded now, used as they land.
    dora_financial_entity = models.BooleanField(default=False)
    dora_art_5_5 = models.BooleanField(default=False)
    nis2_entity = models.CharField(max_length=10, choices=Nis2Entity.choices, blank=True)
    hipaa_covered = models.BooleanField(default=False)
    sec_registrant = models.BooleanField(default=False)
    # VersionedModel's counter, kept out of forms here: only the service counts it up.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "legal entities"

    def __str__(self) -> str:
        return f"{self.legal_name} ({self.country})"
