"""Server time of the main pages under gunicorn with 8 concurrent clients, on PostgreSQL.

Starts its own PostgreSQL cluster (like the tests), migrates, loads the demo data plus a synthetic
Kent caseload, runs gunicorn (4 workers x 2 threads), and for each page prints p50/p95 latency
(server and client, see bench/harness.py), requests per second and SQL statements per request.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests  # noqa: E402

from bench.harness import (  # noqa: E402
    csrf,
    gunicorn,
    load,
    migrated_postgres,
    percentile,
    report,
    sign_in_staff,
    statements_per_request,
)
from tests.conftest import make_config  # noqa: E402

SYNTHETIC_KENT_CASES = int(os.environ.get("BENCH_KENT_CASES", "20635"))


def seed(url: str) -> None:
    from sqlmodel import Session, create_engine, text

    from service import create_app
    from service.data.local_authorities import by_old_code, load_local_authorities
    from service.demo import seed_demo

    engine = create_engine(url)
    with Session(engine) as session:
        load_local_authorities(session)
        session.commit()
    app = create_app(make_config(url))
    with app.app_context():
        seed_demo(date.today())
        kent = by_old_code("886").id
    rng = random.Random(886)
    today = date.today()
    rows = []
    for i in range(SYNTHETIC_KENT_CASES):
        received = today - timedelta(days=rng.randint(0, 400))
        due = received + timedelta(days=rng.choice([42, 42, 98, 112, 140]))
        rows.append(
            {
                "ref": f"S{i:07d}",
                "la": kent,
                "received": received,
                "due": due,
                "first": rng.choice(["Ava", "Noah", "Mia", "Leo", "Isla", "Omar", "Zara", "Finn"]),
                "last": rng.choice(["Smith", "Jones", "Patel", "Khan", "Brown", "Taylor", "Evans", "Walker"])
                + str(i % 500),
                "dob": date(2008, 1, 1) + timedelta(days=rng.randint(0, 6000)),
                "stage": rng.choice(["request_received", "assessing", "draft_issued", "final_issued"]),
            }
        )
    insert = text(
        "INSERT INTO ehc_case (reference, local_authority_id, stage, source, received_on, child_first_name, child_last_name,"
        " child_date_of_birth, child_address, child_postcode, current_setting_type, current_setting_name, upn, requester_role,"
        " requester_name, requester_relationship, requester_email, requester_mobile, contact_preference, requester_postal_address,"
        " communication_needs, needs, current_support, support_tried, hopes, child_views, professionals, consent_to_share,"
        " named_setting, next_due_on, next_due_key, exceptions_apply, version, created_at, updated_at) VALUES (:ref, :la, :stage,"
        " 'online', :received, :first, :last, :dob, '', '', '', '', '', 'parent', 'Parent', '', 'synthetic@example.com', '',"
        " 'email', '', '{}', '', '', '', '', '', '[]', true, '', :due, 'decision_to_assess', false, 1, now(), now())"
    )
    with engine.begin() as connection:
        connection.execute(insert, rows)
        connection.execute(text("ANALYZE"))
    engine.dispose()


def answered_request(base: str, url: str) -> dict:
    """A family's session with every page of the request journey answered (as far as check answers)."""
    from sqlmodel import Session, create_engine, select

    from service.models import LocalAuthority
    from tests.integration.request_assessment.journey import GOOD_ANSWERS

    engine = create_engine(url)
    with Session(engine) as session:
        kent = session.exec(select(LocalAuthority.id).where(LocalAuthority.name == "Kent")).one()
    engine.dispose()
    answers = {**GOOD_ANSWERS, "local-authority": {"local_authority": str(kent)}}
    s = requests.Session()
    path = s.get(base + "/request", allow_redirects=False, timeout=30).headers["Location"]
    for _ in range(20):
        slug = path.rsplit("/", 1)[-1].split("?")[0]
        if slug == "check-answers":
            return s.cookies.get_dict()
        data = {"professionals": {"action": "continue"}, "evidence": {"action": "continue"}}.get(slug)
        data = data or ({"consent": "y", "declaration": "y"} if slug == "consent" else answers[slug])
        address = path if path.startswith("http") else base + path
        response = s.post(address, data={**data, "csrf_token": csrf(s, address)}, allow_redirects=False, timeout=30)
        assert response.status_code == 302, (slug, response.status_code)
        path = response.headers["Location"]
    raise AssertionError("the journey did not reach check answers")


def main() -> None:
    with migrated_postgres() as url:
        seed(url)
        with gunicorn(url) as base:
            print(f"bench_pages_synthetic_kent_cases: {SYNTHETIC_KENT_CASES} cases")
            staff = sign_in_staff(base, url)
            pages = [
                ("start_page", "/", {}),
                ("request_question_page", "/request/who", None),
                ("caseload_default", "/staff/cases", staff),
                ("caseload_overdue_filter", "/staff/cases?overdue=yes", staff),
                ("caseload_stage_filter", "/staff/cases?stage=assessing", staff),
                ("caseload_search", "/staff/cases?q=Patel7", staff),
                ("caseload_page_50", "/staff/cases?page=50&sort=received", staff),
            ]
            for name, path, cookies in pages:
                if cookies is None:  # a family with a draft: start one and keep its session
                    s = requests.Session()
                    s.get(base + "/request")
                    cookies = s.cookies.get_dict()
                report(name, load(base, path, cookies), statements_per_request(url, path, cookies))
            # Every page of the request journey, GET with every answer given (target server p95 < 50 ms).
            from service.journeys.request_assessment.steps import ORDER

            family = answered_request(base, url)
            worst = 0.0
            for slug in ORDER:
                if slug == "your-setting":
                    continue  # asked of professionals only; this family is a parent
                path = f"/request/{slug}"
                result = load(base, path, family, total=160)
                name = "request_" + slug.replace("-", "_")
                report(name, result, statements_per_request(url, path, family))
                worst = max(worst, percentile(result.server_ms, 0.95))
            print(f"request_journey_worst_server_p95_ms: {worst:.1f} ms")
            print(f"request_journey_server_p95_target_met: {int(worst < 50)} bool")


if __name__ == "__main__":
    main()
