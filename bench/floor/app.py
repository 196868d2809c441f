"""The floor for issue 18: bare Flask rendering a 25-row GOV.UK table page through govuk-frontend-jinja.

No database, no session, no CSRF: what a GOV.UK page costs before the service does anything. The
bench serves it under the same gunicorn settings as the service and compares each page's throughput
and latency with it. The rows are made per request (as a service would read them), with fixed content.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from flask import Flask, render_template
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

HERE = Path(__file__).resolve().parent

app = Flask(__name__, static_folder=None)
app.jinja_loader = ChoiceLoader(
    [
        FileSystemLoader(str(HERE / "templates")),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ]
)
app.jinja_env.undefined = ChainableUndefined  # as the service: govuk-frontend-jinja calls macros without params
app.jinja_env.trim_blocks = True
app.jinja_env.lstrip_blocks = True

NAMES = ["Ava Smith", "Noah Jones", "Mia Patel", "Leo Khan", "Isla Brown", "Omar Taylor", "Zara Evans", "Finn Walker"]


@app.get("/")
def table_page():
    today = date(2026, 12, 1)
    rows = [
        [
            {"html": f'<a class="govuk-link" href="/cases/{n}">{NAMES[n % 8]}</a>'},
            {"text": f"S{n:07d}"},
            {"text": "Decision whether to assess"},
            {"text": (today + timedelta(days=n)).strftime("%-d %B %Y")},
        ]
        for n in range(25)
    ]
    return render_template("table.html", rows=rows)
