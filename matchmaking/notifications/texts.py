"""What a notification says, written when shown or e-mailed, in the reader's language."""

import datetime as dt

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import Kind, Notification


def _when(value: str | None) -> str:
    if not value:
        return ""
    moment = timezone.localtime(dt.datetime.fromisoformat(value))
    return formats.date_format(moment, "DATETIME_FORMAT")


def notification_text(notification: Notification) -> str:
    """One sentence about the event, in the active language and time zone."""
    p = {key: value for key, value in notification.params.items() if isinstance(value, str)}
    p.setdefault("other", "")
    p.setdefault("demand", "")
    event = notification.params.get("event", "")
    kind = notification.kind
    if kind == Kind.MEETING_REQUEST:
        return _("%(other)s asks for a meeting about “%(demand)s”.") % p
    if kind == Kind.MEETING_ANSWER:
        if event == "accepted":
            return _("%(other)s accepted your meeting request about “%(demand)s”.") % p
        if event == "declined":
            return _("%(other)s declined your meeting request about “%(demand)s”.") % p
        if event == "invitation_accepted":
            return _("%(other)s confirmed the meeting on %(when)s.") % {
                **p, "when": _when(p.get("starts_at"))
            }
        return _("%(other)s declined the meeting on %(when)s.") % {
            **p, "when": _when(p.get("starts_at"))
        }
    if kind == Kind.MEETING_WITHDRAWN:
        return _("%(other)s withdrew its meeting request about “%(demand)s”.") % p
    if kind == Kind.MEETING_EXPIRED:
        return _("The meeting request with %(other)s about “%(demand)s” expired unanswered.") % p
    if kind == Kind.SCHEDULE_CHANGE:
        return _("Your meeting with %(other)s now takes place on %(when)s.") % {
            **p, "when": _when(p.get("starts_at"))
        }
    if kind == Kind.MEETING_CANCELLED:
        return _("Your meeting with %(other)s has been cancelled.") % p
    if kind == Kind.BUYER_APPROVED:
        return _(
            "The platform team approved %(organisation)s: you now see suppliers' contact details."
        ) % {"organisation": p.get("organisation", "")}
    if kind == Kind.APPLICATION_DECISION:
        from missions.models import MissionApplication

        status = p.get("status", "")
        label = MissionApplication.Status(status).label if status else ""
        return _("Decision on your application to %(mission)s: %(decision)s.") % {
            "mission": p.get("mission", ""), "decision": label
        }
    if kind == Kind.NEW_MATCH:
        return _("New match: “%(demand)s” fits %(sme)s (score %(score)s).") % {
            **p, "sme": p.get("sme", ""), "score": notification.params.get("score", "")
        }
    if kind == Kind.MESSAGE:
        return _("New message from %(other)s about “%(demand)s”.") % p
    return Kind(kind).label
