"""docs/notifications.md, written from the code by `flask notifications-catalogue`.

A test fails when the committed file differs from what this writes, so the catalogue cannot drift
from the messages the service sends.
"""

from __future__ import annotations

import inspect

from service.config import REPO_ROOT
from service.message_catalogue import CHANNEL_NAMES, TEMPLATES, Channel, Template

CATALOGUE_PATH = REPO_ROOT / "docs" / "notifications.md"

# Made-up values for the example of each message, as the local outbox and GOV.UK Notify would fill them.
EXAMPLE_VALUES = {
    "reference": "KXRT-4M7B",
    "child_first_name": "Amara",
    "council": "Kent",
    "decision_due": "12 January 2027",
    "link": "https://ehcp.example.gov.uk/...",
    "code": "482913",
    "expires": "29 December 2026",
    "changed_on": "1 December 2026",
    "what_changed": "The council decided to carry out an EHC needs assessment",
    "what_next": "The council must send you a draft EHC plan, or tell you it will not make one, by 26 April 2027",
    "comments_due": "4 December 2026",
    "filename": "a file",
    "found_on": "1 December 2026",
    "name": "Sam Patel",
    "method": "text message to your mobile ending 0982",
    "invited_by": "Alex Morgan",
    "overdue": 3,
    "due_soon": 5,
    "due_by": "8 December 2026",
}


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def _section(template: Template, sender) -> list[str]:
    channel = CHANNEL_NAMES[template.channel]
    title = f"{template.name} ({channel.lower()})"
    arguments = ", ".join(f"{name}=..." for name in inspect.signature(sender).parameters if name != "to")
    lines = [
        f"### {title}",
        "",
        f"- **Audience**: {template.audience}",
        f"- **Trigger**: {template.trigger}",
        f"- **Sent by**: `service.data.notifications.{sender.__name__}(to=..., {arguments})`",
        f"- **Personalisation**: {', '.join(f'(({key}))' for key in template.personalisation)}",
        f"- **Notify template id setting**: `{template.setting}`",
        "",
        "Notify template:",
        "",
    ]
    if template.subject:
        lines += [f"Subject: `{template.subject}`", ""]
    lines += ["```", template.body, "```", "", "As sent, with example values:", ""]
    subject, body = template.render(EXAMPLE_VALUES)
    if subject:
        lines += [_quoted(f"**{subject}**"), ">"]
    lines += [_quoted(body), ""]
    return lines


def catalogue_markdown(senders: dict) -> str:
    lines = [
        "# Notifications catalogue",
        "",
        "Every message the service can send, generated from `service/message_catalogue.py` by",
        "`flask --app app notifications-catalogue` (a test fails when this file is out of date: run the",
        "command and commit the result). Each Notify template must hold the wording below exactly, with",
        "its ((placeholders)); its id goes in the setting named for it (unset, the fake Notify's id is used).",
        "Every link in a message starts with SERVICE_URL.",
        "",
        "Letters: a family who chose post gets each message to the family as a GOV.UK Notify letter. The",
        "sending function takes `address`, Notify's address_line_1 to address_line_7 (the addressee's name",
        "first, a real UK postcode last, at least 3 lines; service.domain.postal.address_lines builds it);",
        "the outbox row's recipient is the name only. Letter statuses and returned letters come back by",
        "callback (/notify/delivery-status, /notify/returned-letter) and a daily status check, and staff",
        "see each letter's dispatch status on the case.",
        "",
    ]
    for channel in (Channel.EMAIL, Channel.SMS, Channel.LETTER):
        chosen = [t for t in TEMPLATES if t.channel == channel]
        lines += [f"## {CHANNEL_NAMES[channel]}s ({len(chosen)})", ""]
        for template in chosen:
            lines += _section(template, senders[(template.name, template.channel.value)])
    return "\n".join(lines).rstrip() + "\n"


def write_catalogue(senders: dict) -> str:
    CATALOGUE_PATH.parent.mkdir(exist_ok=True)
    CATALOGUE_PATH.write_text(catalogue_markdown(senders))
    return str(CATALOGUE_PATH.relative_to(REPO_ROOT))
