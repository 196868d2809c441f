"""The plan's JSON Schema is published at a stable public address, its "$id" built from SERVICE_URL."""

from __future__ import annotations

import json

from jsonschema import Draft202012Validator

from service import create_app
from service.domain.ehcp.document import schema
from tests.conftest import make_config


def test_the_schema_is_public_cacheable_and_names_its_own_address(client):
    response = client.get("/schemas/ehc-plan/1.json")
    assert response.status_code == 200
    assert response.mimetype == "application/schema+json"
    assert "public" in response.headers["Cache-Control"] and "max-age" in response.headers["Cache-Control"]
    published = json.loads(response.get_data(as_text=True))
    assert published["$id"] == "http://localhost/schemas/ehc-plan/1.json"
    assert published["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(published)
    assert {k: v for k, v in published.items() if k != "$id"} == {k: v for k, v in schema().items() if k != "$id"}
    again = client.get("/schemas/ehc-plan/1.json", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_a_forged_host_does_not_change_the_id(migrated_database):
    app = create_app(
        make_config(
            migrated_database,
            SERVICE_URL="https://plans.example.gov.uk",
            TRUSTED_HOSTS="plans.example.gov.uk,other.example.org",
        )
    )
    client = app.test_client()
    for host in ("plans.example.gov.uk", "other.example.org"):
        response = client.get("/schemas/ehc-plan/1.json", headers={"Host": host})
        assert response.status_code == 200
        assert json.loads(response.data)["$id"] == "https://plans.example.gov.uk/schemas/ehc-plan/1.json"
    assert client.get("/schemas/ehc-plan/1.json", headers={"Host": "evil.example.com"}).status_code == 400
