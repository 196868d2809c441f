"""The reviews due, /staff/reviews-due: the council's plans by the next annual review's due date, filtered on
the server by GET parameters (overdue, due this month, next month, within 3 months; a caseworker), paged.
The MoJ filter layout, as the caseload's; everything works without JavaScript."""

from __future__ import annotations

from flask import current_app, render_template, request, url_for

from service.auth.staff import current_local_authority, current_staff, staff_required
from service.data import reviews_due as data
from service.data.caseload import UNASSIGNED, assignable_choices
from service.journeys.staff.caseload import _page_number
from service.journeys.staff.routes import bp
from service.web import today_in_london
from service.wording.due import due_label

WHEN_LABELS = {
    "overdue": "Overdue",
    "this_month": "Due this month",
    "next_month": "Due next month",
    "three_months": "Due within 3 months",
}
MAX_ID_DIGITS = 9
REVIEWS_TAB = "staff.case_reviews"


def parse(args, today) -> data.ReviewsQuery:
    when = args.get("when", "")
    caseworker = args.get("caseworker", "")
    valid_worker = caseworker == UNASSIGNED or (
        caseworker.isascii() and caseworker.isdigit() and len(caseworker) <= MAX_ID_DIGITS
    )
    return data.ReviewsQuery(
        today=today,
        when=when if when in data.WHEN else "",
        caseworker=caseworker if valid_worker else "",
        page=_page_number(args.get("page", "")),
    )


def link(query: data.ReviewsQuery, **changes) -> str:
    values = {
        "when": query.when or None,
        "caseworker": query.caseworker or None,
        "page": query.page if query.page > 1 else None,
        **changes,
    }
    return url_for("staff.reviews_due", **{k: v for k, v in values.items() if v is not None})


@bp.get("/reviews-due")
@staff_required()
def reviews_due():
    user = current_staff()
    today = today_in_london()
    query = parse(request.args, today)
    counts = data.filter_counts(user.local_authority_id, today)
    # (id, name), kept per worker for the counts' 20 s as the caseload's bulk-assign list is (issue 18)
    people = assignable_choices(user.local_authority_id)
    names = {str(person_id): name for person_id, name in people}
    rows, total = data.reviews_due(user.local_authority_id, query, counts, dict(people))
    pages = max((total + data.PAGE_SIZE - 1) // data.PAGE_SIZE, 1)
    selected = []
    if query.when:
        selected.append(
            {
                "heading": "Review due",
                "items": [{"text": WHEN_LABELS[query.when], "href": link(query, when=None, page=None)}],
            }
        )
    if query.caseworker:
        text = "Not assigned" if query.caseworker == UNASSIGNED else names.get(query.caseworker, "Unknown caseworker")
        selected.append(
            {"heading": "Caseworker", "items": [{"text": text, "href": link(query, caseworker=None, page=None)}]}
        )
    return render_template(
        "staff/reviews_due/list.html",
        user=user,
        la=current_local_authority(),
        page_title="Reviews due",
        query=query,
        rows=rows,
        total=total,
        pages=pages,
        counts=counts,
        when_labels=WHEN_LABELS,
        people=people,
        selected=selected,
        link=link,
        due_label=due_label,
        # the case's reviews tab once it exists (another part of issue 15), else its summary
        case_endpoint=REVIEWS_TAB if REVIEWS_TAB in current_app.view_functions else "staff.case_record",
        today=today,
    )
