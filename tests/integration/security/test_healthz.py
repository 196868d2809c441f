"""Issue 12 L5: /healthz says which dependency is down, and is not 200 while writes or the queue fail."""

from service import create_app
from tests.conftest import make_config


def _read_only(url: str) -> str:
    """The same database through connections that refuse every write (as a replica or a full disk would)."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-c%20default_transaction_read_only%3Don"


def test_l5_healthz_is_503_and_names_the_database_when_writes_fail(migrated_database):
    app = create_app(make_config(_read_only(migrated_database)))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["database"] == "read-only" and body["down"] == ["database"]


def test_l5_healthz_is_503_and_names_the_queue_when_redis_is_down(migrated_database):
    from tests.services.ports import free_port

    app = create_app(make_config(migrated_database, REDIS_URL=f"redis://127.0.0.1:{free_port()}/0"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["queue"] == "down" and response.get_json()["down"] == ["queue"]


def test_l5_healthz_is_200_when_everything_is_up(migrated_database, redis_url):
    app = create_app(make_config(migrated_database, REDIS_URL=redis_url))
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "up", "queue": "up"}
