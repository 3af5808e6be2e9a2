"""The app bar at a laptop's width: every page link on one row, clear of the account links."""

from __future__ import annotations

import pytest

from incidents.models import UserPreference
from tests.browser.conftest import DESKTOP

pytestmark = pytest.mark.browser

# Each link's box and the account cluster's, as the reader's browser lays them out.
LAYOUT = """() => {
  const box = (element) => element.getBoundingClientRect();
  const links = [...document.querySelectorAll('#primary-nav a')].map(box);
  const account = box(document.querySelector('.appbar .account'));
  return {
    tops: links.map((link) => Math.round(link.top)),
    rights: links.map((link) => Math.round(link.right)),
    navTop: Math.min(...links.map((link) => link.top)),
    accountBottom: account.bottom,
    width: document.documentElement.scrollWidth,
  };
}"""


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
@pytest.mark.parametrize("name", ["dpo", "admin"])
def test_the_page_links_fit_one_row_at_1280_pixels(sign_in, people, name, language) -> None:
    UserPreference.objects.create(user=people[name], language=language)
    page = sign_in(name, viewport=DESKTOP)
    layout = page.evaluate(LAYOUT)
    assert len(layout["tops"]) >= 8  # a role that sees (nearly) every page
    assert len(set(layout["tops"])) == 1, layout["tops"]
    assert max(layout["rights"]) <= DESKTOP["width"]
    assert layout["navTop"] >= layout["accountBottom"] - 1
    assert layout["width"] <= DESKTOP["width"]
