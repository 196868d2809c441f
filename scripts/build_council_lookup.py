"""Build data/council-lookup.json, the postcode-and-town to council lookup, from DfE's GIAS register.

Usage (from the repository root; re-runnable, the output depends only on the input):

    .venv/bin/python scripts/build_council_lookup.py [GIAS_CSV] [OUTPUT]

GIAS_CSV is a Get Information about Schools establishments export (plain CSV or .csv.gz, UTF-8) with the
columns `Postcode`, `Town`, `LA (code)` and `LA (name)`; it defaults to the copy the service ships,
data/gias/establishments-open-20250718.csv.gz. OUTPUT defaults to data/council-lookup.json.

Only establishments in the 153 councils of data/local-authorities.csv count (Welsh authorities and
"Does not apply" are left out). For each postcode district (outward code, "ME14") and each town, the
councils whose establishments are there, most establishments first; for a district that spans councils,
each of its sectors ("ME1 2") too, which is a closer answer. See service/domain/council_lookup.py.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.domain.council_lookup import FULL_POSTCODE, normalise_postcode, normalise_town  # noqa: E402

DEFAULT_INPUT = ROOT / "data" / "gias" / "establishments-open-20250718.csv.gz"
DEFAULT_OUTPUT = ROOT / "data" / "council-lookup.json"
COUNCILS = ROOT / "data" / "local-authorities.csv"


def _rows(path: Path):
    raw = path.read_bytes()
    text = gzip.decompress(raw).decode("utf-8") if path.suffix == ".gz" else raw.decode("utf-8-sig")
    yield from csv.DictReader(io.StringIO(text))


def _ranked(counts: dict[str, Counter[str]]) -> dict[str, list[str]]:
    return {
        key: [code for code, _ in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]
        for key, c in sorted(counts.items())
    }


def build(source: Path) -> dict:
    with COUNCILS.open(newline="", encoding="utf-8") as handle:
        councils = {row["old_la_code"] for row in csv.DictReader(handle)}
    districts: dict[str, Counter[str]] = defaultdict(Counter)
    sectors: dict[str, Counter[str]] = defaultdict(Counter)
    towns: dict[str, Counter[str]] = defaultdict(Counter)
    used = 0
    for row in _rows(source):
        code = (row.get("LA (code)") or "").strip()
        if code not in councils:
            continue
        used += 1
        postcode = (row.get("Postcode") or "").strip()
        if FULL_POSTCODE.match(postcode.replace(" ", "")):
            district, sector = normalise_postcode(postcode)
            districts[district][code] += 1
            sectors[sector][code] += 1
        town = normalise_town(row.get("Town") or "")
        if town:
            towns[town][code] += 1
    spanning = {district for district, found in districts.items() if len(found) > 1}
    return {
        "source": (
            "Department for Education, Get Information about Schools, establishments export "
            f"({source.name}); {used} establishments in England's 153 councils. Contains public sector "
            "information licensed under the Open Government Licence v3.0."
        ),
        "districts": _ranked(districts),
        "sectors": _ranked({s: c for s, c in sectors.items() if s.split(" ")[0] in spanning}),
        "towns": _ranked(towns),
    }


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_INPUT
    output = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUTPUT
    data = build(source)
    output.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{output}: {len(data['districts'])} districts, {len(data['sectors'])} sectors, {len(data['towns'])} towns")


if __name__ == "__main__":
    main(sys.argv)
