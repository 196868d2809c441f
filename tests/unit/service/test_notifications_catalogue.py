"""The notification catalogue: every message has one typed sending function, wording that names the
action and the date that matters, and docs/notifications.md is what the code writes."""

import inspect
import re

from service.catalogue_doc import CATALOGUE_PATH, catalogue_markdown
from service.data.notifications import SENDERS
from service.message_catalogue import TEMPLATES, Channel, check_message

# Placeholders that carry the date that matters, or words that give the time limit instead.
DATE_PLACEHOLDERS = {"decision_due", "expires", "changed_on", "comments_due", "found_on", "due_by"}
TIME_LIMIT = re.compile(r"10 minutes|today", re.I)


def test_the_committed_catalogue_is_what_the_code_writes():
    assert CATALOGUE_PATH.read_text() == catalogue_markdown(SENDERS), (
        "docs/notifications.md is stale: run `flask --app app notifications-catalogue` and commit it"
    )


def test_every_message_has_one_keyword_only_function_whose_arguments_are_its_personalisation():
    assert set(SENDERS) == {(t.name, t.channel.value) for t in TEMPLATES}
    for template in TEMPLATES:
        parameters = inspect.signature(SENDERS[(template.name, template.channel.value)]).parameters
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values()), template.name
        arguments = set(parameters) - {"to", "case_id"}
        if template.channel == Channel.LETTER:
            assert "address" in arguments, template.name  # Notify's address_line_1 to 7, the name first
            arguments -= {"address"}
        assert arguments == set(template.personalisation), template.name


def test_every_message_names_the_action_and_the_date_or_time_limit_that_matters():
    for template in TEMPLATES:
        text = template.subject + "\n" + template.body
        assert DATE_PLACEHOLDERS & set(template.personalisation) or TIME_LIMIT.search(text), template.name
        assert "new information" not in text.lower(), template.name
        assert template.channel in (Channel.EMAIL, Channel.SMS, Channel.LETTER)
        # an email has a subject and a letter a heading; a text message has neither
        assert bool(template.subject) == (template.channel != Channel.SMS), template.name
        if template.channel == Channel.LETTER:
            assert "link" not in template.personalisation, template.name  # nobody can click a letter


def test_each_channel_of_a_message_has_its_own_notify_template_id_setting():
    settings = [t.setting for t in TEMPLATES]
    assert len(settings) == len(set(settings))


def test_a_message_is_refused_without_its_personalisation_or_on_a_channel_it_has_no_template_for():
    import pytest

    with pytest.raises(ValueError, match="needs personalisation"):
        check_message("email", "family_sign_in_link", {"link": "x"})
    with pytest.raises(ValueError, match="cannot go by sms"):
        check_message("sms", "family_sign_in_link", {"link": "x", "code": "1"})
    with pytest.raises(ValueError, match="at least 3 address lines"):
        values = {"reference": "R", "child_first_name": "A", "changed_on": "1", "what_changed": "x", "what_next": "y"}
        check_message("letter", "case_update", {"address_line_1": "Sam Jones", "address_line_2": "CT1 1AA", **values})
    with pytest.raises(ValueError, match="unknown message"):
        check_message("email", "you_have_new_information", {})
