"""Pages answer GET, form pages GET and POST, lifecycle buttons POST; other methods get 405."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/board/", "/incidents/", "/incidents/{ref}/", "/tasks/", "/tasks/mine/"]
FORMS = ["/incidents/new/", "/incidents/{ref}/facts/", "/settings/preferences/"]


@pytest.mark.parametrize("path", PAGES + ["/teams/legal/tasks/"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_pages_only_answer_get(client_for, make_incident, path: str, method: str) -> None:
    url = path.format(ref=make_incident().reference)
    assert getattr(client_for("admin"), method)(url).status_code == 405


@pytest.mark.parametrize("path", [*FORMS, "/settings/organisation/"])
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_form_pages_only_answer_get_and_post(client_for, make_incident, path, method) -> None:
    url = path.format(ref=make_incident().reference)
    assert getattr(client_for("admin"), method)(url).status_code == 405
