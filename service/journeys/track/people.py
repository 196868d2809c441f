"""Who is reading a family page: a young person asking for themself is spoken to as "you" and "your",
everyone else about the child by their first name (service.wording.tracker.Reader)."""

from __future__ import annotations

from service.auth.family import current_family
from service.data import family_view
from service.journeys.track import bp
from service.wording.tracker import Reader, reader


@bp.app_template_global("whose")
def whose(case) -> Reader:
    """How the family pages speak about this case to the person signed in."""
    return reader(family_view.is_young_person(current_family() or "", case), case.child_first_name)


def case_title(case, has_plan: bool) -> str:
    """The case page's title: "Amara's request" for a parent, "Your request" for the young person."""
    return f"{whose(case).Childs} {'plan' if has_plan else 'request'}"
