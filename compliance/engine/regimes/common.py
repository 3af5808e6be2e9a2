"""What the regime tables share: country groups and the roles that answer for a rule."""

from __future__ import annotations

EU_MEMBER_STATES: frozenset[str] = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
# The GDPR applies in the EEA: the EU plus Iceland, Liechtenstein and Norway.
EEA_COUNTRIES: frozenset[str] = EU_MEMBER_STATES | {"IS", "LI", "NO"}
UK_COUNTRIES: frozenset[str] = frozenset({"GB"})
CHINA_COUNTRIES: frozenset[str] = frozenset({"CN"})

CONTROLLER_ROLES: frozenset[str] = frozenset({"controller", "joint"})
PROCESSOR_ROLES: frozenset[str] = frozenset({"processor"})
ALL_ROLES: frozenset[str] = CONTROLLER_ROLES | PROCESSOR_ROLES
US_COUNTRIES: frozenset[str] = frozenset({"US"})

# The zone of each EU/EEA capital, for rules counted on the calendar of the entity's own
# Member State (DORA's weekend and holiday rule).
COUNTRY_ZONES: dict[str, str] = {
    **dict.fromkeys(
        "AT BE HR CZ DK FR DE HU IT LU MT NL PL SK SI ES SE NO LI".split(), "Europe/Paris"
    ),
    **dict.fromkeys("BG CY EE FI GR LV LT RO".split(), "Europe/Helsinki"),
    "IE": "Europe/Dublin",
    "PT": "Europe/Lisbon",
    "IS": "Atlantic/Reykjavik",
}
