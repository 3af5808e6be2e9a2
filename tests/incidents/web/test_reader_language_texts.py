"""Texts a page draws from elsewhere in the reader's language: country names from pycountry's
catalogues, default team names in the charts, the webhook address's label."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from incidents.forms.fields import country_choices
from incidents.learning.metrics import TeamResult
from incidents.learning.trend_charts import trend_charts
from incidents.learning.trends import TeamTaskLoad, Trends
from incidents.models import UserPreference
from incidents.views.learning import team_chart

READER_NAMES = [
    ("en", "DE · Germany", "XK · Kosovo", "Legal"),
    ("zh-hans", "DE · 德国", "XK · 科索沃", "法务"),
    ("zh-hant", "DE · 德國", "XK · 科索沃", "法務"),
]
# The common name where ISO has a formal one, as the reports name countries.
SOUTH_KOREA = {"en": "KR · South Korea", "zh-hans": "KR · 韩国", "zh-hant": "KR · 南韓"}


@pytest.mark.parametrize(("language", "germany", "kosovo", "_legal"), READER_NAMES)
def test_the_country_menu_names_countries_in_the_readers_language(
    language: str, germany: str, kosovo: str, _legal: str
) -> None:
    with translation.override(language):
        choices = dict(country_choices())
    assert choices["DE"] == germany and choices["XK"] == kosovo
    assert choices["KR"] == SOUTH_KOREA[language]
    assert len(choices) > 240 and list(choices) == sorted(choices)


@pytest.mark.django_db
def test_the_organisation_page_offers_countries_in_chinese(client_for, personas, organisation):
    UserPreference.objects.create(user=personas["admin"], language="zh-hant", time_zone="UTC")
    page = client_for("admin").get("/settings/organisation/").content.decode()
    assert ">DE · 德國</option>" in page and "Germany" not in page


def _team(name: str) -> TeamResult:
    return TeamResult(name, 2, 1, 0, 0, None, None, None)


@pytest.mark.parametrize(("language", "_germany", "_kosovo", "legal"), READER_NAMES)
def test_the_charts_name_default_teams_in_the_readers_language(
    language: str, _germany: str, _kosovo: str, legal: str
) -> None:
    trends = Trends(
        period_from=date(2026, 1, 1),
        period_to=date(2026, 1, 31),
        include_drills=False,
        months=["2026-01"],
        incidents=0,
        by_root_cause={},
        by_data_category={},
        notify_by_regime=[],
        tasks_by_team=[TeamTaskLoad("Legal", 3, 1), TeamTaskLoad("Night shift", 2, 0)],
    )
    progress = SimpleNamespace(teams=[_team("Legal"), _team("Night shift")])
    with translation.override(language):
        charts = [trend_charts(trends)["tasks"], team_chart(progress)]
    for chart in charts:
        labels = [text.text for text in chart.texts]
        # A team the organisation named keeps its name.
        assert legal in labels and "Night shift" in labels
        assert language == "en" or "Legal" not in labels


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "label"), [("zh-hans", "网址"), ("zh-hant", "網址")])
def test_the_webhook_address_is_labelled_in_the_readers_language(
    client_for, personas, language: str, label: str
) -> None:
    from notifications.models import Event
    from notifications.services import webhook_subscription_create

    subscription = webhook_subscription_create(
        actor=personas["admin"],
        data={"name": "SIEM", "url": "https://siem.example/hook", "events": [Event.values[0]]},
        now=timezone.now(),
    )
    UserPreference.objects.create(user=personas["admin"], language=language, time_zone="UTC")
    admin = client_for("admin")
    for path in (
        "/settings/webhooks/",
        "/settings/webhooks/new/",
        f"/settings/webhooks/{subscription.pk}/",
    ):
        page = admin.get(path).content.decode()
        assert label in page and ">URL<" not in page, path
