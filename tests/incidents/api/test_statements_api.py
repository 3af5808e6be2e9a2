"""/api/v1/statements/ and /api/v1/statement-versions/: draft → approved → published, one message."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from incidents.models import AuditEvent, Incident
from incidents.response.models import Statement, StatementVersion
from tests.factories import incident_create_for_test
from tests.incidents.builders import matrix_cell_check

URL = "/api/v1/statements/"
VERSIONS = "/api/v1/statement-versions/"
pytestmark = pytest.mark.django_db
DRAFTERS = {"pr", "legal", "dpo", "admin"}
APPROVERS = {"legal", "dpo", "admin"}
ALL_ROLES = {"security", "dpo", "legal", "pr", "executive", "admin"}


def start(client: APIClient, incident: Incident, audience: str = "media", **extra: Any) -> Any:
    body = {"incident": incident.pk, "audience": audience, "body": "We are investigating."}
    return client.post(URL, {**body, **extra}, format="json")


def draft(client: APIClient, statement_id: int, text: str) -> dict[str, Any]:
    response = client.post(f"{URL}{statement_id}/versions/", {"body": text}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def if_match(client: APIClient, version_id: int) -> dict[str, str]:
    """If-Match with the ETag the client reads for the version, as a client does before writing.

    A caller who may not read it sends none: its write must still be refused, never a 428.
    """
    response = client.get(f"{VERSIONS}{version_id}/")
    return {"HTTP_IF_MATCH": response["ETag"]} if response.status_code == 200 else {}


def edit(client: APIClient, version_id: int, body: dict[str, Any]) -> Any:
    """Edit a version's wording with the ETag just read."""
    url = f"{VERSIONS}{version_id}/"
    return client.patch(url, body, format="json", **if_match(client, version_id))


def approve(client: APIClient, version_id: int) -> Any:
    """Approve a version with the ETag just read."""
    return client.post(f"{VERSIONS}{version_id}/approve/", **if_match(client, version_id))


def publish(client: APIClient, version_id: int, body: dict[str, Any]) -> Any:
    """Publish a version with the ETag just read."""
    url = f"{VERSIONS}{version_id}/publish/"
    return client.post(url, body, format="json", **if_match(client, version_id))


def snapshot() -> list[tuple[Any, ...]]:
    """Every version's state, to show a refused request changed nothing."""
    return list(
        StatementVersion.objects.order_by("pk").values_list(
            "pk", "status", "is_current", "body", "approved_by", "published_at", "spokesperson"
        )
    )


def test_draft_approve_publish_with_approver_and_spokesperson(
    api_client_for, incident: Incident
) -> None:
    pr, dpo = api_client_for("pr"), api_client_for("dpo")
    created = start(pr, incident, spokesperson="Priya Shah")
    assert created.status_code == 201, created.json()
    statement = created.json()
    assert (statement["audience"], statement["current_version"]) == ("media", None)
    first = statement["versions"][0]
    assert (first["number"], first["status"], first["author_username"]) == (1, "draft", "pr")

    approved = approve(dpo, first["id"])
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "approved" and approved.json()["is_current"]
    assert approved.json()["approved_by_username"] == "dpo" and approved.json()["approved_at"]

    published = publish(pr, first["id"], {"channel": "Press release"})
    assert published.status_code == 200, published.json()
    body = published.json()
    assert (body["status"], body["spokesperson"], body["channel"]) == (
        "published",
        "Priya Shah",
        "Press release",
    )
    assert body["published_by_username"] == "pr" and body["published_at"]
    current = pr.get(f"{URL}{statement['id']}/").json()["current_version"]
    assert current["id"] == first["id"]
    timeline = AuditEvent.objects.filter(
        incident=incident, object_type__startswith="incidents.Statement"
    )
    assert [(e.action, e.actor_label) for e in timeline] == [
        ("create", "pr"),
        ("draft", "pr"),
        ("approve", "dpo"),
        ("publish", "pr"),
    ]


def test_only_one_current_version_per_audience(api_client_for, incident: Incident) -> None:
    pr, legal = api_client_for("pr"), api_client_for("legal")
    statement = start(pr, incident).json()
    v1 = statement["versions"][0]["id"]
    v2 = draft(pr, statement["id"], "We have contained the incident.")["id"]
    v3 = draft(pr, statement["id"], "We have contained the incident and told the authority.")["id"]
    assert approve(legal, v2).status_code == 200
    assert StatementVersion.objects.get(pk=v1).status == "superseded"  # an older draft
    assert approve(legal, v3).status_code == 200
    versions = {v.pk: v for v in StatementVersion.objects.filter(statement_id=statement["id"])}
    assert [(v.number, v.status, v.is_current) for v in versions.values()] == [
        (1, "superseded", False),
        (2, "superseded", False),
        (3, "approved", True),
    ]
    # An older draft cannot come back over a newer approved version.
    assert approve(legal, v2).status_code == 409
    # Another audience has its own current version.
    other = start(pr, incident, audience="staff").json()
    assert approve(legal, other["versions"][0]["id"]).status_code == 200
    assert StatementVersion.objects.filter(is_current=True).count() == 2


def test_the_database_refuses_a_second_current_version(api_client_for, incident) -> None:
    pr, dpo = api_client_for("pr"), api_client_for("dpo")
    statement = start(pr, incident).json()
    approve(dpo, statement["versions"][0]["id"])
    second = draft(pr, statement["id"], "Update.")
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementVersion.objects.filter(pk=second["id"]).update(
            status="approved", is_current=True, approved_at="2026-11-24T10:00:00Z"
        )


def test_a_second_statement_for_the_same_audience_is_a_409(api_client_for, incident) -> None:
    pr = api_client_for("pr")
    assert start(pr, incident).status_code == 201
    again = start(pr, incident)
    assert again.status_code == 409
    assert Statement.objects.count() == 1 and StatementVersion.objects.count() == 1


def test_approved_and_published_wording_is_never_edited(api_client_for, incident) -> None:
    pr, dpo = api_client_for("pr"), api_client_for("dpo")
    version = start(pr, incident).json()["versions"][0]["id"]
    edited = edit(pr, version, {"body": "We are investigating it."})
    assert edited.status_code == 200 and edited.json()["body"] == "We are investigating it."
    approve(dpo, version)
    before = snapshot()
    assert edit(pr, version, {"body": "Nothing happened."}).status_code == 409
    assert approve(dpo, version).status_code == 409
    assert snapshot() == before


def test_publishing_needs_the_current_approved_version_and_a_spokesperson(
    api_client_for, incident
) -> None:
    pr, dpo = api_client_for("pr"), api_client_for("dpo")
    version = start(pr, incident).json()["versions"][0]["id"]
    before = snapshot()
    assert publish(pr, version, {"spokesperson": "Priya"}).status_code == 409
    approve(dpo, version)
    before = snapshot()
    missing = publish(pr, version, {})
    assert missing.status_code == 400 and "spokesperson" in missing.json()
    assert snapshot() == before
    assert publish(pr, version, {"spokesperson": "Priya"}).status_code == 200
    before = snapshot()
    assert publish(pr, version, {"spokesperson": "Priya"}).status_code == 409
    assert snapshot() == before


def test_edits_and_actions_need_the_etag_of_the_version_read(api_client_for, incident) -> None:
    pr, dpo = api_client_for("pr"), api_client_for("dpo")
    version = start(pr, incident).json()["versions"][0]["id"]
    read = pr.get(f"{VERSIONS}{version}/")["ETag"]
    before, events = snapshot(), AuditEvent.objects.count()
    for response in (
        pr.patch(f"{VERSIONS}{version}/", {"body": "Edited"}, format="json"),
        dpo.post(f"{VERSIONS}{version}/approve/"),
        pr.post(f"{VERSIONS}{version}/publish/", {"spokesperson": "Priya"}, format="json"),
    ):
        assert response.status_code == 428
    assert snapshot() == before and AuditEvent.objects.count() == events
    edited = pr.patch(
        f"{VERSIONS}{version}/", {"body": "Edited"}, format="json", HTTP_IF_MATCH=read
    )
    assert edited.status_code == 200 and edited["ETag"] != read
    before = snapshot()
    # The DPO approves what PR showed them before the edit: refused, the wording changed.
    stale = dpo.post(f"{VERSIONS}{version}/approve/", HTTP_IF_MATCH=read)
    assert stale.status_code == 412
    assert snapshot() == before
    approved = dpo.post(f"{VERSIONS}{version}/approve/", HTTP_IF_MATCH=edited["ETag"])
    assert approved.status_code == 200 and approved.json()["body"] == "Edited"


# ---------------------------------------------------------------- the permission matrix

ACTIONS = {
    "list": ALL_ROLES,
    "retrieve": ALL_ROLES,
    "create": DRAFTERS,
    "add_version": DRAFTERS,
    "edit_draft": DRAFTERS,
    "approve": APPROVERS,
    "publish": DRAFTERS,
}


def prepared(api_client_for, incident: Incident) -> dict[str, int]:
    """A media statement with a draft, and a staff statement whose version is approved."""
    pr, dpo = api_client_for("pr"), api_client_for("dpo")
    media = start(pr, incident).json()
    staff = start(pr, incident, audience="staff").json()
    approve(dpo, staff["versions"][0]["id"])
    return {
        "media": media["id"],
        "draft": media["versions"][0]["id"],
        "approved": staff["versions"][0]["id"],
    }


def perform(action: str, client: APIClient, ids: dict[str, int], incident: Incident) -> Any:
    if action == "list":
        return client.get(URL)
    if action == "retrieve":
        return client.get(f"{URL}{ids['media']}/")
    if action == "create":
        return start(client, incident, audience="regulator")
    if action == "add_version":
        return client.post(f"{URL}{ids['media']}/versions/", {"body": "v2"}, format="json")
    if action == "edit_draft":
        return edit(client, ids["draft"], {"body": "Edited"})
    if action == "approve":
        return approve(client, ids["draft"])
    return publish(client, ids["approved"], {"spokesperson": "Priya"})


@pytest.mark.parametrize("persona", [*sorted(ALL_ROLES), "outsider", None])
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_permission_matrix(api_client_for, incident, action: str, persona: str | None) -> None:
    ids = prepared(api_client_for, incident)
    before = (Statement.objects.count(), snapshot(), AuditEvent.objects.count())
    response = perform(action, api_client_for(persona), ids, incident)
    if not matrix_cell_check(response, persona, ACTIONS[action]):
        assert (Statement.objects.count(), snapshot(), AuditEvent.objects.count()) == before


def test_approving_without_permission_says_who_may(api_client_for, incident) -> None:
    ids = prepared(api_client_for, incident)
    response = api_client_for("pr").post(f"{VERSIONS}{ids['draft']}/approve/")
    assert response.status_code == 403
    assert StatementVersion.objects.get(pk=ids["draft"]).status == "draft"


def test_pr_does_not_see_statements_of_incidents_it_is_not_on(
    api_client_for, personas, teams, incident
) -> None:
    prepared(api_client_for, incident)
    other = incident_create_for_test(actor=personas["security"])
    other.tasks.filter(team__code="pr-comms").delete()
    hidden = start(api_client_for("dpo"), other).json()
    pr = api_client_for("pr")
    assert {row["incident"] for row in pr.get(URL).json()["results"]} == {incident.pk}
    assert pr.get(f"{URL}{hidden['id']}/").status_code == 404
    refused = start(pr, other, audience="staff")
    assert refused.status_code == 400 and "incident" in refused.json()


# ---------------------------------------------------------------- bad input and queries


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param({"audience": "shareholders"}, {"audience"}, id="unknown-audience"),
        pytest.param({"body": ""}, {"body"}, id="empty-body"),
        pytest.param({"body": "x" * 50_001}, {"body"}, id="oversized-body"),
        pytest.param({"spokesperson": "x" * 201}, {"spokesperson"}, id="oversized-name"),
        pytest.param({"incident": 999_999}, {"incident"}, id="unknown-incident"),
        pytest.param({"tone": "calm"}, {"tone"}, id="unknown-field"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    api_client_for, incident, body: dict[str, Any], fields: set[str]
) -> None:
    payload = {"incident": incident.pk, "audience": "media", "body": "Text", **body}
    response = api_client_for("pr").post(URL, payload, format="json")
    assert response.status_code == 400
    assert set(response.json()) == fields
    assert Statement.objects.count() == 0 and StatementVersion.objects.count() == 0


def test_the_list_runs_a_constant_number_of_queries(
    api_client_for, personas, teams, django_assert_num_queries
) -> None:
    def build(count: int) -> None:
        for _ in range(count):
            created = incident_create_for_test(actor=personas["security"])
            for audience in ("media", "staff", "regulator"):
                statement = start(api_client_for("pr"), created, audience=audience).json()
                draft(api_client_for("pr"), statement["id"], "Second wording.")

    def measure(username: str) -> int:
        client = APIClient()
        client.force_authenticate(type(personas[username]).objects.get(username=username))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"page_size": 500}).status_code == 200
        return len(queries)

    build(1)
    small = {name: measure(name) for name in ("dpo", "pr")}
    build(3)
    large = {name: measure(name) for name in ("dpo", "pr")}
    # roles, count, page, versions with their people (visibility is a subquery)
    assert small == large == {"dpo": 4, "pr": 4}
