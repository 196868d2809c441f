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

from bench.harness import gunicorn, load, migrated_postgres, report, sign_in_staff, statements_per_request  # noqa: E402
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


if __name__ == "__main__":
    main()
