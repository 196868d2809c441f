"""Issue 12 L6: a document download works only in the signed-in session that was allowed it, carries
no filename in its URL, and leaves no token in the logs."""

import io
import logging

from tests.integration.track.test_documents_and_messages import _add_document, _case
from tests.integration.track.test_family import _signed_in

BODY = b"%PDF-1.7 private report"


def _clean_document(app, case_id) -> str:
    from service.clients.storage import storage

    with app.app_context():
        storage().put_quarantine("l6-key", io.BytesIO(BODY), "application/pdf")
        storage().promote("l6-key")
    return _add_document(
        app, case_id, filename="Amara autism report.pdf", storage_key="l6-key", status="clean", uploaded_by="family"
    )


def test_l6_a_download_works_only_in_the_session_that_was_allowed_it(client, app, caplog):
    caplog.set_level(logging.INFO)
    _signed_in(client, app)
    case = _case(app)
    path = f"/your-cases/{case.id}/documents/{_clean_document(app, case.id)}"
    with client.get(path) as response:
        urls = [path, response.headers.get("Location", "")]
    stranger = app.test_client()
    for url in filter(None, urls):
        assert "autism" not in url and "report" not in url
        with stranger.get(url.split("localhost", 1)[-1]) as leaked:
            assert leaked.status_code in (302, 404) and BODY not in leaked.data, url
    with client.get(path) as download:
        assert download.status_code == 200 and download.data == BODY
        assert download.headers["Content-Disposition"].startswith("attachment;")
        assert "Amara autism report.pdf" in download.headers["Content-Disposition"]
        assert download.headers["Cache-Control"] == "no-store"
    assert "autism" not in caplog.text and "l6-key" not in caplog.text


def test_l6_the_access_log_keeps_tokens_out():
    """gunicorn's access log would carry whole paths (sign-in, resume and unlock tokens): it is off, and
    the app's own request log names only the route's pattern."""
    from service.config import REPO_ROOT

    settings: dict = {}
    exec((REPO_ROOT / "infra" / "gunicorn.conf.py").read_text(), settings)  # noqa: S102 - our own config file
    assert settings.get("accesslog") is None
