"""E-mails of the missions app, each in its recipient's language.

The project delivers the decision through its notifications (in-app and the meetings
outbox, as each person chose); plain Django mail is the fallback without them.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from companies.models import User
from companies.sites import site_url

from .models import MissionApplication


def application_decision_recipients(application: MissionApplication) -> list[User]:
    """Everyone in the applying SME, so the decision reaches the company, not one inbox."""
    return list(
        User.objects.filter(memberships__organisation=application.organisation_id, is_active=True)
        .exclude(email="")
        .order_by("email")
        .distinct()
    )


def application_decision_message(
    *, application: MissionApplication, status: str, recipient: User
) -> tuple[str, str]:
    """(subject, body) of the decision ``status`` e-mailed to ``recipient``, in the active
    language (callers choose the recipient's)."""
    context = {
        "application": application,
        "mission": application.mission,
        "status": status,
        "status_label": MissionApplication.Status(status).label,
        "recipient": recipient,
        "url": site_url() + reverse("missions:mission_detail", args=[application.mission.slug]),
    }
    subject = render_to_string("missions/email/application_decision_subject.txt", context)
    body = render_to_string("missions/email/application_decision_body.txt", context)
    return " ".join(subject.split()), body


def application_decision_send(*, application: MissionApplication, status: str) -> int:
    """Send the decision ``status`` to every member of the SME; returns how many were sent.

    Used when no listener delivers the decision (see ``hooks.application_decided``).
    Side effects: sends e-mail through the default mailer.
    """
    sent = 0
    for user in application_decision_recipients(application):
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject, body = application_decision_message(
                application=application, status=status, recipient=user
            )
        message = EmailMessage(subject=subject, body=body, to=[user.email])
        sent += message.send()
    return sent
