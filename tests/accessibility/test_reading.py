"""Each read-aloud check (reading.py) passes a page built the GOV.UK way and fails on a deliberate
regression of it: a label removed, a hint left out of the description, a heading level skipped, the
error summary moved or not focused, a title that does not match, a repeated "Change" link, a table
without th, a tag with no words. These are the proof the sweep's checks can fail (issue 20)."""

from __future__ import annotations

import pytest

from tests.accessibility import reading

SUFFIX = " - Education, health and care plans - GOV.UK"
STYLE = (
    ".govuk-visually-hidden{position:absolute!important;width:1px!important;height:1px!important;"
    "overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important}"
)


def html(main: str, title: str = "What is the child's name?", before: str = "", after: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><title>{title}{SUFFIX}</title><style>{STYLE}</style></head>
<body><header><a href="/">Education, health and care plans</a></header>{before}
<main id="main-content">{main}</main>
<footer><h2 class="govuk-visually-hidden">Support links</h2><a href="/accessibility-statement">Accessibility statement</a></footer>
{after}</body></html>"""


QUESTION = """<h1 class="govuk-heading-l">What is the child's name?</h1>
<div class="govuk-form-group">
  <label class="govuk-label" for="first_name">First name</label>
  <div id="first_name-hint" class="govuk-hint">As it appears on their birth certificate</div>
  <input class="govuk-input" id="first_name" name="first_name" type="text" aria-describedby="first_name-hint">
</div>
<div class="govuk-form-group">
  <fieldset class="govuk-fieldset" aria-describedby="contact-hint">
    <legend class="govuk-fieldset__legend">How should we contact you?</legend>
    <div id="contact-hint" class="govuk-hint">Select one option</div>
    <div class="govuk-radios">
      <div class="govuk-radios__item"><input class="govuk-radios__input" id="contact" name="contact" type="radio" value="email">
        <label class="govuk-label govuk-radios__label" for="contact">Email</label></div>
      <div class="govuk-radios__item"><input class="govuk-radios__input" id="contact-2" name="contact" type="radio" value="post"
        aria-describedby="contact-2-item-hint">
        <label class="govuk-label govuk-radios__label" for="contact-2">Post</label>
        <div id="contact-2-item-hint" class="govuk-hint govuk-radios__hint">Letters take a week</div></div>
    </div>
  </fieldset>
</div>
<h2 class="govuk-heading-m">Your answers</h2>
<h3 class="govuk-heading-s">The child</h3>
<dl class="govuk-summary-list"><div class="govuk-summary-list__row"><dt>Name</dt><dd>Amara</dd>
  <dd><a href="/request/child-name">Change<span class="govuk-visually-hidden"> child's name</span></a></dd></div>
  <div class="govuk-summary-list__row"><dt>Address</dt><dd>1 High Street</dd>
  <dd><a href="/request/child-address">Change<span class="govuk-visually-hidden"> child's address</span></a></dd></div></dl>
<h2 class="govuk-heading-m">Deadlines</h2>
<table class="govuk-table"><caption class="govuk-table__caption">Deadlines</caption>
  <thead><tr><th scope="col">Step</th><th scope="col">Due</th><th scope="col">Status</th></tr></thead>
  <tbody><tr><th scope="row">Decide whether to assess</th><td>3 March 2026</td>
  <td><strong class="govuk-tag govuk-tag--red">Overdue</strong></td></tr></tbody></table>
<a href="/request/child-name">Continue</a> <a href="/request/child-name">Continue</a>"""

ERROR = """<div class="govuk-error-summary" data-module="govuk-error-summary" tabindex="-1">
  <div role="alert"><h2 class="govuk-error-summary__title">There is a problem</h2>
  <div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">
  <li><a href="#first_name">Enter the child's first name</a></li></ul></div></div></div>
<h1 class="govuk-heading-l">What is the child's name?</h1>
<div class="govuk-form-group govuk-form-group--error">
  <label class="govuk-label" for="first_name">First name</label>
  <div id="first_name-hint" class="govuk-hint">As it appears on their birth certificate</div>
  <p id="first_name-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Enter the child's first name</p>
  <input class="govuk-input govuk-input--error" id="first_name" name="first_name" type="text"
    aria-describedby="first_name-hint first_name-error">
</div>"""
FOCUS = '<script>document.querySelector(".govuk-error-summary").focus()</script>'


def _open(page, content: str) -> None:
    page.set_content(content)


pytestmark = pytest.mark.browser


def test_a_page_built_the_govuk_way_passes_every_check(page):
    _open(page, html(QUESTION))
    assert reading.all_problems(page, page.locator("body").aria_snapshot()) == []


def test_an_error_page_built_the_govuk_way_passes_every_check(page):
    _open(page, html(ERROR, title="Error: What is the child's name?", after=FOCUS))
    assert reading.all_problems(page, page.locator("body").aria_snapshot()) == []


def test_one_main_landmark(page):
    _open(page, html(QUESTION, before="<main><p>Another</p></main>"))
    assert reading.one_main_landmark(page) == ["the page has 2 main landmarks, not exactly one"]
    _open(page, html(QUESTION).replace("<main", "<div").replace("</main>", "</div>"))
    assert reading.one_main_landmark(page) == ["the page has 0 main landmarks, not exactly one"]


def test_a_skipped_heading_level_fails(page):
    _open(page, html(QUESTION.replace('<h3 class="govuk-heading-s">The child</h3>', "<h4>The child</h4>")))
    assert reading.headings_in_order(page) == ["h4 'The child' follows h2 'Your answers': h3 skipped"]


def test_a_heading_before_the_h1_fails_but_the_error_summary_may_come_first(page):
    _open(page, html(QUESTION, before="<h2>Menu</h2>"))
    assert reading.headings_in_order(page) == ["the first heading is h2 'Menu', not the h1"]
    _open(page, html(ERROR, title="Error: What is the child's name?"))
    assert reading.headings_in_order(page) == []


def test_a_second_h1_fails(page):
    _open(page, html(QUESTION + "<h1>Again</h1>"))
    assert reading.headings_in_order(page) == ["the page has 2 h1 headings"]


def test_a_removed_label_fails(page):
    broken = QUESTION.replace('<label class="govuk-label" for="first_name">First name</label>', "")
    _open(page, html(broken.replace('type="text"', 'type="text" placeholder="First name"')))
    assert reading.controls_named_by_labels(page) == ["text #first_name has no <label> (named 'First name')"]


def test_a_control_named_otherwise_than_its_label_fails(page):
    _open(page, html(QUESTION.replace('type="text"', 'type="text" aria-label="Name"')))
    assert reading.controls_named_by_labels(page) == ["text #first_name is named 'Name', not by its label 'First name'"]


def test_a_hint_left_out_of_the_description_fails(page):
    _open(page, html(QUESTION.replace(' aria-describedby="first_name-hint"', "")))
    assert reading.controls_named_by_labels(page) == [
        "text #first_name's hint 'As it appears on their birth certificate' is not in its accessible description"
    ]
    # A radios question's hint described by the fieldset is announced on entering the group.
    _open(page, html(QUESTION.replace(' aria-describedby="contact-hint"', "")))
    problems = reading.controls_named_by_labels(page)
    assert "radio #contact's hint 'Select one option' is not in its accessible description" in problems


def test_an_error_message_left_out_of_the_description_fails(page):
    _open(page, html(ERROR.replace(" first_name-error", ""), title="Error: What is the child's name?", after=FOCUS))
    assert reading.controls_named_by_labels(page) == [
        "text #first_name's error \"Error: Enter the child's first name\" is not in its accessible description"
    ]


def test_the_error_summary_must_come_first_in_main_and_take_focus(page):
    _open(page, html("<p>Before the summary</p>" + ERROR, title="Error: What is the child's name?", after=FOCUS))
    assert reading.error_summary_first_and_focused(page) == ["the error summary is not the first thing in main"]
    _open(page, html(ERROR, title="Error: What is the child's name?"))
    assert reading.error_summary_first_and_focused(page) == [
        "the error summary does not have focus when the page loads"
    ]
    assert reading.error_summary_first_and_focused(page, javascript=False) == []


def test_error_messages_without_an_error_summary_fail(page):
    without = ERROR[ERROR.index("<h1") :]
    _open(page, html(without, title="Error: What is the child's name?"))
    assert reading.error_summary_first_and_focused(page) == ["the page shows error messages but no error summary"]


def test_the_title_must_start_with_the_h1_and_say_error(page):
    _open(page, html(QUESTION, title="Child details"))
    assert reading.title_matches_h1(page) == [
        f"the title 'Child details{SUFFIX}' does not start with \"What is the child's name?\""
    ]
    _open(page, html(ERROR, title="What is the child's name?", after=FOCUS))
    assert reading.title_matches_h1(page) == [
        f'the title "What is the child\'s name?{SUFFIX}" does not start with "Error: What is the child\'s name?"'
    ]


def test_a_caption_in_the_h1_is_not_part_of_the_title(page):
    captioned = QUESTION.replace(
        '<h1 class="govuk-heading-l">',
        '<h1 class="govuk-heading-l"><span class="govuk-caption-l">About the child</span>',
    )
    _open(page, html(captioned))
    assert reading.title_matches_h1(page) == []


def test_repeated_change_links_without_hidden_context_fail(page):
    # Two "Continue" links to the same place are not ambiguous (the page above passes).
    bare = QUESTION.replace('<span class="govuk-visually-hidden"> child\'s name</span>', "").replace(
        '<span class="govuk-visually-hidden"> child\'s address</span>', ""
    )
    _open(page, html(bare))
    assert reading.no_ambiguous_links(page.locator("body").aria_snapshot()) == [
        "the link text 'change' goes to 2 different places: ['/request/child-address', '/request/child-name']"
    ]


def test_a_table_without_header_cells_fails(page):
    no_th = QUESTION.replace('<th scope="col">', "<td>").replace('<th scope="row">', "<td>").replace("</th>", "</td>")
    _open(page, html(no_th))
    assert reading.tables_have_headers(page) == ["table 'Deadlines' has no header cells (th)"]
    _open(page, html(QUESTION.replace('<th scope="row">', "<th>")))
    assert reading.tables_have_headers(page) == ["table 'Deadlines''s header 'Decide whether to assess' has no scope"]


def test_a_tag_told_by_colour_alone_fails(page):
    _open(page, html(QUESTION.replace(">Overdue</strong>", "></strong>")))
    assert reading.tags_read_with_meaning(page) == [
        "a tag (govuk-tag govuk-tag--red) has no words (''): its colour alone carries it"
    ]
    _open(page, html(QUESTION.replace('govuk-tag--red"', 'govuk-tag--red" aria-hidden="true"')))
    assert reading.tags_read_with_meaning(page) == ["the tag 'Overdue' is hidden from screen readers (aria-hidden)"]


def test_links_with_a_colon_in_their_name_are_compared_too():
    raw = "- 'link \"Section B: needs\"':\n  - /url: /b\n- 'link \"Section B: needs\"':\n  - /url: /c"
    assert reading.links(raw) == [("Section B: needs", "/b"), ("Section B: needs", "/c")]
    assert reading.no_ambiguous_links(raw) == [
        "the link text 'section b: needs' goes to 2 different places: ['/b', '/c']"
    ]


def test_a_character_count_is_described_by_its_limit_not_its_live_count(page):
    count = """<h1>Your comment</h1><div class="govuk-form-group govuk-character-count">
      <label class="govuk-label" for="c">Your comment</label>
      <textarea class="govuk-textarea" id="c" aria-describedby="c-info"></textarea>
      <div id="c-info" class="govuk-hint govuk-character-count__message govuk-visually-hidden">You can enter up to 5000 characters</div>
      <div class="govuk-character-count__status govuk-hint" aria-hidden="true">You have 5,000 characters remaining</div></div>"""
    _open(page, html(count, title="Your comment"))
    assert reading.controls_named_by_labels(page) == []
    _open(page, html(count.replace(' aria-describedby="c-info"', ""), title="Your comment"))
    assert reading.controls_named_by_labels(page) == [
        "textarea #c's hint 'You can enter up to 5000 characters' is not in its accessible description"
    ]


def test_controls_in_a_closed_details_are_checked_only_when_it_is_open(page):
    filters = (
        QUESTION
        + """<details class="govuk-details"><summary>Filter</summary>
      <div class="govuk-form-group"><input type="checkbox" id="phase"></div></details>"""
    )
    _open(page, html(filters))
    assert reading.controls_named_by_labels(page) == []
    _open(page, html(filters.replace("<details", "<details open")))
    assert reading.controls_named_by_labels(page) == ["checkbox #phase has no <label> (named '')"]
