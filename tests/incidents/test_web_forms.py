"""Wall-clock times with an explicit zone: converted exactly, never guessed across DST."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from incidents.forms import CountryCountsField, utc_to_wall_clock, wall_clock_to_utc
from incidents.templatetags.breachdesk import countdown_text, deadline_tone

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("wall", "zone", "utc"),
    [
        pytest.param(
            datetime(2026, 3, 29, 1, 59),
            BERLIN,
            datetime(2026, 3, 29, 0, 59),
            id="before-spring-gap",
        ),
        pytest.param(
            datetime(2026, 3, 29, 3, 0), BERLIN, datetime(2026, 3, 29, 1, 0), id="after-spring-gap"
        ),
        pytest.param(
            datetime(2026, 10, 25, 1, 59),
            BERLIN,
            datetime(2026, 10, 24, 23, 59),
            id="before-fall-back",
        ),
        pytest.param(
            datetime(2026, 10, 25, 3, 0), BERLIN, datetime(2026, 10, 25, 2, 0), id="after-fall-back"
        ),
        pytest.param(
            datetime(2028, 2, 29, 23, 30), SHANGHAI, datetime(2028, 2, 29, 15, 30), id="leap-day"
        ),
        pytest.param(
            datetime(2026, 11, 1, 0, 30), NEW_YORK, datetime(2026, 11, 1, 4, 30), id="new-york-edt"
        ),
    ],
)
def test_wall_clock_times_convert_exactly(wall: datetime, zone, utc: datetime) -> None:
    converted = wall_clock_to_utc(wall, zone)
    assert converted == utc.replace(tzinfo=UTC)
    assert utc_to_wall_clock(converted, zone) == wall


@pytest.mark.parametrize(
    ("wall", "zone", "code"),
    [
        pytest.param(datetime(2026, 3, 29, 2, 0), BERLIN, "nonexistent", id="berlin-gap-start"),
        pytest.param(datetime(2026, 3, 29, 2, 59), BERLIN, "nonexistent", id="berlin-gap-end"),
        pytest.param(datetime(2026, 10, 25, 2, 0), BERLIN, "ambiguous", id="berlin-repeat-start"),
        pytest.param(datetime(2026, 10, 25, 2, 59), BERLIN, "ambiguous", id="berlin-repeat-end"),
        pytest.param(datetime(2026, 11, 1, 1, 30), NEW_YORK, "ambiguous", id="new-york-repeat"),
    ],
)
def test_times_a_clock_change_makes_unclear_are_refused(wall, zone, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        wall_clock_to_utc(wall, zone)
    assert error.value.code == code


def test_country_counts_are_read_in_several_spellings() -> None:
    field = CountryCountsField(required=False)
    assert field.clean("de 5, FR:7;\nit=0") == [
        {"country": "DE", "count": 5},
        {"country": "FR", "count": 7},
        {"country": "IT", "count": 0},
    ]
    assert field.prepare_value([{"country": "DE", "count": 5}]) == "DE 5"
    with pytest.raises(ValidationError):
        field.clean("Germany: many")


@pytest.mark.parametrize(
    ("seconds", "tone"),
    [
        pytest.param(-1, "overdue", id="just-after"),
        pytest.param(0, "urgent", id="at-deadline"),
        pytest.param(6 * 3600 - 1, "urgent", id="just-under-6h"),
        pytest.param(6 * 3600, "soon", id="at-6h"),
        pytest.param(24 * 3600 - 1, "soon", id="just-under-24h"),
        pytest.param(24 * 3600, "ok", id="at-24h"),
        pytest.param(None, "none", id="no-deadline"),
    ],
)
def test_deadline_colour_bands(seconds, tone: str) -> None:
    assert deadline_tone(seconds) == tone


def test_countdown_text_matches_the_scripts_format() -> None:
    assert countdown_text(3 * 86400 + 2 * 3600 + 5) == "3d 02:00:05 left"
    assert countdown_text(-61) == "overdue by 00:01:01"


@pytest.mark.parametrize(
    ("zone", "language"),
    [
        pytest.param("Europe/Berlin", "en", id="berlin-english"),
        pytest.param("UTC", "zh-hans", id="utc-chinese"),
        pytest.param("", "en", id="nothing-chosen"),
    ],
)
def test_reused_options_select_writes_what_a_plain_select_writes(zone: str, language: str) -> None:
    """The notice form's zone menu, rendered once and reused, is byte for byte Django's own."""
    from django import forms
    from django.utils import translation

    from incidents.forms.fields import ReusedOptionsSelect, time_zone_choices

    class Reused(forms.Form):
        time_zone = forms.ChoiceField(
            choices=time_zone_choices, widget=ReusedOptionsSelect, help_text="Zone."
        )

    class Plain(forms.Form):
        time_zone = forms.ChoiceField(choices=time_zone_choices, help_text="Zone.")

    with translation.override(language):
        for number in (1, 2):  # the second rendering comes from the cache
            data = {"time_zone": zone}
            reused = str(Reused(data, auto_id=f"id_o{number}_%s")["time_zone"])
            plain = str(Plain(data, auto_id=f"id_o{number}_%s")["time_zone"])
            assert reused == plain
            assert f'id="id_o{number}_time_zone"' in reused
            assert reused.count("<option") == len(time_zone_choices())
            assert (f'value="{zone}" selected' in reused) is bool(zone)
