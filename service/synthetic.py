"""Synthetic caseloads for every local authority, for benches, query-plan tests and demos at scale.

For each council it makes (times `scale`):
- its stock of EHC plans (data/local-authorities.csv, ehc_plans_january_2025; Kent 20,635, about
  640,000 in England), received 1 to 12 years ago, all issued;
- a year's new requests (154,489 initial requests nationally in 2024, so about 0.242 a plan), received
  over the last 365 days and spread like the DfE figures for 2024: 25.2% refused, 84.8% decided within
  6 weeks, 6.4% of assessments end without a plan, 45.9% of plans issued within 20 weeks, a few
  exceptions and withdrawals; the rest are still open, many overdue;
- enough synthetic caseworkers for about 200 open cases each, who cannot sign in (no password);
- for a share of the cases with a draft or final plan (PLAN_SHARE), the plan itself as structured data
  (service.synthetic_plans): Draft 1, and the Final version once the final plan is issued, with the
  golden thread, so the plan benches run on plans.

Names come from Faker (en_GB) with a fixed seed, so a run is repeatable. Every synthetic case's
requester email ends in @synthetic.invalid (a reserved domain that can never receive mail), and a
re-run first deletes the synthetic cases of the councils it fills, so the command is idempotent.
Rows go in with PostgreSQL COPY; every stage and due date comes from the clock module.
"""

from __future__ import annotations

import io
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker
from sqlalchemy import bindparam, text

from service.data.caseload import forget_all_counts
from service.db import db
from service.domain.clock import (
    AdviceRequest,
    AssessmentFacts,
    ExceptionGround,
    ExceptionPhase,
    PlanFacts,
    TimeLimitException,
    add_months,
    assessment_timeline,
    next_council_due,
    next_review_due,
    phase_transfer_due,
    plan_timeline,
    stage,
)
from service.domain.ehcp.document import as_issued
from service.domain.phase import expected_transfer
from service.models import utcnow
from service.references import ALPHABET, check_character
from service.synthetic_plans import PlanSize, synthetic_document

SYNTHETIC_DOMAIN = "synthetic.invalid"
REQUESTS_PER_PLAN = 154_489 / 638_745
CASES_PER_CASEWORKER = 200
ADVICE_KINDS = ("educational_psychology", "health", "social_care")
SETTINGS = [("mainstream_school", 0.436), ("special_school", 0.304), ("early_years", 0.08), ("college", 0.18)]
SOURCES = [("online", 0.7), ("email", 0.15), ("post", 0.1), ("phone", 0.05)]
PLAN_SHARE = 0.03  # of the cases with a draft or final plan: those given the plan as data
PLAN_SIZE = PlanSize(needs=6, outcomes=5, provision=10)
PLAN_COLUMNS = (
    "id, case_id, local_authority_id, template_id, template_version, working, version, created_at, updated_at"
)
VERSION_COLUMNS = (
    "plan_id, case_id, local_authority_id, number, status, label, document, issued_on, issued_with_flags, "
    "override_reason, created_at"
)

CASE_COLUMNS = (
    "id, reference, local_authority_id, stage, source, received_on, child_first_name, child_last_name, "
    "child_date_of_birth, child_address, child_postcode, current_setting_type, current_setting_name, upn, "
    "requester_role, requester_name, requester_relationship, requester_email, requester_mobile, "
    "contact_preference, requester_postal_address, communication_needs, needs, current_support, support_tried, "
    "hopes, child_views, professionals, consent_to_share, decision_to_assess_on, decided_to_assess, "
    "decision_to_issue_on, decided_to_issue, draft_served_on, final_issued_on, named_setting, withdrawn_on, "
    "assigned_caseworker_id, next_due_on, next_due_key, exceptions_apply, version, created_at, updated_at, "
    "last_review_on, review_due_on, phase_transfer, phase_transfer_year, phase_transfer_due_on, primary_need"
)
# Primary needs of plans (SEN2 SENtype), spread like England's EHC plans in January 2025 (DfE, sen_needs_all_plans,
# OGL v3.0); "" is DfE's "need unknown". Drawn from their own random stream, so the other columns stay as before.
PRIMARY_NEEDS = [
    ("ASD", 201183), ("SLCN", 135836), ("SEMH", 132217), ("MLD", 67861), ("SLD", 25681), ("PD", 24897),
    ("SPLD", 14374), ("HI", 8765), ("PMLD", 8577), ("OTH", 7512), ("VI", 5280), ("MSI", 1692), ("", 4870),
]  # fmt: skip
# The share of plans whose annual review is overdue. The DfE does not publish how many reviews are late; this
# is a service choice, so the reviews-due list and its overdue filter have realistic work at Kent's scale.
REVIEW_OVERDUE_SHARE = 0.15


@dataclass
class Made:
    local_authorities: int = 0
    plans: int = 0
    requests: int = 0
    open_cases: int = 0
    overdue: int = 0
    reviews_overdue: int = 0
    phase_transfers: int = 0
    caseworkers: int = 0
    advice_requests: int = 0
    exceptions: int = 0
    structured_plans: int = 0
    plan_versions: int = 0


def _weighted(rng: random.Random, options: list[tuple[str, float]]) -> str:
    return rng.choices([o[0] for o in options], weights=[o[1] for o in options])[0]


class _References:
    """Unique references in the real format (with the check character), from the seeded generator."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self.rng = rng
        self.taken = taken

    def __call__(self) -> str:
        while True:
            body = "".join(self.rng.choice(ALPHABET) for _ in range(7))
            raw = body + check_character(body)
            reference = f"{raw[:4]}-{raw[4:]}"
            if reference not in self.taken:
                self.taken.add(reference)
                return reference


def _new_request_facts(rng: random.Random, received: date, today: date) -> tuple[AssessmentFacts, str]:
    """The facts of a request received on `received`, as far as they have happened by `today`."""

    def happened(day: date) -> date | None:
        return day if day <= today else None

    facts = AssessmentFacts(received_on=received)
    if rng.random() < 0.02:
        withdrawn = happened(received + timedelta(days=rng.randint(7, 120)))
        if withdrawn:
            return AssessmentFacts(received_on=received, withdrawn_on=withdrawn), ""
    decision_lag = rng.randint(14, 42) if rng.random() < 0.848 else rng.randint(43, 90)
    decided_on = happened(received + timedelta(days=decision_lag))
    if decided_on is None:
        return facts, ""
    if rng.random() < 0.252:
        return AssessmentFacts(received_on=received, decided_to_assess=False, decision_to_assess_on=decided_on), ""
    advice = []
    asked = decided_on + timedelta(days=rng.randint(0, 5))
    if asked <= today:
        for kind in ADVICE_KINDS:
            back = happened(asked + timedelta(days=rng.randint(20, 70)))
            advice.append(AdviceRequest(kind, asked, back))
    exceptions = ()
    if rng.random() < 0.04:
        start = received + timedelta(days=rng.randint(50, 100))
        if start <= today:
            exceptions = (
                TimeLimitException(
                    ExceptionPhase.FINAL_PLAN,
                    ExceptionGround.EXCEPTIONAL_PERSONAL_CIRCUMSTANCES,
                    start,
                    start + timedelta(days=28),
                    "Family bereavement (synthetic)",
                ),
            )
    facts = AssessmentFacts(
        received_on=received,
        decided_to_assess=True,
        decision_to_assess_on=decided_on,
        advice_requests=tuple(advice),
        exceptions=exceptions,
    )
    on_time = rng.random() < 0.459
    issue_decided = received + timedelta(days=rng.randint(70, 100) if on_time else rng.randint(90, 220))
    if rng.random() < 0.064:
        not_issue = happened(issue_decided)
        if not_issue is None:
            return facts, ""
        return AssessmentFacts(**{**_as_dict(facts), "decided_to_issue": False, "decision_to_issue_on": not_issue}), ""
    decided_issue = happened(issue_decided)
    if decided_issue is None:
        return facts, ""
    draft = happened(issue_decided + timedelta(days=rng.randint(0, 10)))
    final = None
    if draft is not None:
        target = received + timedelta(days=rng.randint(120, 140) if on_time else rng.randint(141, 400))
        final = happened(max(target, draft + timedelta(days=16)))
    setting = _weighted(rng, SETTINGS)
    return (
        AssessmentFacts(
            **{
                **_as_dict(facts),
                "decided_to_issue": True,
                "decision_to_issue_on": decided_issue,
                "draft_served_on": draft,
                "final_issued_on": final,
            }
        ),
        setting if final else "",
    )


def _as_dict(facts: AssessmentFacts) -> dict:
    return {name: getattr(facts, name) for name in AssessmentFacts.__slots__}


def _plan_facts(rng: random.Random, today: date) -> AssessmentFacts:
    received = today - timedelta(days=rng.randint(400, 12 * 365))
    assess = received + timedelta(days=rng.randint(14, 42))
    asked = assess + timedelta(days=rng.randint(0, 5))
    issue = received + timedelta(days=rng.randint(70, 160))
    draft = issue + timedelta(days=rng.randint(0, 10))
    final = max(received + timedelta(days=rng.randint(110, 300)), draft + timedelta(days=16))
    return AssessmentFacts(
        received_on=received,
        decided_to_assess=True,
        decision_to_assess_on=assess,
        advice_requests=tuple(AdviceRequest(kind, asked, asked + timedelta(days=35)) for kind in ADVICE_KINDS),
        decided_to_issue=True,
        decision_to_issue_on=issue,
        draft_served_on=draft,
        final_issued_on=final,
    )


def _review_facts(rng: random.Random, facts: AssessmentFacts, born: date, today: date) -> PlanFacts:
    """The plan's life so far: its last review held on a date that makes the next review due in the coming
    year, or (REVIEW_OVERDUE_SHARE of plans) up to 6 months ago; and the phase transfer next September that the
    date of birth gives (an infant school is never assumed). Due dates come from the clock."""
    issued = facts.final_issued_on
    assert issued is not None
    if rng.random() < REVIEW_OVERDUE_SHARE:
        target = today - timedelta(days=rng.randint(1, 180))
    else:
        target = today + timedelta(days=rng.randint(0, 364))
    last = add_months(target, -12)
    if last < add_months(born, 60):
        last = add_months(target, -6)  # under 5: reviewed every 6 months
    expected = expected_transfer(born, today)
    return PlanFacts(
        issued_on=issued,
        child_born_on=born,
        last_review_meeting_on=last if issued <= last < today else None,
        phase_transfer=expected[0] if expected else None,
        phase_transfer_year=expected[1] if expected else None,
    )


def _postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def _copy(cursor, table: str, columns: str, rows: list[tuple]) -> None:
    """COPY on PostgreSQL; executemany on SQLite (make run's default database)."""
    if not rows:
        return
    if _postgres():
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join("?" for _ in columns.split(","))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _new_ids(cursor, table: str, count: int) -> list[int]:
    if _postgres():
        cursor.execute(f"SELECT nextval('{table}_id_seq') FROM generate_series(1, %s)", (count,))
        return [r[0] for r in cursor.fetchall()]
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def _local_authorities(only_la: str | None) -> list[tuple[int, str, int]]:
    """(id, name, plans in January 2025) of the councils to fill: one by name or DfE code, or all."""
    rows = db.session.execute(
        text("SELECT id, name, old_la_code, ehc_plans_january_2025 FROM local_authority ORDER BY name")
    ).all()
    chosen = [(r.id, r.name, r.ehc_plans_january_2025 or 0) for r in rows]
    if only_la:
        wanted = only_la.strip().lower()
        chosen = [
            (r.id, r.name, r.ehc_plans_january_2025 or 0) for r in rows if wanted in (r.name.lower(), r.old_la_code)
        ]
        if not chosen:
            raise ValueError(f"No local authority is called {only_la}")
    return chosen


def _tables_referencing(table: str) -> list[tuple[str, str]]:
    """(table, column) of every foreign key to `table`, so a re-run clears rows other features added."""
    if not _postgres():
        names = db.session.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars().all()
        return [
            (name, fk[3])
            for name in names
            if name != table
            for fk in db.session.execute(text(f'PRAGMA foreign_key_list("{name}")')).all()
            if fk[2] == table
        ]
    query = text(
        "SELECT cl.relname, a.attname FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey) "
        "WHERE c.contype = 'f' AND c.confrelid = CAST(:table AS regclass) AND cl.relname <> CAST(:other AS name)"
    )
    return [(r[0], r[1]) for r in db.session.execute(query, {"table": table, "other": table})]


def _with_ids(sql: str):
    return text(sql).bindparams(bindparam("ids", expanding=True))


def delete_synthetic(la_ids: list[int]) -> None:
    """Remove earlier synthetic cases and caseworkers of these councils (children first)."""
    params = {"ids": la_ids, "pattern": f"%@{SYNTHETIC_DOMAIN}"}
    cases = "SELECT id FROM ehc_case WHERE local_authority_id IN :ids AND requester_email LIKE :pattern"
    plans = f"SELECT id FROM ehc_plan WHERE case_id IN ({cases})"
    versions = f"SELECT id FROM ehc_plan_version WHERE case_id IN ({cases})"
    for statement in (  # the plan's own children first: they point at the plan and its versions, not the case
        f"DELETE FROM ehc_plan_comment WHERE plan_version_id IN ({versions})",
        f"DELETE FROM ehc_plan_version WHERE case_id IN ({cases})",
        f"DELETE FROM ehc_plan_edit WHERE plan_id IN ({plans})",
        f"DELETE FROM ehc_plan WHERE case_id IN ({cases})",
    ):
        db.session.execute(_with_ids(statement), params)
    for table, column in _tables_referencing("ehc_case"):
        db.session.execute(_with_ids(f'DELETE FROM "{table}" WHERE "{column}" IN ({cases})'), params)
    db.session.execute(_with_ids(f"DELETE FROM ehc_case WHERE id IN ({cases})"), params)
    staff = "SELECT id FROM staff_user WHERE local_authority_id IN :ids AND email LIKE :pattern"
    db.session.execute(
        _with_ids(f"UPDATE ehc_case SET assigned_caseworker_id = NULL WHERE assigned_caseworker_id IN ({staff})"),
        params,
    )
    db.session.execute(_with_ids(f"DELETE FROM audit_event WHERE staff_user_id IN ({staff})"), params)
    db.session.execute(_with_ids(f"DELETE FROM staff_user WHERE id IN ({staff})"), params)


def generate(
    today: date,
    scale: float = 1.0,
    only_la: str | None = None,
    seed: int = 2025,
    progress: Callable[[str], None] | None = None,
    plan_share: float = PLAN_SHARE,
) -> Made:
    """Fill the councils with synthetic cases; returns what was made. Commits once per council."""
    if scale <= 0:
        raise ValueError("The scale must be more than 0")
    Faker.seed(seed)
    fake = Faker("en_GB")
    first_names = [fake.first_name() for _ in range(3000)]
    last_names = [fake.last_name() for _ in range(3000)]
    streets = [fake.street_address() for _ in range(2000)]
    postcodes = [fake.postcode() for _ in range(2000)]
    rng = random.Random(seed)
    plan_rng = random.Random(seed + 1)  # its own stream: the cases are the same with or without plans
    chosen = _local_authorities(only_la)
    delete_synthetic([c[0] for c in chosen])
    db.session.commit()
    taken = set(db.session.execute(text("SELECT reference FROM ehc_case")).scalars())
    new_reference = _References(rng, taken)
    made = Made()
    now = utcnow()
    raw = db.engine.raw_connection()
    try:
        for la_id, la_name, plan_stock in chosen:
            plans = round(plan_stock * scale)
            requests = round(plan_stock * REQUESTS_PER_PLAN * scale)
            if plans + requests == 0:
                continue
            open_estimate = max(1, round(requests * 0.45))
            caseworker_count = max(1, -(-open_estimate // CASES_PER_CASEWORKER))
            cursor = raw.cursor()
            caseworker_ids = _new_ids(cursor, "staff_user", caseworker_count)
            _copy(
                cursor,
                "staff_user",
                "id, local_authority_id, email, name, role, second_factor, mobile, failed_attempts, disabled, created_at",
                [
                    (
                        sid,
                        la_id,
                        f"caseworker{n + 1}.la{la_id}@{SYNTHETIC_DOMAIN}",
                        f"{rng.choice(first_names)} {rng.choice(last_names)}",
                        "caseworker",
                        "email",
                        "",
                        0,
                        False,
                        now,
                    )
                    for n, sid in enumerate(caseworker_ids)
                ],
            )
            case_ids = _new_ids(cursor, "ehc_case", plans + requests)
            case_rows, advice_rows, exception_rows = [], [], []
            planned: list[_Planned] = []
            need_rng = random.Random(f"primary-need-{la_id}")
            for index, case_id in enumerate(case_ids):
                if index < plans:
                    facts, setting = _plan_facts(rng, today), _weighted(rng, SETTINGS)
                else:
                    facts, setting = _new_request_facts(rng, today - timedelta(days=rng.randint(0, 364)), today)
                current = stage(facts)
                first, last = rng.choice(first_names), rng.choice(last_names)
                parent_first = rng.choice(first_names)
                age_years = rng.randint(1, 24)
                born = facts.received_on - timedelta(days=age_years * 365 + rng.randint(0, 364))
                duties = list(assessment_timeline(facts, today))
                life = None
                if facts.final_issued_on is not None:
                    life = _review_facts(rng, facts, born, today)
                    duties.extend(plan_timeline(life, today))
                urgent = next_council_due(duties)  # as refresh_clock: the council's most urgent duty
                is_open = urgent is not None
                made.plans += index < plans
                made.requests += index >= plans
                made.open_cases += is_open
                made.overdue += bool(urgent and urgent.due and urgent.due < today)
                review_due = next_review_due(life, today) if life else None
                transfer_due = (
                    phase_transfer_due(life.phase_transfer, life.phase_transfer_year or 0)
                    if life and life.phase_transfer
                    else None
                )
                made.reviews_overdue += bool(review_due and review_due < today)
                made.phase_transfers += bool(life and life.phase_transfer)
                young_person = age_years >= 16 and rng.random() < 0.3
                contact = rng.choices(["email", "sms", "post"], weights=[0.8, 0.15, 0.05])[0]
                setting_type = _weighted(rng, SETTINGS)
                case_rows.append(
                    (
                        case_id,
                        new_reference(),
                        la_id,
                        current.value,
                        _weighted(rng, SOURCES),
                        facts.received_on,
                        first,
                        last,
                        born,
                        rng.choice(streets),
                        rng.choice(postcodes),
                        setting_type,
                        f"{rng.choice(last_names)} {'Academy' if rng.random() < 0.5 else 'School'}",
                        "",
                        "young_person" if young_person else "parent",
                        f"{first} {last}" if young_person else f"{parent_first} {last}",
                        "" if young_person else "Parent",
                        f"{(first if young_person else parent_first).lower()}.{last.lower()}.{case_id}@{SYNTHETIC_DOMAIN}",
                        f"07700 9{rng.randint(0, 99999):05d}",
                        contact,
                        "",
                        json.dumps({"needs": ["interpreter"], "language": "Polish"}) if rng.random() < 0.05 else "{}",
                        "Synthetic needs description",
                        "",
                        "",
                        "",
                        "",
                        "[]",
                        True,
                        facts.decision_to_assess_on,
                        facts.decided_to_assess,
                        facts.decision_to_issue_on,
                        facts.decided_to_issue,
                        facts.draft_served_on,
                        facts.final_issued_on,
                        f"{rng.choice(last_names)} School" if setting and facts.final_issued_on else "",
                        facts.withdrawn_on,
                        rng.choice(caseworker_ids) if is_open else None,
                        urgent.due if urgent else None,
                        urgent.key if urgent else "",
                        any(e.phase == ExceptionPhase.FINAL_PLAN for e in facts.exceptions),
                        1,
                        now,
                        now,
                        life.last_review_meeting_on if life else None,
                        review_due,
                        life.phase_transfer.value if life and life.phase_transfer else "",
                        life.phase_transfer_year if life else None,
                        transfer_due,
                        _weighted(need_rng, PRIMARY_NEEDS) if facts.decided_to_issue else "",
                    )
                )
                if facts.draft_served_on and plan_rng.random() < plan_share:
                    row = case_rows[-1]
                    planned.append(_Planned(case_id, row[1], f"{first} {last}", born, row[12], facts, row[35]))
                for advice in facts.advice_requests:
                    advice_rows.append((case_id, advice.kind, advice.requested_on, advice.received_on, ""))
                for exc in facts.exceptions:
                    exception_rows.append(
                        (case_id, exc.phase.value, exc.ground.value, exc.starts_on, exc.ends_on, exc.evidence, now)
                    )
            _copy(cursor, "ehc_case", CASE_COLUMNS, case_rows)
            _copy(cursor, "advice_request", "case_id, kind, requested_on, received_on, adviser", advice_rows)
            _copy(
                cursor,
                "time_limit_exception",
                "case_id, phase, ground, starts_on, ends_on, evidence, created_at",
                exception_rows,
            )
            versions = _add_plans(cursor, la_id, la_name, planned, plan_rng, now)
            raw.commit()
            cursor.close()
            made.structured_plans += len(planned)
            made.plan_versions += versions
            made.local_authorities += 1
            made.caseworkers += caseworker_count
            made.advice_requests += len(advice_rows)
            made.exceptions += len(exception_rows)
            if progress:
                progress(f"{la_name}: {plans:,} plans and {requests:,} requests")
        forget_all_counts()
        cursor = raw.cursor()
        cursor.execute("ANALYZE ehc_case" if _postgres() else "ANALYZE")
        if _postgres():
            cursor.execute("ANALYZE advice_request")
            cursor.execute("ANALYZE ehc_plan")
            cursor.execute("ANALYZE ehc_plan_version")
        raw.commit()
        cursor.close()
    finally:
        raw.close()
    return made


@dataclass(frozen=True)
class _Planned:
    """A synthetic case that gets its plan as data."""

    case_id: int
    reference: str
    name: str
    born: date
    setting: str
    facts: AssessmentFacts
    named_setting: str


def _add_plans(cursor, la_id: int, la_name: str, planned: list[_Planned], rng: random.Random, now) -> int:
    """Each case's plan (its working copy) and its issued versions: Draft 1, and the Final once the final plan
    was issued (naming the setting). Returns the number of versions."""
    if not planned:
        return 0
    plan_ids = _new_ids(cursor, "ehc_plan", len(planned))
    plan_rows, version_rows = [], []
    for plan_id, case in zip(plan_ids, planned, strict=True):
        working = synthetic_document(
            rng, PLAN_SIZE, reference=case.reference, local_authority=la_name, name=case.name, born=case.born,
            setting=case.setting,
        )  # fmt: skip
        draft_on = case.facts.draft_served_on
        assert draft_on is not None
        issued = [as_issued(working, status="draft", version=1, label="Draft 1", issued_on=draft_on, officer="")]
        final_on = case.facts.final_issued_on
        if final_on is not None:
            placement = {"name": case.named_setting, "urn": "", "type": "Mainstream school", "attendance": "day"}
            working = {**working, "placement": placement}
            issued.append(
                as_issued(working, status="final", version=2, label="Final", issued_on=final_on, officer="Caseworker")
            )
        plan_rows.append(
            (plan_id, case.case_id, la_id, working["template"]["id"], working["template"]["version"],
             json.dumps(working), 1 + len(issued), now, now)
        )  # fmt: skip
        for document in issued:
            plan = document["plan"]
            version_rows.append(
                (plan_id, case.case_id, la_id, plan["version"], plan["status"], plan["label"], json.dumps(document),
                 date.fromisoformat(plan["issued_on"]), "[]", "", now)
            )  # fmt: skip
    _copy(cursor, "ehc_plan", PLAN_COLUMNS, plan_rows)
    _copy(cursor, "ehc_plan_version", VERSION_COLUMNS, version_rows)
    return len(version_rows)


def describe(made: Made, seconds: float) -> list[str]:
    out = io.StringIO()
    councils = "1 local authority" if made.local_authorities == 1 else f"{made.local_authorities} local authorities"
    out.write(f"Synthetic data for {councils} in {seconds:.1f} seconds:\n")
    out.write(f"  {made.plans:,} cases with an EHC plan issued before this year\n")
    out.write(f"  {made.requests:,} requests received in the last 12 months\n")
    out.write(f"  {made.open_cases:,} cases open, {made.overdue:,} of them overdue\n")
    out.write(
        f"  {made.reviews_overdue:,} annual reviews overdue, {made.phase_transfers:,} phase transfers next September\n"
    )
    out.write(f"  {made.advice_requests:,} advice requests, {made.exceptions:,} exceptions\n")
    out.write(f"  {made.structured_plans:,} plans written as data, with {made.plan_versions:,} issued versions\n")
    out.write(f"  {made.caseworkers:,} synthetic caseworkers (they cannot sign in)")
    return out.getvalue().splitlines()


def run(today: date, scale: float, only_la: str | None, progress=None) -> list[str]:
    started = time.monotonic()
    made = generate(today, scale=scale, only_la=only_la, progress=progress)
    return describe(made, time.monotonic() - started)
