"""Which of the organisation's legal entities an incident concerns, from the people affected."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from compliance.engine.regimes import COUNTRY_REGIMES, REGIMES_BY_CODE

Id = TypeVar("Id")


def entities_concerned(*, countries: Iterable[str], entities: Sequence[tuple[Id, str]]) -> list[Id]:
    """Return the entities established where the affected people's regimes reach.

    An entity in Ireland answers for people in Germany (both under the GDPR), not a UK or a
    Chinese company of the group. With no country recorded, or none any entity answers for, the
    first entity stands in, as for an organisation with one company.
    """
    reach: set[str] = set()
    for country in countries:
        reach.add(country)
        for code in COUNTRY_REGIMES.get(country, ()):
            reach |= REGIMES_BY_CODE[code].countries
    concerned = [entity_id for entity_id, country in entities if country in reach]
    return concerned or [entity_id for entity_id, _ in entities[:1]]
