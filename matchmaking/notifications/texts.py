"""What a notification says, written when shown or e-mailed, in the reader's language."""

import datetime as dt

from django.utils import formats, timezone, translation
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
    if kind in (Kind.INVESTOR_INTEREST, Kind.INVESTMENT_PIPELINE, Kind.LANDING_SUPPORT):
        return _investment_and_landing_text(kind, event, p)
    return Kind(kind).label


def _investment_and_landing_text(kind: str, event: str, p: dict) -> str:
    """The investors' and landing support areas' events (their names are the ``stage`` and
    ``status`` values of those areas' models)."""
    if kind == Kind.INVESTOR_INTEREST:
        if event == "accepted":
            return _("%(other)s accepted your introduction: its contact details are now open "
                     "to you.") % p
        if event == "declined":
            return _("%(other)s declined your introduction.") % p
        return _("The investor %(other)s is interested in your company and asks for an "
                 "introduction.") % p
    if kind == Kind.INVESTMENT_PIPELINE:
        stages = {
            "due_diligence": _("Due diligence"), "term_sheet": _("Term sheet"),
            "investment": _("Investment"), "joint_venture": _("Joint venture"),
            "closed": _("Deal closed"), "dropped": _("Dropped"),
        }
        return _("%(other)s moved its investment pipeline with you to: %(stage)s.") % {
            **p, "stage": stages.get(event, event)
        }
    zh = (translation.get_language() or "").startswith("zh")
    package = (zh and p.get("package_zh")) or p.get("package", "")
    if event == "submitted":
        return _("%(sme)s applied for the package “%(package)s”.") % {
            "sme": p.get("other", ""), "package": package}
    decisions = {"accepted": _("Accepted"), "waitlisted": _("Wait-listed"),
                 "declined": _("Declined")}
    return _("Your application for “%(package)s”: %(decision)s.") % {
        "package": package, "decision": decisions.get(event, event)}
