"""Make data/dfe-ehcp-2025/ from DfE's published release (run once, by hand, when a new release comes out).

    python scripts/extract_dfe_ehcp.py /path/to/dfe-ehcp-2025 data/dfe-ehcp-2025

Keeps only the rows and columns the service shows (the totals of each file, plus active plans by age and
by primary need), with every cell exactly as published: suppression codes ("x", "z", "c", "low", ...) stay
as they are, so the loader can show them as "not available" and never as zero."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

GEOGRAPHY = ["time_period", "geographic_level", "region_code", "region_name", "new_la_code", "old_la_code", "la_name"]
FILES = {
    # file: (breakdown topics kept, columns kept besides GEOGRAPHY + breakdown_topic + breakdown)
    "timeliness_20_week": (
        {"All EHC plans issued"},
        [
            "plans_issued_den",
            "plans_issued_within_20_weeks",
            "pc_plans_issued_within_20_weeks",
            "plans_issued_den_ex",
            "plans_issued_20_weeks_ex",
            "PC_plans_issued_20_weeks_ex",
        ],
    ),
    "requests": (
        {"All requests for EHC needs assessments"},
        [
            "requests_received_in_year",
            "requests_decided_to_assess",
            "requests_decided_not_to_assess",
            "request_not_assess_pc",
            "request_outcome_six_weeks",
            "request_outcome_six_weeks_pc",
        ],
    ),
    "caseload": (
        {"All EHC plans", "Child or young persons age"},
        [
            "ehcplans",
            "mainstream_total",
            "mainstream_la_maintained_resourced_provision",
            "mainstream_la_maintained_senunit",
            "mainstream_academy_resourced_provision",
            "mainstream_academy_senunit",
            "mainstream_free_school_resourced_provision",
            "mainstream_free_school_senunit",
            "mainstream_independent",
            "special_total",
            "special_independent",
            "special_non_maintained",
        ],
    ),
    "sen_needs_all_plans": (
        {"All EHC plans"},
        [
            "ehc_plans",
            "number_asd",
            "number_hi",
            "number_mld",
            "number_msi",
            "number_oth",
            "number_pd",
            "number_pmld",
            "number_semh",
            "number_slcn",
            "number_sld",
            "number_spld",
            "number_vi",
            "number_need_unknown",
        ],
    ),
    "annual_reviews": (
        {"All annual reviews"},
        ["review_expected", "number_decsion_4weeks", "number_decision_gt_4weeks", "pc_decsion_4weeks"],
    ),
}


def main(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name, (topics, columns) in FILES.items():
        with open(source / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
            rows = [row for row in csv.DictReader(handle) if row["breakdown_topic"] in topics]
        header = [*GEOGRAPHY, "breakdown_topic", "breakdown", *columns]
        with open(target / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            for row in rows:
                writer.writerow([row[c] for c in header])
        print(f"{name}.csv: {len(rows)} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
