"""The check-answers page: every answer with a change link that returns to check answers."""

from __future__ import annotations

from datetime import date

from service.formatting import govuk_date

ROLES = {
    "parent": "Parent or carer",
    "young_person": "The young person",
    "professional": "A school, nursery or college",
}
SETTINGS = {
    "school": "School",
    "nursery": "Nursery or other early years setting",
    "college": "College or other post-16 setting",
    "home_education": "Educated at home",
    "none": "None of these",
}
PREFERENCES = {"email": "Email", "sms": "Text message", "post": "Post"}
HELP = {
    "interpreter": "An interpreter",
    "large_print": "Large print",
    "easy_read": "Easy read",
    "other": "Something else",
    "none": "No help needed",
}


def sections(answers: dict, council: str, documents: list, page_url) -> list[tuple[str, list[dict]]]:
    def row(label: str, value: str | None, slug: str) -> dict:
        return {
            "key": {"text": label},
            "value": {"text": value or "Not given"},
            "actions": {
                "items": [{"href": page_url(slug, change="yes"), "text": "Change", "visuallyHiddenText": label.lower()}]
            },
        }

    who = [row("Who is making the request", ROLES[answers["who"]["role"]], "who")]
    if "your-setting" in answers and answers["who"]["role"] == "professional":
        who.append(row("Your school, nursery or college", answers["your-setting"]["setting_name"], "your-setting"))
    child, address, setting = answers["child-name"], answers["child-address"], answers["setting"]
    born = date.fromisoformat(answers["child-date-of-birth"]["date_of_birth"])
    address_text = ", ".join(
        p
        for p in (
            address["address_line_1"],
            address.get("address_line_2"),
            address["town"],
            address["postcode"].upper(),
        )
        if p
    )
    setting_text = SETTINGS[setting["setting_type"]] + (
        f": {setting['setting_name']}" if setting.get("setting_name") else ""
    )
    about_child = [
        row("Name", f"{child['first_name']} {child['last_name']}", "child-name"),
        row("Date of birth", govuk_date(born), "child-date-of-birth"),
        row("Home address", address_text, "child-address"),
        row("Council", council, "local-authority"),
        row("School, nursery or college", setting_text, "setting"),
        row("Unique pupil number", setting.get("upn"), "setting"),
    ]
    you = []
    if "your-details" in answers and answers["who"]["role"] != "young_person":
        you += [
            row("Your name", answers["your-details"]["name"], "your-details"),
            row("Relationship", answers["your-details"]["relationship"], "your-details"),
        ]
    contact, communication = answers["contact"], answers["communication"]
    you += [
        row("Email address", contact["email"], "contact"),
        row("Mobile number", contact.get("mobile"), "contact"),
        row("Contact by", PREFERENCES[contact["preference"]], "contact"),
    ]
    if contact["preference"] == "post":
        you.append(row("Postal address", contact.get("postal_address"), "contact"))
    parent = []
    if answers["who"]["role"] == "professional" and "parent-contact" in answers:
        told = answers["parent-contact"]
        parent = [
            row("Parent or carer's name", told.get("parent_name"), "parent-contact"),
            row("Parent or carer's email address", told.get("parent_email"), "parent-contact"),
            row("Parent or carer's mobile number", told.get("parent_mobile"), "parent-contact"),
            row(
                "How the parent or carer is told",
                PREFERENCES.get(told.get("parent_contact_preference") or ""),
                "parent-contact",
            ),
        ]
        if told.get("parent_contact_preference") == "post":
            parent.append(row("Parent or carer's postal address", told.get("parent_postal_address"), "parent-contact"))
    helps = ", ".join(HELP[k] for k in communication.get("needs", []))
    if communication.get("language"):
        helps += f" ({communication['language']})"
    if communication.get("other"):
        helps += f": {communication['other']}"
    you.append(row("Help to communicate", helps, "communication"))
    needs, hopes = answers["needs"], answers["hopes"]
    about_needs = [
        row("Their needs", needs["needs"], "needs"),
        row("Support they get now", needs["current_support"], "needs"),
        row("What has been tried", needs["support_tried"], "needs"),
        row("What you hope for", hopes["hopes"], "hopes"),
        row("Their views", hopes.get("child_views"), "hopes"),
    ]
    people = ", ".join(f"{p['name']} ({p['role']}, {p['organisation']})" for p in answers.get("professionals", []))
    evidence = [
        row("Professionals involved", people or "None", "professionals"),
        row("Files", ", ".join(d.filename for d in documents) or "None", "evidence"),
    ]
    return [
        ("About the request", who),
        ("The child or young person", about_child),
        ("Your details", you),
        *([("Their parent or carer", parent)] if parent else []),
        ("Needs, support and views", about_needs),
        ("Professionals and evidence", evidence),
    ]
