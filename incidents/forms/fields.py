"""Form fields for incident facts: wall-clock times placed by an explicit zone, country counts."""

from __future__ import annotations

import copy
import functools
import gettext
import re
import zoneinfo
from datetime import UTC, datetime
from typing import Any

import pycountry
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from compliance.wording import text

WALL_CLOCK_FORMATS = (
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
)
# "DE 1200", or a region (ISO 3166-2) in place of its country: "US-CA 600".
COUNTRY_COUNT = re.compile(r"^([A-Za-z]{2})(-[A-Za-z0-9]{1,3})?\s*[:=]?\s*(\d+)$")


class ReusedOptionsSelect(forms.Select):
    """A select whose options are rendered once per choice list, selection and language.

    A deadline board page carries a notice form per obligation, each with the ~600 time zones:
    rendering every option through the template engine again took about two seconds a page.
    The HTML is forms.Select's own: the options are cut from one full rendering and put into
    the rendering of an empty select with this field's name and attributes.
    """

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        # Choices from a function (time_zone_choices, cached) are known by the function, which
        # spares normalising 600 of them per form; a fixed list is known by its content.
        choices = getattr(self.choices, "func", None) or tuple(self.choices)
        selected = tuple(self.format_value(value))
        options = _rendered_options(choices, selected, get_language(), renderer)
        empty = self._without_options()
        shell = forms.Select.render(empty, name, value, attrs, renderer)
        head, _closing, tail = shell.rpartition(SELECT_END)
        return mark_safe(head + options + SELECT_END + tail)

    def use_required_attribute(self, initial: Any) -> bool:
        # forms.Select asks whether the first choice is empty, normalising every choice of a
        # function's list to find out; the first choice of a function's list is known once.
        func = getattr(self.choices, "func", None)
        if func is None:
            return super().use_required_attribute(initial)
        first = _first_choice(func)
        return (
            forms.Widget.use_required_attribute(self, initial)
            and first is not None
            and self._choice_has_empty_value(first)
        )

    def _without_options(self) -> forms.Select:
        empty = copy.copy(self)
        empty.choices = []
        return empty


SELECT_END = "\n</select>"


@functools.lru_cache(maxsize=16)
def _first_choice(func: Any) -> Any:
    return next(iter(forms.Select(choices=func).choices), None)


@functools.lru_cache(maxsize=64)
def _rendered_options(
    choices: Any, selected: tuple[str, ...], language: str | None, renderer: Any
) -> str:
    """The options' HTML of a select of `choices` (or a function's) with `selected` chosen."""
    full = forms.Select(choices=choices).render("options", list(selected), renderer=renderer)
    shell = forms.Select(choices=()).render("options", list(selected), renderer=renderer)
    start = len(shell.rpartition(SELECT_END)[0])
    return full[start : full.rindex(SELECT_END)]


@functools.cache
def time_zone_choices() -> list[tuple[str, str]]:
    """IANA zones people pick from (UTC first; legacy aliases left out)."""
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/", "US/"))
    )
    return [("UTC", "UTC")] + [(name, name.replace("_", " ")) for name in names]


# The reader's language → the locale of pycountry's ISO 3166-1 catalogue (names as written in
# mainland China and in Taiwan).
COUNTRY_NAME_LOCALES = {"zh-hans": "zh_CN", "zh-hant": "zh_TW"}


def country_choices() -> list[tuple[str, str]]:
    """ISO 3166-1 alpha-2 codes with their names in the reader's language."""
    return _country_choices(get_language() or "en")


@functools.cache
def _country_choices(language: str) -> list[tuple[str, str]]:
    names = country_names(language)
    # The common name where ISO has a formal one ("South Korea", not "Korea, Republic of"), as
    # the reports name countries (compliance.reporting.labels.country_name).
    rows = [
        (c.alpha_2, f"{c.alpha_2} · {names.gettext(getattr(c, 'common_name', None) or c.name)}")
        for c in pycountry.countries
    ]
    # Kosovo's code is user-assigned, outside ISO 3166-1: its name is this project's message.
    with translation.override(language):
        kosovo = _("Kosovo")
    return sorted([*rows, ("XK", f"XK · {kosovo}")])


def country_names(language: str) -> gettext.NullTranslations:
    """pycountry's ISO 3166-1 names in a language (English when it ships none for it)."""
    locale = COUNTRY_NAME_LOCALES.get(language.lower(), translation.to_locale(language))
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True
    )


def blank_choice(choices: list[tuple[str, str]]) -> list[tuple[str, Any]]:
    """Prefix a choice list with an empty 'not known yet' entry."""
    return [("", _("— not known yet —"))] + list(choices)


def wall_clock_to_utc(value: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """Turn a wall-clock time in a zone into UTC, refusing times a DST change makes unclear."""
    earlier, later = value.replace(tzinfo=zone, fold=0), value.replace(tzinfo=zone, fold=1)
    if earlier.utcoffset() != later.utcoffset():
        round_trip = earlier.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        if round_trip != value:
            raise ValidationError(
                _("%(time)s does not exist in %(zone)s: the clocks went forward then."),
                code="nonexistent",
                params={"time": value.strftime("%Y-%m-%d %H:%M"), "zone": zone.key},
            )
        raise ValidationError(
            _(
                "%(time)s happened twice in %(zone)s (the clocks went back); "
                "enter it in UTC so it is unambiguous."
            ),
            code="ambiguous",
            params={"time": value.strftime("%Y-%m-%d %H:%M"), "zone": zone.key},
        )
    return earlier.astimezone(UTC)


def utc_to_wall_clock(value: datetime | None, zone: zoneinfo.ZoneInfo) -> datetime | None:
    """Show a stored instant as a wall-clock time in a zone (whole seconds, as the input shows)."""
    if value is None:
        return None
    return value.astimezone(zone).replace(tzinfo=None, microsecond=0)


class WallClockField(forms.Field):
    """A date and time without offset from a datetime-local input; the form's zone places it."""

    widget = forms.DateTimeInput(
        attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"
    )
    default_error_messages = {"invalid": _("Enter a date and time, e.g. 2026-03-28 10:00.")}

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        for pattern in WALL_CLOCK_FORMATS:
            try:
                return datetime.strptime(str(value).strip(), pattern)
            except ValueError:
                continue
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class CountryCountsField(forms.CharField):
    """People affected per country or region, written 'DE 1200, FR 300, US-CA 600'."""

    default_error_messages = {
        "invalid": _("Write a country code and a count per entry, e.g. DE 1200, FR 300."),
    }

    def to_python(self, value: Any) -> list[dict[str, Any]]:
        if isinstance(value, list):
            return value
        text = super().to_python(value)
        rows = []
        for entry in filter(None, (part.strip() for part in re.split(r"[,;\n]", text))):
            match = COUNTRY_COUNT.match(entry)
            if not match:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            country, region, count = match.groups()
            row: dict[str, Any] = {"country": country.upper(), "count": int(count)}
            if region:
                row["region"] = (country + region).upper()
            rows.append(row)
        return rows

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(
                f"{row.get('region') or row['country']} {row['count']}" for row in value
            )
        return value


def checkbox_choices(choices: list[tuple[str, Any]], label: Any) -> forms.MultipleChoiceField:
    """A set of tick boxes."""
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


def text_area(label: Any, rows: int = 3, **kwargs: Any) -> forms.CharField:
    """An optional multi-line text."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=20_000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


def optional_choice(choices: list[tuple[str, Any]], label: Any) -> forms.ChoiceField:
    """A drop-down whose first entry means 'not known yet'."""
    return forms.ChoiceField(label=label, choices=blank_choice(choices), required=False)


class ContentChoiceField(forms.ModelChoiceField):
    """A choice of rows named by shipped content (teams, scenarios), in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        return text(str(obj))
