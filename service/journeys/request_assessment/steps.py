"""The page order of the request journey, in one place.

Each step names its URL slug, its form, its heading, and when it applies. Views ask this module for
the next and previous pages; nothing else in the journey knows the order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from service.journeys.request_assessment import forms


@dataclass(frozen=True)
class Step:
    slug: str
    form: type
    title: str
    single_question: bool = False  # the page's only question is its heading (GOV.UK question pages)
    applies: Callable[[dict], bool] = field(default=lambda answers: True)


def _role(answers: dict) -> str | None:
    return answers.get("who", {}).get("role")


STEPS: tuple[Step, ...] = (
    Step("who", forms.WhoForm, "Who is making the request?", single_question=True),
    Step(
        "your-setting",
        forms.ProfessionalForm,
        "About your school, nursery or college",
        applies=lambda a: _role(a) == "professional",
    ),
    Step("child-name", forms.ChildNameForm, "What is the child or young person's name?"),
    Step("child-date-of-birth", forms.ChildDobForm, "What is their date of birth?", single_question=True),
    Step("child-address", forms.ChildAddressForm, "What is their home address?"),
    Step("local-authority", forms.LocalAuthorityForm, "Which council area do they live in?", single_question=True),
    Step("setting", forms.SettingForm, "Their school, nursery or college"),
    Step("your-details", forms.YourDetailsForm, "Your details", applies=lambda a: _role(a) != "young_person"),
    Step("contact", forms.ContactForm, "How can the council contact you?"),
    Step(
        "parent-contact",
        forms.ParentContactForm,
        "The child's parent or carer",
        applies=lambda a: _role(a) == "professional",
    ),
    Step("communication", forms.CommunicationNeedsForm, "Do you need any help to communicate with the council?"),
    Step("needs", forms.NeedsForm, "Their needs and support"),
    Step("hopes", forms.HopesForm, "Hopes and views"),
)
EXTRA_PAGES = ("professionals", "evidence", "consent", "check-answers")
BY_SLUG = {step.slug: step for step in STEPS}
ORDER = tuple(s.slug for s in STEPS) + EXTRA_PAGES


def applicable(answers: dict) -> list[str]:
    return [slug for slug in ORDER if slug not in BY_SLUG or BY_SLUG[slug].applies(answers)]


def next_page(slug: str, answers: dict) -> str:
    pages = applicable(answers)
    if slug not in pages:
        return first_unanswered(answers)
    index = pages.index(slug)
    return pages[min(index + 1, len(pages) - 1)]


def previous_page(slug: str, answers: dict) -> str | None:
    pages = applicable(answers)
    if slug not in pages:
        return None
    index = pages.index(slug)
    return pages[index - 1] if index > 0 else None


def first_unanswered(answers: dict) -> str:
    for slug in applicable(answers):
        if slug in BY_SLUG and slug not in answers:
            return slug
        if slug == "consent" and "consent" not in answers:
            return slug
    return "check-answers"


def is_complete(answers: dict) -> bool:
    return first_unanswered(answers) == "check-answers"
