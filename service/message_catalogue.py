"""Every message the service can send: who gets it, when, and its full wording.

Each entry is the text a GOV.UK Notify template holds (Notify's markdown, with ((placeholders))),
so the local outbox renders exactly what Notify would send, and docs/notifications.md (written by
`flask notifications-catalogue`) is generated from here. The placeholders of an entry are the
personalisation its sending function in service.data.notifications must supply.

Rules for the wording: every message says what the reader must do (or what happened) and the date
or time limit that matters; none says only "you have new information". Messages carry no special
category data: a case reference and a child's first name at most, never needs or diagnoses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

PLACEHOLDER = re.compile(r"\(\(([a-z_]+)\)\)")
ADDRESS_LINES = 7  # a letter's address_line_1 to address_line_7, which Notify prints at the top


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    LETTER = "letter"


CHANNEL_NAMES = {Channel.EMAIL: "Email", Channel.SMS: "Text message", Channel.LETTER: "Letter"}


@dataclass(frozen=True)
class Template:
    name: str  # the outbox row's template: one name may have an email and a text message version
    channel: Channel
    audience: str
    trigger: str
    body: str
    subject: str = ""  # email, and a letter's heading
    key: str = ""  # NOTIFY_TEMPLATE_<KEY> holds its Notify template id; the name by default

    @property
    def setting(self) -> str:
        return f"NOTIFY_TEMPLATE_{(self.key or self.name).upper()}"

    @property
    def personalisation(self) -> tuple[str, ...]:
        """The placeholders, in the order the wording first uses them."""
        return tuple(dict.fromkeys(PLACEHOLDER.findall(self.subject + "\n" + self.body)))

    def render(self, values: dict) -> tuple[str, str]:
        """(subject, body) with the placeholders filled, as Notify fills them."""

        def fill(text: str) -> str:
            return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)

        return fill(self.subject), fill(self.body)


FAMILY = "The family: the parent, young person or professional who made the request"
SIGN_IN_EXPIRY = "The link and the code stop working 10 minutes after we sent this email, and each works once."

TEMPLATES: tuple[Template, ...] = (
    Template(
        name="family_sign_in_link",
        channel=Channel.EMAIL,
        audience="A family member signing in (only if the address has a request or plan to see)",
        trigger="Someone enters the address on 'Sign in to see your requests and plans' (at most 5 an hour)",
        subject="Your sign-in link for education, health and care plans",
        body=(
            "Use this link to sign in and see your requests and plans:\n\n((link))\n\n"
            "Or enter this security code on the page where you asked for it: ((code))\n\n"
            f"{SIGN_IN_EXPIRY} Open the link in the same browser you used to ask for it.\n\n"
            "If you did not ask to sign in, you can ignore this email. Nobody can sign in without it."
        ),
    ),
    Template(
        name="request_received",
        channel=Channel.EMAIL,
        audience=FAMILY,
        trigger="A family sends a request for an EHC needs assessment online",
        subject="We received your request for an EHC needs assessment for ((child_first_name))",
        body=(
            "Your reference is ((reference)).\n\n"
            "((council)) must tell you by ((decision_due)) whether it will carry out an education, "
            "health and care (EHC) needs assessment for ((child_first_name)).\n\n"
            "Keep this email: quote the reference if you contact the council."
        ),
    ),
    Template(
        name="request_received_sms",
        channel=Channel.SMS,
        audience=FAMILY + " (who chose text messages)",
        trigger="A family sends a request online and asks for updates by text message",
        body=(
            "We received your request for an EHC needs assessment, reference ((reference)). "
            "The council must tell you by ((decision_due)) whether it will carry out the assessment."
        ),
    ),
    Template(
        name="council_new_request",
        channel=Channel.EMAIL,
        audience="The council's SEND team inbox (when the council has set one)",
        trigger="A family sends a request for an EHC needs assessment online to this council",
        subject="New request for an EHC needs assessment: ((reference))",
        body=(
            "A request for an EHC needs assessment, reference ((reference)), is in your caseload.\n\n"
            "Decide by ((decision_due)) whether to carry out the assessment and tell the family "
            "(6 weeks, regulation 5 of the SEND Regulations 2014)."
        ),
    ),
    Template(
        name="plan_transferred_in",
        channel=Channel.EMAIL,
        audience="The new council's SEND team inbox (when the council has set one)",
        trigger="Another council transfers an EHC plan to this council because the family moved (regulation 15)",
        subject="An EHC plan was transferred to you: ((reference))",
        body=(
            "((from_council)) transferred the EHC plan with reference ((reference)) to you on ((transferred_on)), "
            "because the family moved to your area. The case is in your caseload, not assigned to anyone.\n\n"
            "Tell the family by ((due_by)) that you hold the plan, whether you will re-assess the child's "
            "needs and when you will review the plan (6 weeks, regulation 15 of the SEND Regulations 2014). "
            "Review it by the later of 12 months from the plan or its last review and 3 months from the "
            "transfer.\n\n((link))"
        ),
    ),
    Template(
        name="draft_resume_link",
        channel=Channel.EMAIL,
        audience="The person filling in a request, at the address they give",
        trigger="They choose 'Save and come back later' on a request they have not sent",
        subject="Carry on with your request for an EHC needs assessment",
        body=(
            "Use this link to carry on with your request:\n\n((link))\n\n"
            "The link works once. Each time you save, we send a new one.\n\n"
            "Send your request by ((expires)). If you do not, we will delete what you have entered on that date."
        ),
    ),
    Template(
        name="draft_expiry_reminder",
        channel=Channel.EMAIL,
        audience="The person who saved an unfinished request",
        trigger="Daily, 7 days before a saved request that was not sent is deleted (once per request)",
        subject="Your unfinished request will be deleted on ((expires))",
        body=(
            "You saved a request for an EHC needs assessment but have not sent it.\n\n"
            "We will delete it on ((expires)). To keep it, carry on and send it before then:\n\n((link))\n\n"
            "The link works once."
        ),
    ),
    Template(
        name="case_update",
        channel=Channel.EMAIL,
        audience=FAMILY,
        trigger=(
            "The council records a step the family can see (a decision, the draft or final plan, mediation, "
            "a contact), or the family sends documents or a response to the draft plan. ((what_changed)) is "
            "written by that step; ((what_next)) is the council's next statutory duty with its date, from the "
            "clock, or what the family can do next and by when"
        ),
        subject="Update on your request for ((child_first_name)), reference ((reference))",
        body=(
            "# What changed on ((changed_on))\n\n((what_changed))\n\n"
            "# What happens next\n\n((what_next))\n\n"
            "Sign in to see your case and its dates:\n\n((link))"
        ),
    ),
    Template(
        name="case_update",
        key="case_update_sms",
        channel=Channel.SMS,
        audience=FAMILY + " (who chose text messages)",
        trigger="As the email update, for a family who chose text messages",
        body="EHC request ((reference)) for ((child_first_name)), ((changed_on)): ((what_changed)). Next: ((what_next))",
    ),
    Template(
        name="draft_plan_comment_reminder",
        channel=Channel.EMAIL,
        audience=FAMILY,
        trigger="Daily, 3 days before the 15 days to comment on a draft EHC plan end (once per case)",
        subject="Send your comments on the draft EHC plan by ((comments_due))",
        body=(
            "The last day to comment on the draft EHC plan for reference ((reference)), and to ask for a "
            "school or other setting to be named in it, is ((comments_due)).\n\n"
            "Sign in to send your comments:\n\n((link))"
        ),
    ),
    Template(
        name="draft_plan_comment_reminder",
        key="draft_plan_comment_reminder_sms",
        channel=Channel.SMS,
        audience=FAMILY + " (who chose text messages)",
        trigger="As the email reminder, for a family who chose text messages",
        body=(
            "EHC request ((reference)): send your comments on the draft plan, and ask for a school to be "
            "named, by ((comments_due))."
        ),
    ),
    # Letters (issue 16): for a family who chose post. Notify prints the address (address_line_1 to 7,
    # the addressee's name first and the postcode last) from the personalisation; no link, since a
    # letter cannot be clicked: the letter names the service's address instead.
    Template(
        name="request_received",
        key="request_received_letter",
        channel=Channel.LETTER,
        audience=FAMILY + " (who chose post)",
        trigger="A family sends a request online and asks to be told by post",
        subject="We received your request for an EHC needs assessment for ((child_first_name))",
        body=(
            "Your reference is ((reference)).\n\n"
            "((council)) must tell you by ((decision_due)) whether it will carry out an education, "
            "health and care (EHC) needs assessment for ((child_first_name)).\n\n"
            "Keep this letter: quote the reference if you contact the council."
        ),
    ),
    Template(
        name="case_update",
        key="case_update_letter",
        channel=Channel.LETTER,
        audience=FAMILY + " (who chose post)",
        trigger="As the email update, for a family who chose post",
        subject="Update on your request for ((child_first_name)), reference ((reference))",
        body=(
            "# What changed on ((changed_on))\n\n((what_changed))\n\n"
            "# What happens next\n\n((what_next))\n\n"
            "Quote the reference ((reference)) if you contact the council."
        ),
    ),
    Template(
        name="draft_plan_comment_reminder",
        key="draft_plan_comment_reminder_letter",
        channel=Channel.LETTER,
        audience=FAMILY + " (who chose post)",
        trigger="As the email reminder, for a family who chose post",
        subject="Send your comments on the draft EHC plan by ((comments_due))",
        body=(
            "The last day to comment on the draft EHC plan for reference ((reference)), and to ask for a "
            "school or other setting to be named in it, is ((comments_due)).\n\n"
            "Send your comments to the council, quoting the reference."
        ),
    ),
    Template(
        name="document_infected",
        channel=Channel.EMAIL,
        audience="The service's security alert inbox (SECURITY_ALERT_EMAIL)",
        trigger="The virus scanner finds a virus in a file uploaded to a case",
        subject="A file with a virus was uploaded to case ((reference))",
        body=(
            "The virus scanner found a virus in ((filename)) uploaded to case ((reference)) on ((found_on)).\n\n"
            "The file is kept in quarantine and was not added to the case. The person who uploaded it "
            "was told to send a different file.\n\n"
            "Check the case's documents today and contact the family if a file they need is missing."
        ),
    ),
    Template(
        name="staff_sign_in_code",
        channel=Channel.EMAIL,
        audience="A council staff member signing in (who gets codes by email)",
        trigger="They enter a correct email address and password",
        subject="Your security code is ((code))",
        body=(
            "Your security code to sign in to your council's SEND caseload is ((code)).\n\n"
            "It stops working 10 minutes after we sent this email.\n\n"
            "If you did not try to sign in, change your password and tell your manager today."
        ),
    ),
    Template(
        name="staff_sign_in_code_sms",
        channel=Channel.SMS,
        audience="A council staff member signing in (who gets codes by text message)",
        trigger="They enter a correct email address and password",
        body="((code)) is your EHC caseload security code. It stops working in 10 minutes. Do not share it.",
    ),
    Template(
        name="staff_mobile_check_code",
        channel=Channel.SMS,
        audience="A council staff member, at the mobile number they are adding",
        trigger="They choose to get their security code by text message and enter a mobile number",
        body=(
            "((code)) is your code to confirm this mobile number for your EHC caseload account. "
            "It stops working in 10 minutes."
        ),
    ),
    Template(
        name="staff_second_factor_changed",
        channel=Channel.EMAIL,
        audience="The council staff member whose account changed",
        trigger="They change how they get their security code, or a manager resets it to email",
        subject="How you get your security code has changed",
        body=(
            "Dear ((name)),\n\n"
            "From your next sign-in, you get your security code by ((method)). "
            "We have signed you out in every other browser.\n\n"
            "If you did not make this change, tell your manager today: they can reset it."
        ),
    ),
    Template(
        name="staff_invitation",
        channel=Channel.EMAIL,
        audience="The person a council manager invites to the team",
        trigger="A manager invites them on 'Invite someone to your team'",
        subject="((invited_by)) invited you to your council's SEND caseload",
        body=(
            "Dear ((name)),\n\n"
            "((invited_by)) invited you to use your council's caseload for education, health and care plans.\n\n"
            "Set your password by ((expires)) with this link:\n\n((link))\n\n"
            "The link works once. After ((expires)), ask ((invited_by)) to invite you again."
        ),
    ),
    Template(
        name="staff_account_locked",
        channel=Channel.EMAIL,
        audience="The council staff member whose account was locked",
        trigger="10 wrong passwords or security codes for their account from one address (locked 30 minutes there)",
        subject="Your SEND caseload account is locked",
        body=(
            "Someone entered the wrong password or security code for your account 10 times, so we have "
            "locked it until ((expires)) for anyone signing in from that place.\n\n"
            "If it was you, you can unlock your account now with this link:\n\n((link))\n\n"
            "The link works once, and only until ((expires)). If it was not you, tell your manager today."
        ),
    ),
    Template(
        name="caseworker_daily_reminder",
        channel=Channel.EMAIL,
        audience="Each caseworker with cases assigned, and each manager for the council's whole caseload",
        trigger="Each morning, when a case has a statutory step overdue or due within 5 working days",
        subject="Cases with steps overdue or due by ((due_by))",
        body=(
            "Overdue: ((overdue)) cases have a statutory step past its date.\n\n"
            "Due soon: ((due_soon)) cases have a step due by ((due_by)).\n\n"
            "See them in your caseload, most urgent first:\n\n((link))"
        ),
    ),
    # Professionals: invitations and sign-in (issue 14)
    Template(
        name="professional_sign_in_code",
        channel=Channel.EMAIL,
        audience="A professional who was invited to the service (a school, EP service, health or social care)",
        trigger="They enter their address on 'Sign in to respond to requests from councils'",
        subject="Your security code for education, health and care plans",
        body=(
            "Your security code is: ((code))\n\n"
            "Enter it on the page where you asked for it. It stops working 10 minutes after we sent this email.\n\n"
            "If you did not ask to sign in, you can ignore this email. Nobody can sign in without the code."
        ),
    ),
    Template(
        name="professional_invitation",
        channel=Channel.EMAIL,
        audience="A person at a school, EP service, health provider or social care team whom a council or colleague invites",
        trigger="Council staff invite them on an organisation's page, a colleague invites them on 'People at ...', "
        "or they ask for a new link after theirs expired",
        subject="((invited_by)) invited you to respond to councils' requests for ((organisation))",
        body=(
            "Dear ((name)),\n\n"
            "((invited_by)) invited you to join ((organisation)) on the service councils use to ask for advice "
            "and consult settings about education, health and care plans.\n\n"
            "Accept the invitation with this link:\n\n((link))\n\n"
            "The link works once and stops working on ((expires)). After that, ask for a new link on the page "
            "the link opens, or ask ((invited_by)) to invite you again.\n\n"
            "Work that councils send belongs to ((organisation)), so colleagues who use the service see it too."
        ),
    ),
    #
    # Advice asked of an organisation: requests, reminders, receipt (issue 14)
    #
    Template(
        name="advice_requested",
        channel=Channel.EMAIL,
        audience="Everyone at the organisation a council asks for advice (and its shared inbox, if it has one)",
        trigger="A caseworker asks the organisation for advice for an EHC needs assessment (regulation 6)",
        subject="((council)) asks for your advice by ((due_by)): case ((reference))",
        body=(
            "((council)) is assessing ((child_first_name))'s education, health and care needs "
            "(case ((reference))) and asks your organisation for this advice: ((kind)).\n\n"
            "The law gives you until ((due_by)) to send it (6 weeks, regulation 8 of the SEND Regulations 2014).\n\n"
            "Read what the council asks and write your advice in the service:\n\n((link))\n\n"
            "Anyone at your organisation who uses the service can write it and send it."
        ),
    ),
    Template(
        name="advice_due_soon",
        channel=Channel.EMAIL,
        audience="Everyone at the organisation asked for advice (and its shared inbox, if it has one)",
        trigger="7 days before the advice is due, when it has not been sent (once)",
        subject="Your advice for case ((reference)) is due by ((due_by))",
        body=(
            "((council)) asked your organisation for advice for ((child_first_name)) (case ((reference))). "
            "It is due by ((due_by)).\n\n"
            "Write it and send it in the service:\n\n((link))"
        ),
    ),
    Template(
        name="advice_overdue",
        channel=Channel.EMAIL,
        audience="Everyone at the organisation asked for advice (and its shared inbox, if it has one)",
        trigger="The day after the advice was due, when it has not been sent (once)",
        subject="Your advice for case ((reference)) was due on ((due_by))",
        body=(
            "((council)) asked your organisation for advice for ((child_first_name)) (case ((reference))). "
            "It was due on ((due_by)) and the council has not received it.\n\n"
            "Send it as soon as you can: the family's assessment is waiting for it.\n\n((link))"
        ),
    ),
    Template(
        name="advice_received",
        channel=Channel.EMAIL,
        audience="The caseworker assigned to the case",
        trigger="The organisation asked for advice sends it in the service",
        subject="((organisation)) sent advice for case ((reference))",
        body=(
            "((organisation)) sent their advice for case ((reference)) ((timing)): it was due by ((due_by)).\n\n"
            "Read it and add it to the draft plan:\n\n((link))"
        ),
    ),
    # Consultations with settings (issue 14)
    Template(
        name="consultation_sent",
        channel=Channel.EMAIL,
        audience="The people at a school, college or other setting, and its shared inbox",
        trigger="A council consults the setting on a child's draft EHC plan (CFA 2014 s39(2))",
        subject="((council)) asks whether you can meet a child's needs: answer by ((due_by))",
        body=(
            "((council)) is consulting you on the draft education, health and care plan for ((child_first_name)) "
            "(case ((reference))), and asks whether your setting can meet the needs it sets out.\n\n"
            "Read the draft plan and answer by ((due_by)):\n\n((link))\n\n"
            "Sign in with the email address this message was sent to. The law asks you to answer within "
            "15 days. If you answer later, your answer is still accepted and marked late."
        ),
    ),
    Template(
        name="consultation_answered",
        channel=Channel.EMAIL,
        audience="The caseworker assigned to the case",
        trigger="A setting answers the council's consultation on the draft plan",
        subject="((setting)) answered your consultation for case ((reference))",
        body=(
            "((setting)) answered on ((answered_on)) whether it can meet ((child_first_name))'s needs "
            "(case ((reference))). Its answer was due by ((due_by)).\n\n"
            "Read the answer and record the council's decision:\n\n((link))"
        ),
    ),
    # Download your data (issue 16)
    Template(
        name="data_export_ready",
        channel=Channel.EMAIL,
        audience="The signed-in family member who asked to download their data, at the address they signed in with",
        trigger="The file they asked for on 'Download your data' is ready (it is kept for 24 hours)",
        subject="Your data is ready to download",
        body=(
            "The file you asked for is ready. It has the information we hold about your requests and plans: "
            "your answers, the documents, the messages we sent you, what has happened and each version of the plan.\n\n"
            "Sign in and download it by ((expires)):\n\n((link))\n\n"
            "After that we delete the file. You can ask for a new one at any time.\n\n"
            "If you did not ask for your data, contact your council's SEND team."
        ),
    ),
    # Annual reviews (issue 15)
    Template(
        name="review_requested",
        channel=Channel.EMAIL,
        audience="The people at the child's school, college or other setting, and its shared inbox",
        trigger="A council asks the setting to hold the annual review of a child's EHC plan (regulation 20)",
        subject="((council)) asks you to hold an annual review: case ((reference))",
        body=(
            "((council)) asks your setting to hold the annual review of ((child_first_name))'s education, health "
            "and care plan (case ((reference))). The review must be held by ((due_by)).\n\n"
            "Arrange the meeting and send the invitations at least 2 weeks before it. Send the review report "
            "within 2 weeks of the meeting. Do both in the service:\n\n((link))\n\n"
            "Anyone at your setting who uses the service can do this."
        ),
    ),
    # Ceasing a plan (issue 15)
    Template(
        name="cease_decision_setting",
        channel=Channel.EMAIL,
        audience="The people at the school, college or other setting named in the plan, and its shared inbox",
        trigger="The council decides to stop maintaining a child's EHC plan and sends the notice (reg 31)",
        subject="((council)) has decided to stop maintaining the EHC plan for case ((reference))",
        body=(
            "((council)) decided on ((decided_on)) to stop maintaining the education, health and care plan for "
            "((child_first_name)) (case ((reference))).\n\n"
            "The family can appeal to the SEND Tribunal by 5pm on ((due_by)). Until then, and until any appeal "
            "is decided, the plan stays in place: keep making the provision in it.\n\n"
            "The council will tell you when the plan ends."
        ),
    ),
    #
)

BY_KEY: dict[tuple[str, str], Template] = {(t.name, t.channel.value): t for t in TEMPLATES}
NAMES = tuple(dict.fromkeys(t.name for t in TEMPLATES))


def template_for(channel: str, name: str) -> Template:
    """The template a (channel, name) outbox row is sent with; ValueError for one the service cannot send."""
    if name not in NAMES:
        raise ValueError(f"unknown message {name!r}: add it to service.message_catalogue.TEMPLATES")
    template = BY_KEY.get((name, channel))
    if template is None:
        raise ValueError(f"message {name!r} cannot go by {channel}")
    return template


def check_message(channel: str, name: str, personalisation: dict) -> Template:
    """Refuse, at the moment it is written, a message Notify would refuse later."""
    template = template_for(channel, name)
    missing = [key for key in template.personalisation if key not in personalisation]
    if missing:
        raise ValueError(f"message {name!r} needs personalisation {missing}")
    if template.channel == Channel.LETTER:
        lines = [personalisation.get(f"address_line_{n}") for n in range(1, ADDRESS_LINES + 1)]
        if sum(1 for line in lines if line) < 3:
            raise ValueError(f"letter {name!r} needs at least 3 address lines, the name first and the postcode last")
    return template
