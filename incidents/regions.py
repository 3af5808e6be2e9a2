"""Regions of the people affected: ISO 3166-2 subdivision codes, checked against their country.

Some regimes apply per state or province (California, Québec, …), so an `affected_subjects` item
may name a region as well as a country. The codes are pycountry's ISO 3166-2 table. The API's
serializer and the one write path (`incidents.services`) both check with `regions_errors`, so the
API, the web form, the admin and imports refuse the same input under the same name.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

import pycountry
from django.utils.translation import gettext


@functools.cache
def subdivision_codes(country: str) -> frozenset[str]:
    """The ISO 3166-2 codes of a country's subdivisions (empty for an unknown country)."""
    found = pycountry.subdivisions.get(country_code=country.upper()) or ()
    return frozenset(subdivision.code for subdivision in found)


def region_normalise(value: Any) -> str:
    """A region as stored: trimmed, in capitals; blank when none was given."""
    return str(value or "").strip().upper()


def region_error(country: str, region: str) -> str | None:
    """Why `region` is not a subdivision of `country`, or None when it is (or is blank)."""
    if not region:
        return None
    if region in subdivision_codes(country):
        return None
    return gettext(
        "%(region)s is not an ISO 3166-2 subdivision code of %(country)s "
        "(e.g. US-CA for California)."
    ) % {"region": region, "country": country}


def regions_errors(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Errors of the rows' regions, each named `affected_subjects[i].region`."""
    errors: dict[str, list[str]] = {}
    for index, row in enumerate(rows):
        country = str(row.get("country") or "").upper()
        message = region_error(country, region_normalise(row.get("region")))
        if message:
            errors[f"affected_subjects[{index}].region"] = [message]
    return errors
