"""Calendar files (iCalendar, RFC 5545/5546) for meetings, and the signed answer links.

Every meeting has one stable UID; its SEQUENCE rises with each change attendees must see.
Times carry the mission's TZID with its VTIMEZONE, so a calendar in any zone shows them
right, including across a daylight-saving change.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from email.utils import parseaddr
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from companies.models import User
from companies.sites import site_url

from ..models import Meeting

PRODID = "-//Cleantech Matchmaking//Meetings//EN"
RESPONSE_SALT = "matchmaking.meeting-response"
RESPONSE_MAX_AGE = dt.timedelta(days=60)


@dataclass(frozen=True)
class EventTimes:
    """Where and when a meeting is, as of one sequence (from an outbox payload or live)."""

    start: dt.datetime
    end: dt.datetime
    table: int | None

    @classmethod
    def of_meeting(cls, meeting: Meeting) -> "EventTimes":
        slot = meeting.published_slot or meeting.slot
        table = meeting.published_table if meeting.published_slot else meeting.table
        return cls(start=slot.starts_at, end=slot.ends_at, table=table)

    @classmethod
    def from_payload(cls, payload: dict) -> "EventTimes":
        return cls(
            start=dt.datetime.fromisoformat(payload["start"]),
            end=dt.datetime.fromisoformat(payload["end"]),
            table=payload.get("table"),
        )

    def as_payload(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "table": self.table}


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def meeting_ical_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@{site_domain()}"


def _organizer() -> vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address or 'noreply@localhost'}")
    organizer.params["cn"] = vText(name or "Cleantech Matchmaking")
    return organizer


def _attendee(user: User, organisation_name: str, meeting: Meeting, side_id: int) -> vCalAddress:
    attendee = vCalAddress(f"mailto:{user.email}")
    attendee.params["cn"] = vText(f"{user.get_full_name()} ({organisation_name})")
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["rsvp"] = vText("TRUE")
    response = meeting.sme_response if side_id == meeting.sme_id else meeting.buyer_response
    attendee.params["partstat"] = vText(
        {"accepted": "ACCEPTED", "declined": "DECLINED"}.get(response, "NEEDS-ACTION")
    )
    return attendee


def meeting_event(
    *,
    meeting: Meeting,
    times: EventTimes,
    sequence: int,
    cancelled: bool,
    attendees: dict[int, list[User]],
) -> Event:
    """One VEVENT for ``meeting``; ``attendees`` maps each side's organisation id to people."""
    zone = zoneinfo.ZoneInfo(meeting.mission.time_zone)
    event = Event()
    event.add("uid", meeting_ical_uid(meeting))
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("dtstart", times.start.astimezone(zone))
    event.add("dtend", times.end.astimezone(zone))
    event.add(
        "summary",
        _("Meeting: %(buyer)s and %(sme)s")
        % {"buyer": meeting.buyer.name, "sme": meeting.sme.name},
    )
    place = meeting.mission.host_city
    if times.table:
        place = _("Table %(table)s, %(place)s") % {"table": times.table, "place": place}
    event.add("location", place)
    description = meeting.mission.title
    if meeting.demand_id:
        description += "\n" + _("Demand project: %(title)s") % {"title": meeting.demand.title}
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", _organizer())
    for side_id, name in ((meeting.buyer_id, meeting.buyer.name), (meeting.sme_id, meeting.sme.name)):
        for user in attendees.get(side_id, []):
            event.add("attendee", _attendee(user, name, meeting, side_id))
    return event


def calendar_bytes(*, method: str | None, events: list[Event]) -> bytes:
    """A VCALENDAR holding ``events`` with the VTIMEZONE of every zone they use."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    for event in events:
        calendar.add_component(event)
    zones = sorted({str(e["DTSTART"].params["TZID"]) for e in events if "TZID" in e["DTSTART"].params})
    if events:
        years = [e.decoded("dtstart").year for e in events]
        for zone in zones:
            calendar.add_component(
                Timezone.from_ical(_vtimezone(zone, min(years) - 1, max(years) + 1))
            )
    return calendar.to_ical()


@lru_cache(maxsize=128)
def _vtimezone(tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of ``tzid`` over whole years, built once per process (it is slow)."""
    return Timezone.from_tzid(
        tzid, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 12, 31)
    ).to_ical()


# --- Signed answer links -------------------------------------------------------------------


def response_token(
    *, meeting: Meeting, organisation_id: int, response: str, user_id: int | None = None
) -> str:
    """A signed, expiring token that lets one person answer for their side without logging
    in: it names that person and the meeting's sequence, so it stops working when the person
    leaves the organisation or the meeting moves (the update e-mail brings new links)."""
    signer = signing.TimestampSigner(salt=RESPONSE_SALT)
    return signer.sign_object(
        {"m": meeting.pk, "o": organisation_id, "r": response, "u": user_id, "s": meeting.sequence}
    )


def response_token_read(token: str) -> dict:
    """The token's content; raises ``signing.BadSignature`` (or ``SignatureExpired``)."""
    signer = signing.TimestampSigner(salt=RESPONSE_SALT)
    return signer.unsign_object(token, max_age=RESPONSE_MAX_AGE)


def response_url(
    *, meeting: Meeting, organisation_id: int, response: str, user_id: int | None = None
) -> str:
    token = response_token(
        meeting=meeting, organisation_id=organisation_id, response=response, user_id=user_id
    )
    return site_url() + reverse("matchmaking:meeting_respond", args=[token])
