"""Record staff who are refused another council's records (issue 12 L9), and alert on a burst.

A staff page answers 404 for another council's case or disagreement exactly as for one that does not
exist; this hook, after the response, tells the two apart and records an audit event (the count, the
route and the address; no personal data). Five or more in an hour logs a security alert."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask, g, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from service.data.probing import OWNERS, owning_council, record_denied

BURST = 5
WINDOW = timedelta(hours=1)
log = logging.getLogger("service.security")


def init_probe_audit(app: Flask) -> None:
    @app.after_request
    def record_cross_council_probe(response: Response) -> Response:
        if response.status_code != 404 or not request.view_args or not request.url_rule:
            return response
        user = g.get("staff_user")
        if user is None:
            return response
        for kind in OWNERS:
            record_id = request.view_args.get(kind)
            if not isinstance(record_id, int):
                continue
            try:
                owner = owning_council(kind, record_id)
                if owner is None or owner == user.local_authority_id:
                    continue
                count = record_denied(user, kind, request.url_rule.rule, request.remote_addr or "", WINDOW)
            except SQLAlchemyError:
                log.exception("Could not record a cross-council denial")
                continue
            if count >= BURST:
                log.warning(
                    "Security alert: staff:%s was refused %s other councils' records in the last hour",
                    user.id,
                    count,
                )
            break
        return response
