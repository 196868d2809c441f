"""Downloads of clean documents when STORAGE=local (make run).

S3 storage hands out presigned URLs instead; this route is the local equivalent: the URL carries a
signed, expiring token naming the storage key, so only someone given the link by the service (after
its own access check) can use it, for 5 minutes at most.
"""

from __future__ import annotations

from flask import abort, send_file
from itsdangerous import BadSignature, SignatureExpired

from service.auth.access import declare_access
from service.clients.storage import local_download_serializer, storage
from service.journeys.local_downloads import bp


@bp.get("/download/<token>")
def local_download(token: str):
    serializer = local_download_serializer()
    try:
        data = serializer.loads(token, max_age=300)
        serializer.loads(token, max_age=int(data["max_age"]))
    except (BadSignature, SignatureExpired, KeyError, ValueError):
        abort(404)
    store = storage()
    if not hasattr(store, "clean_path"):
        abort(404)
    path = store.clean_path(data["key"])
    if not path.is_file():
        abort(404)
    return send_file(path, as_attachment=True, download_name=data["name"], max_age=0)


declare_access(local_download, "signed-link")
