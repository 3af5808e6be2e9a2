"""Fixtures of the single sign-on tests: settings for a provider and the fake provider itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import responses
from django.core.cache import cache

from config.sso_environment import authentication_backends, read_sso_environment
from tests.accounts.sso_provider import SSO_ENV, FakeProvider


@pytest.fixture
def configure_sso(settings: Any) -> Iterator[Callable[..., None]]:
    """Apply single sign-on settings as the environment would give them."""

    def apply(**environment: str) -> None:
        sso = read_sso_environment(environment)
        settings.BREACHDESK_SSO = sso
        settings.AUTHENTICATION_BACKENDS = authentication_backends(sso)
        cache.clear()

    yield apply
    cache.clear()


@pytest.fixture
def provider(configure_sso: Callable[..., None]) -> Iterator[FakeProvider]:
    """Single sign-on against the fake provider (every other HTTP request fails the test)."""
    configure_sso(**SSO_ENV)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeProvider(mock)
