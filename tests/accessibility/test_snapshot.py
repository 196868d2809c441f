"""The reading-order snapshot's normaliser (snapshot.py): what varies between runs and days is replaced,
what a reader hears otherwise is kept."""

from __future__ import annotations

import pytest

from tests.accessibility import snapshot
from tests.accessibility.registry import JOURNEYS, SweepPage, journey_of, snapshot_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Decide whether to assess: due 3 March 2026", "Decide whether to assess: due <date>"),
        ("Tuesday 3 March 2026 at 2:30pm", "<date> at <time>"),
        ("Meeting on Tuesday 3 March", "Meeting on <date>"),
        ("Received 3 Mar 2026", "Received <date>"),
        ("2026-03-03 and 2026-03-03T14:05:00Z", "<date> and <date>"),
        ("Sent 03/11/2026 at 14:05", "Sent <date> at <time>"),
        ("Figures for March 2026", "Figures for <month>"),
        ("Academic year 2026 to 2027", "Academic year <year> to <year>"),
        ("Year 2026/27", "Year <year>/<year>"),
        ("Phase transfers in 2027", "Phase transfers in <year>"),
        ("You can enter up to 2000 characters", "You can enter up to 2000 characters"),
        ("12 days overdue, due in 3 working days", "<n> days overdue, due in <n> working days"),
        ("2 weeks late, 1 month ago, 11 months ago", "<n> weeks late, <n> month ago, <n> months ago"),
        ("aged 9, a 9-year-old", "aged <n>, a <n>-year-old"),
        ("Reference ABCD-EFG2", "Reference <ref>"),
        ("Reference 22PM-G7T3, quote 9AM2-2345", "Reference <ref>, quote <ref>"),
        ("Oliver Number12 and Parent 12", "Oliver Number<n> and Parent <n>"),
        ("Caseworker 7 at School organisation 4", "Caseworker <n> at School organisation <n>"),
        (
            "family.12@example.com, caseworker.3@886.example.gov.uk",
            "family.<n>@example.com, caseworker.<n>@886.example.gov.uk",
        ),
        ("professional.3@org17.example.org", "professional.<n>@org<n>.example.org"),
        ("id 0c5f3b8e-1d2a-4e5f-8a9b-0c1d2e3f4a5b", "id <id>"),
        ("token Zx8kQ2mN4pR6tV8wY0aB3c", "token <id>"),
        ("code: 4URI DZYH 7J4H WYBB FRAA MTJE ND6G ABEZ", "code: <secret>"),
        ("3 children, 1 High Street, URN 118393, Year 6", "3 children, 1 High Street, URN 118393, Year 6"),
        ("Section 19 of the Children and Families Act", "Section 19 of the Children and Families Act"),
        ('- textbox "Day": "3"\n- textbox "Month": "12"', '- textbox "Day": "<n>"\n- textbox "Month": "<n>"'),
        ('- textbox "Number of hours": "12"', '- textbox "Number of hours": "12"'),
        (
            '- deletion: "[removed: 7 ]"\n- insertion: "[added: 29 ]"',
            '- deletion: "[removed: <n> ]"\n- insertion: "[added: <n> ]"',
        ),
        (  # words among others are not a date
            '- definition:\n  - deletion: "[removed: End ]"\n  - insertion: "[added: July ]"\n'
            '  - deletion: "[removed: of Year 2 ]"',
            '- definition:\n  - deletion: "[removed: End ]"\n  - insertion: "[added: July ]"\n'
            '  - deletion: "[removed: of Year 2 ]"',
        ),
        (  # a changed date reads the same whichever of its parts today makes differ
            '- definition:\n  - deletion: "[removed: 7 ]"\n  - insertion: "[added: 29 ]"\n  - text: December 2026',
            "- definition:\n  - text: <changed date>",
        ),
        (
            '- definition:\n  - deletion: "[removed: 7 ]"\n  - insertion: "[added: 29 ]"\n'
            '  - deletion: "[removed: December ]"\n  - insertion: "[added: November ]"\n'
            '  - deletion: "[removed: 2025 ]"\n  - insertion: "[added: 2026 ]"\n- term: Name',
            "- definition:\n  - text: <changed date>\n- term: Name",
        ),
        ("- text: December\n- text: 2026", "- text: December\n- text: <year>"),
        (
            '# Focused on load: div "There is a problem The date must be after the decision (8 "',
            '# Focused on load: div "There is a problem The date must be after the decision (<n>"',
        ),
        (
            '# Focused on load: div "There is a problem The date must be after the decision (18"',
            '# Focused on load: div "There is a problem The date must be after the decision (<n>"',
        ),
        ('- deletion: "[removed: 2 hours a week ]"', '- deletion: "[removed: 2 hours a week ]"'),
    ],
)
def test_normalise(text, expected):
    assert snapshot.normalise(text) == expected


def test_normalising_twice_changes_nothing_more():
    text = "Tuesday 3 March 2026 at 2:30pm, 12 days overdue, ABCD-EFG2, Number12"
    once = snapshot.normalise(text)
    assert snapshot.normalise(once) == once


def test_link_destinations_are_dropped():
    raw = '- main:\n  - link "Change child\'s name":\n    - /url: /request/child-name?x=1\n  - link "Home":\n    - img "Logo"\n    - /url: /'
    assert snapshot.drop_urls(raw) == '- main:\n  - link "Change child\'s name"\n  - link "Home":\n    - img "Logo"'


def test_descriptions_go_on_the_line_of_their_control_in_order():
    raw = '- textbox "First name"\n- textbox "First name": Amara\n- link "Back"'
    described = [("textbox", "First name", "Error: Enter a name"), ("textbox", "First name", "A hint")]
    assert snapshot.with_descriptions(raw, described) == (
        '- textbox "First name"  # description: Error: Enter a name\n'
        '- textbox "First name": Amara  # description: A hint\n'
        '- link "Back"'
    )


def test_journey_order_files_each_state_in_its_journey():
    pages = [
        SweepPage("staff/case", "/"),
        SweepPage("request/child-name/error-empty", "/"),
        SweepPage("common/start", "/"),
        SweepPage("request/who/filled", "/"),
        SweepPage("request/child-name/filled", "/"),
    ]
    assert snapshot_names(pages) == {
        "common/start": "01-public/001-common__start.yaml",
        "request/who/filled": "02-request/001-request__who__filled.yaml",
        "request/child-name/error-empty": "02-request/002-request__child-name__error-empty.yaml",
        "request/child-name/filled": "02-request/003-request__child-name__filled.yaml",
        "staff/case": "06-staff-caseload/001-staff__case.yaml",
    }
    assert JOURNEYS[5][0] == "staff-caseload"


def test_a_prefix_matches_whole_segments_only():
    assert journey_of("request/setting/filled") != journey_of("request/settings-x")
    with pytest.raises(AssertionError, match="in no journey"):
        snapshot_names([SweepPage("nowhere/page", "/")])


@pytest.mark.browser
def test_a_recorded_snapshot_reads_the_title_focus_and_descriptions(page):
    page.set_content(
        """<!DOCTYPE html><html lang="en"><head><title>Error: Date of birth - Service - GOV.UK</title></head><body>
        <main><div class="govuk-error-summary" tabindex="-1"><div role="alert"><h2>There is a problem</h2></div></div>
        <h1>Date of birth</h1><label for="dob">Date of birth</label><div id="dob-hint">For example, 27 3 2007</div>
        <p id="dob-error">Error: Enter a date before 2 December 2026</p>
        <input id="dob" aria-describedby="dob-hint dob-error"><a href="/cases/1234/abc">Case ABCD-EFG2</a></main>
        <script>document.querySelector('.govuk-error-summary').focus()</script></body></html>"""
    )
    assert snapshot.record(page) == (
        "# Page title: Error: Date of birth - Service - GOV.UK\n"
        '# Focused on load: div "There is a problem"\n'
        "- main:\n"
        "  - alert:\n"
        '    - heading "There is a problem" [level=2]\n'
        '  - heading "Date of birth" [level=1]\n'
        "  - text: Date of birth For example, 27 3 <year>\n"
        '  - paragraph: "Error: Enter a date before <date>"\n'
        '  - textbox "Date of birth"  # description: For example, 27 3 <year> Error: Enter a date before <date>\n'
        '  - link "Case <ref>"\n'
    )


def test_a_name_with_a_colon_is_read_from_its_yaml_quoted_line():
    raw = "- 'link \"Leo''s plan: Draft 1\"':\n  - /url: /plan\n- 'radio \"Assess: decide\"'"
    assert snapshot.drop_urls(raw) == "- 'link \"Leo''s plan: Draft 1\"'\n- 'radio \"Assess: decide\"'"
    described = snapshot.with_descriptions(raw, [("radio", "Assess: decide", "Within 6 weeks")])
    assert described.endswith("- 'radio \"Assess: decide\"'  # description: Within 6 weeks")
