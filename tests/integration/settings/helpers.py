"""Load the small GIAS sample (tests/data/gias-sample.csv: 35 real rows, Kent, Leeds, special schools,
resourced provision, s41) and variants of it with a row changed, dropped or a column renamed."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from service.data.settings import LoadReport, load_gias
from service.db import db

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "gias-sample.csv"
TODAY = date(2026, 12, 1)


def load_sample(path: Path = SAMPLE, today: date = TODAY) -> LoadReport:
    report = load_gias(path, today)
    db.session.commit()
    return report


def variant(
    tmp_path: Path,
    *,
    change: dict[str, dict[str, str]] | None = None,
    drop: set[str] = frozenset(),
    rename: dict[str, str] | None = None,
) -> Path:
    """A copy of the sample with rows changed (URN -> {column: value}), URNs dropped or columns renamed."""
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = [row for row in reader if row["URN"] not in drop]
    for row in rows:
        row.update((change or {}).get(row["URN"], {}))
    renamed = [(rename or {}).get(name, name) for name in header]
    path = tmp_path / "gias.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(renamed)
        for row in rows:
            writer.writerow([row[name] for name in header])
    return path
