"""GOV.UK Notify delivery-status callbacks."""

from flask import Blueprint

bp = Blueprint("notify_callbacks", __name__, url_prefix="/notify")

# The pages register their routes on `bp`.
from service.journeys.notify_callbacks import routes  # noqa: E402, F401
