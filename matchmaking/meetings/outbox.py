"""The invitation outbox: which e-mails a publish, a move, a cancellation or the day before
a meeting produce, and how each is sent exactly once.

Delivery protocol, per row (one e-mail to one person):

1. Rows are created in the same transaction as the change they announce; the unique
   (subject, recipient, kind, sequence) key makes creating them idempotent.
2. A sender claims one row with a conditional UPDATE (pending and due, or ``sending`` with
   a claim older than ``stale_after``) that also stamps ``claimed_by`` and counts the attempt.
3. It sends through SMTP with the row's Message-ID, fixed when the row was created, and
   marks the row sent only after the server answered 250, and only if the claim is still
   its own.
4. Errors put the row back to pending with an exponential back-off; permanent refusals
   (5xx) and too many attempts mark it failed.

A sender killed before the server accepted leaves a claimed row whose message was never
delivered (SMTP drops an unfinished transaction); the row is reclaimed once the claim is
stale and sent once. The only window SMTP itself cannot close (RFC 5321, section 6.1) is a
kill between the server's 250 and our UPDATE, one local round trip: the copy sent on
reclaim then carries the same Message-ID, UID and SEQUENCE, so mail and calendar clients
recognise it as the same message.
"""

import datetime as dt
import hashlib
import logging
import os
import smtplib
import socket
import time
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from companies.models import Organisation, User
from companies.sites import site_url
from missions.models import Mission

from . import dispatch, ics, selectors
from .models import Meeting, OutboxMessage

logger = logging.getLogger(__name__)
Kind = OutboxMessage.Kind
MAX_ATTEMPTS = 8
# A claim older than this is taken to belong to a lost worker and is taken over.
STALE_CLAIM_SECONDS = settings.OUTBOX_CLAIM_TIMEOUT
CLAIM_BATCH = 20
# Questionnaires about one meeting, asked of one side after it (the outcomes area).
QUESTIONNAIRES = (Kind.FEEDBACK, Kind.FOLLOW_UP)
# Reminders are queued from this hour of the day before, in the mission's time zone.
REMINDER_LOCAL_HOUR = 8


def sender_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def agenda_subject_key(mission_id: int, organisation_id: int) -> str:
    return f"agenda:{mission_id}:{organisation_id}"


def meeting_subject_key(meeting: Meeting) -> str:
    return f"meeting:{meeting.uid}"


def reminder_subject_key(mission_id: int, organisation_id: int, day: dt.date) -> str:
    return f"reminder:{mission_id}:{organisation_id}:{day.isoformat()}"


def questionnaire_subject_key(meeting: Meeting, stage: str) -> str:
    """A feedback request (``stage`` "feedback") or a follow-up ("3m", "6m") about a meeting."""
    return f"questionnaire:{meeting.uid}:{stage}"


def message_id_for(*, subject_key: str, recipient: str, kind: str, sequence: int) -> str:
    """The row's Message-ID: derived from its unique key, so every retry reuses it."""
    digest = hashlib.sha256(f"{subject_key}|{recipient}|{kind}|{sequence}".encode()).hexdigest()
    return f"<{kind}.{sequence}.{digest[:32]}@{ics.site_domain()}>"


def _rows_for(
    *,
    subject_key: str,
    kind: str,
    sequence: int,
    mission: Mission,
    organisation_id: int,
    meeting: Meeting | None = None,
    payload: dict | None = None,
) -> list[OutboxMessage]:
    rows = []
    for user in selectors.organisation_recipients(organisation_id):
        rows.append(
            OutboxMessage(
                subject_key=subject_key,
                mission=mission,
                meeting=meeting,
                participant_id=organisation_id,
                recipient=user.email,
                recipient_user=user,
                kind=kind,
                sequence=sequence,
                payload=payload or {},
                message_id=message_id_for(
                    subject_key=subject_key, recipient=user.email, kind=kind, sequence=sequence
                ),
            )
        )
    return rows


def _insert(rows: list[OutboxMessage]) -> int:
    for row in rows:
        row.full_clean(validate_constraints=False)
    before = OutboxMessage.objects.count()
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
    return OutboxMessage.objects.count() - before


def outbox_add_for_meeting(*, meeting: Meeting, kind: str) -> int:
    """Queue ``kind`` (invitation, update, cancellation) about one meeting to both sides at
    its current sequence; returns how many rows were new.

    Side effects: older unsent rows about the same meeting become superseded.
    """
    key = meeting_subject_key(meeting)
    OutboxMessage.objects.filter(
        subject_key=key, status=OutboxMessage.Status.PENDING, sequence__lt=meeting.sequence
    ).update(status=OutboxMessage.Status.SUPERSEDED)
    payload = ics.EventTimes.of_meeting(meeting).as_payload()
    rows = []
    for side in (meeting.sme_id, meeting.buyer_id):
        rows += _rows_for(
            subject_key=key,
            kind=kind,
            sequence=meeting.sequence,
            mission=meeting.mission,
            organisation_id=side,
            meeting=meeting,
            payload=payload,
        )
    return _insert(rows)


def outbox_add_for_publish(
    *, mission: Mission, changes: list[tuple[Meeting, str, dict]]
) -> int:
    """Queue the e-mails of one publish; returns how many rows were new.

    ``changes`` holds (meeting, kind, payload: its time and table as announced). A
    participant not yet invited to this mission gets one invitation listing all their
    meetings; one already invited gets an e-mail per new, moved or withdrawn meeting.
    """
    by_org: dict[int, list[tuple[Meeting, str, dict]]] = defaultdict(list)
    for meeting, kind, payload in changes:
        by_org[meeting.sme_id].append((meeting, kind, payload))
        by_org[meeting.buyer_id].append((meeting, kind, payload))
    invited = set(
        OutboxMessage.objects.filter(
            mission=mission, kind=Kind.INVITATION, subject_key__startswith=f"agenda:{mission.pk}:"
        ).values_list("participant_id", flat=True)
    )
    rows: list[OutboxMessage] = []
    for organisation_id, items in sorted(by_org.items()):
        if organisation_id not in invited:
            if any(kind != Kind.CANCELLATION for _m, kind, _p in items):
                rows += _rows_for(
                    subject_key=agenda_subject_key(mission.pk, organisation_id),
                    kind=Kind.INVITATION,
                    sequence=0,
                    mission=mission,
                    organisation_id=organisation_id,
                )
            continue
        for meeting, kind, payload in items:
            key = meeting_subject_key(meeting)
            OutboxMessage.objects.filter(
                subject_key=key,
                participant_id=organisation_id,
                status=OutboxMessage.Status.PENDING,
                sequence__lt=meeting.sequence,
            ).update(status=OutboxMessage.Status.SUPERSEDED)
            rows += _rows_for(
                subject_key=key,
                kind=kind,
                sequence=meeting.sequence,
                mission=mission,
                organisation_id=organisation_id,
                meeting=meeting,
                payload=payload,
            )
    return _insert(rows)


def outbox_add_reminders_and_send(*, now: dt.datetime | None = None) -> int:
    """``outbox_add_reminders``, then queue a sender when there is something new to send."""
    created = outbox_add_reminders(now=now)
    if created:
        dispatch.send_outbox()
    return created


def outbox_add_reminders(*, now: dt.datetime | None = None) -> int:
    """Queue tomorrow's reminders: one per participant and person, for every mission whose
    meetings fall tomorrow in the mission's own time zone; returns how many rows were new."""
    now = now or timezone.now()
    rows: list[OutboxMessage] = []
    meetings = (
        Meeting.objects.filter(
            status=Meeting.Status.PUBLISHED,
            published_slot__starts_at__gte=now,
            published_slot__starts_at__lt=now + dt.timedelta(hours=50),
        )
        .select_related("mission", "published_slot")
        .order_by("pk")
    )
    seen: set[tuple[int, int, dt.date]] = set()
    for meeting in meetings:
        zone = ZoneInfo(meeting.mission.time_zone)
        day = meeting.published_slot.starts_at.astimezone(zone).date()
        local_now = now.astimezone(zone)
        if day != local_now.date() + dt.timedelta(days=1) or local_now.hour < REMINDER_LOCAL_HOUR:
            continue
        for side in (meeting.sme_id, meeting.buyer_id):
            if (meeting.mission_id, side, day) in seen:
                continue
            seen.add((meeting.mission_id, side, day))
            rows += _rows_for(
                subject_key=reminder_subject_key(meeting.mission_id, side, day),
                kind=Kind.REMINDER,
                sequence=0,
                mission=meeting.mission,
                organisation_id=side,
                payload={"day": day.isoformat()},
            )
    return _insert(rows)


def outbox_add_questionnaire(
    *, meeting: Meeting, organisation_id: int, kind: str, stage: str, path: str
) -> int:
    """Queue a feedback request or a follow-up questionnaire (``kind``) about ``meeting`` to
    the people of one side, linking to ``path``; returns how many rows were new.

    The (subject, recipient, kind, sequence) key makes this safe to call again: each person
    gets each questionnaire once.
    """
    if kind not in QUESTIONNAIRES:
        raise ValueError(f"not a questionnaire: {kind}")
    return _insert(
        _rows_for(
            subject_key=questionnaire_subject_key(meeting, stage),
            kind=kind,
            sequence=0,
            mission=meeting.mission,
            organisation_id=organisation_id,
            meeting=meeting,
            payload={"path": path, "stage": stage},
        )
    )


def outbox_withdraw_questionnaire(*, meeting: Meeting, organisation_id: int, stage: str) -> int:
    """Unsent questionnaire rows to a side that has answered already are not sent."""
    return OutboxMessage.objects.filter(
        subject_key=questionnaire_subject_key(meeting, stage),
        participant_id=organisation_id,
        status=OutboxMessage.Status.PENDING,
    ).update(status=OutboxMessage.Status.SUPERSEDED)


# --- Claiming and sending -----------------------------------------------------------------


def outbox_add_member_invitation(
    *, invitation_id: int, recipient: str, subject: str, text: str
) -> int:
    """Queue the e-mail of an invitation to join an organisation (written by companies, in
    the inviter's language), so it goes out exactly once like every other e-mail.

    Side effect: after commit, queues a sender. Returns how many rows were new (0 or 1).
    """
    key = f"member-invitation:{invitation_id}"
    kind = Kind.NOTIFICATION  # a message written when queued (see ``_prewritten_email``)
    row = OutboxMessage(
        subject_key=key,
        recipient=recipient,
        kind=kind,
        payload={"subject": subject, "text": text},
        message_id=message_id_for(subject_key=key, recipient=recipient, kind=kind, sequence=0),
    )
    created = _insert([row])
    dispatch.send_outbox()
    return created


def _claimable(now: dt.datetime, stale_after: float) -> Q:
    due = Q(status=OutboxMessage.Status.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    stale = Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - dt.timedelta(seconds=stale_after))
    return due | stale


def outbox_claim_next(*, worker: str, stale_after: float = STALE_CLAIM_SECONDS) -> int | None:
    """Claim one due row for ``worker`` with a conditional UPDATE; returns its id or None."""
    now = timezone.now()
    candidates = list(
        OutboxMessage.objects.filter(_claimable(now, stale_after))
        .order_by("pk")
        .values_list("pk", "status")[:CLAIM_BATCH]
    )
    for pk, status in candidates:
        claimed = OutboxMessage.objects.filter(Q(pk=pk) & _claimable(now, stale_after)).update(
            status=OutboxMessage.Status.SENDING,
            claimed_at=timezone.now(),
            claimed_by=worker,
            attempts=F("attempts") + 1,
        )
        if claimed:
            if status == OutboxMessage.Status.SENDING:
                logger.warning("outbox %s: reclaimed a stale claim", pk)
            return pk
    return None


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4, … minutes after each failed attempt, at most six hours."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def outbox_send_one(*, row_id: int, worker: str) -> bool:
    """Send a row this worker claimed; returns True once the server accepted it."""
    row = OutboxMessage.objects.select_related("recipient_user", "meeting", "mission").get(
        pk=row_id
    )
    try:
        message = build_email(row)
        if message is None:
            OutboxMessage.objects.filter(pk=row_id, claimed_by=worker).update(
                status=OutboxMessage.Status.SUPERSEDED
            )
            return False
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        permanent = isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500
        permanent = permanent or isinstance(error, smtplib.SMTPRecipientsRefused)
        give_up = permanent or row.attempts >= MAX_ATTEMPTS
        OutboxMessage.objects.filter(
            pk=row_id, status=OutboxMessage.Status.SENDING, claimed_by=worker
        ).update(
            status=OutboxMessage.Status.FAILED if give_up else OutboxMessage.Status.PENDING,
            next_attempt_at=None if give_up else timezone.now() + backoff(row.attempts),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning("outbox %s: attempt %s failed: %s", row_id, row.attempts, error)
        return False
    marked = OutboxMessage.objects.filter(
        pk=row_id, status=OutboxMessage.Status.SENDING, claimed_by=worker
    ).update(status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error="")
    if not marked:
        logger.warning("outbox %s: sent, but the claim had passed to another sender", row_id)
    return True


def outbox_send_due(
    *, worker: str | None = None, stale_after: float = STALE_CLAIM_SECONDS, budget: float = 240
) -> int:
    """Claim and send due rows one by one for up to ``budget`` seconds; returns how many
    went out."""
    worker = worker or sender_name()
    deadline = time.monotonic() + budget
    sent = 0
    while time.monotonic() < deadline:
        row_id = outbox_claim_next(worker=worker, stale_after=stale_after)
        if row_id is None:
            break
        sent += outbox_send_one(row_id=row_id, worker=worker)
    return sent


def outbox_pending_exists() -> bool:
    return OutboxMessage.objects.filter(
        status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.SENDING]
    ).exists()


# --- Rendering ----------------------------------------------------------------------------


def _attendees(meetings: list[Meeting]) -> dict[int, list[User]]:
    ids = {m.sme_id for m in meetings} | {m.buyer_id for m in meetings}
    return {pk: selectors.organisation_recipients(pk) for pk in ids}


def build_email(row: OutboxMessage) -> EmailMultiAlternatives | None:
    """The e-mail of one outbox row, in its recipient's language and time zone; None when
    there is nothing left to say (e.g. the meetings were withdrawn before it went out)."""
    if row.kind in (Kind.NOTIFICATION, Kind.DIGEST):
        return _prewritten_email(row)
    user = row.recipient_user
    language = (user.language if user else "") or settings.LANGUAGE_CODE
    reader_zone = (user.time_zone if user else "") or settings.DEFAULT_USER_TIME_ZONE
    organisation = Organisation.objects.get(pk=row.participant_id)
    mission = row.mission
    if row.kind in QUESTIONNAIRES:
        return _questionnaire_email(row, organisation, language, reader_zone)
    if row.kind in (Kind.INVITATION, Kind.REMINDER) and row.meeting_id is None:
        meetings = selectors.participant_published_meetings(
            mission=mission, organisation_id=organisation.pk
        )
        if row.kind == Kind.REMINDER:
            zone = ZoneInfo(mission.time_zone)
            day = row.payload.get("day")
            meetings = [
                m for m in meetings
                if m.published_slot.starts_at.astimezone(zone).date().isoformat() == day
            ]
        items = [(m, ics.EventTimes.of_meeting(m), m.sequence) for m in meetings]
    else:
        meeting = Meeting.objects.select_related("mission", "sme", "buyer", "demand").get(
            pk=row.meeting_id
        )
        items = [(meeting, ics.EventTimes.from_payload(row.payload), row.sequence)]
    if not items:
        return None
    cancelled = row.kind == Kind.CANCELLATION
    attendees = _attendees([m for m, _t, _s in items])
    with translation.override(language), timezone.override(ZoneInfo(reader_zone)):
        entries = []
        attachments = []
        for meeting, times, sequence in items:
            other = meeting.buyer if organisation.pk == meeting.sme_id else meeting.sme
            entries.append(
                {
                    "meeting": meeting,
                    "other": other,
                    "start": times.start,
                    "end": times.end,
                    "table": times.table,
                    "accept_url": None if cancelled else ics.response_url(
                        meeting=meeting,
                        organisation_id=organisation.pk,
                        response=Meeting.Response.ACCEPTED,
                        user_id=user.pk if user else None,
                    ),
                    "decline_url": None if cancelled else ics.response_url(
                        meeting=meeting,
                        organisation_id=organisation.pk,
                        response=Meeting.Response.DECLINED,
                        user_id=user.pk if user else None,
                    ),
                }
            )
            event = ics.meeting_event(
                meeting=meeting,
                times=times,
                sequence=sequence,
                cancelled=cancelled,
                attendees=attendees,
            )
            content = ics.calendar_bytes(method="CANCEL" if cancelled else "REQUEST", events=[event])
            attachments.append((f"meeting-{meeting.pk}.ics", content))
        context = {
            "kind": row.kind,
            "kinds": OutboxMessage.Kind,
            "mission": mission,
            "organisation": organisation,
            "recipient": user,
            "entries": entries,
            "mission_zone": mission.time_zone,
            "reader_zone": reader_zone,
            "agenda_url": site_url() + reverse("matchmaking:my_agenda"),
        }
        subject = render_to_string("matchmaking/meetings/email/subject.txt", context)
        text = render_to_string("matchmaking/meetings/email/body.txt", context)
        html = render_to_string("matchmaking/meetings/email/body.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[row.recipient],
        headers={"Message-ID": row.message_id},
    )
    message.attach_alternative(html, "text/html")
    for filename, content in attachments:
        message.attach(filename, content.decode(), "text/calendar")
    return message


def _questionnaire_email(
    row: OutboxMessage, organisation: Organisation, language: str, reader_zone: str
) -> EmailMultiAlternatives:
    """A feedback request or follow-up questionnaire: one meeting, one link to answer."""
    meeting = Meeting.objects.select_related("mission", "sme", "buyer", "published_slot").get(
        pk=row.meeting_id
    )
    with translation.override(language), timezone.override(ZoneInfo(reader_zone)):
        context = {
            "kind": row.kind,
            "stage": row.payload.get("stage", ""),
            "meeting": meeting,
            "mission": meeting.mission,
            "organisation": organisation,
            "other": meeting.buyer if organisation.pk == meeting.sme_id else meeting.sme,
            "start": meeting.published_slot.starts_at if meeting.published_slot else None,
            "recipient": row.recipient_user,
            "answer_url": site_url() + row.payload.get("path", "/"),
        }
        subject = render_to_string("matchmaking/outcomes/email/subject.txt", context)
        text = render_to_string("matchmaking/outcomes/email/body.txt", context)
        html = render_to_string("matchmaking/outcomes/email/body.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[row.recipient],
        headers={"Message-ID": row.message_id},
    )
    message.attach_alternative(html, "text/html")
    return message


def _prewritten_email(row: OutboxMessage) -> EmailMultiAlternatives | None:
    """Notifications and digests are written (in the reader's language) when queued."""
    payload = row.payload or {}
    if not payload.get("subject"):
        return None
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload.get("text", ""),
        to=[row.recipient],
        headers={"Message-ID": row.message_id},
    )
    if payload.get("html"):
        message.attach_alternative(payload["html"], "text/html")
    return message
