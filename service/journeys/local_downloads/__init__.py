"""Downloads of clean documents when STORAGE=local (make run): the local stand-in for S3's presigned URLs."""

from flask import Blueprint

bp = Blueprint("local_downloads", __name__, url_prefix="/documents")

# The pages register their routes on `bp`.
from service.journeys.local_downloads import routes  # noqa: E402, F401
