"""The world the authorization matrix asks its questions in, and how it asks them.

``build_world`` makes one of every kind of object a URL can name, each belonging to one
organisation of the personas (``tests/fixtures.py``): the SME side is ``sme_org`` (owner
``sme_owner``, member ``sme_member``), the buyer side ``approved_buyer_org``. Every other
persona is an outsider to those objects. ``LEAK_MARKERS`` are texts only some personas may
read anywhere; ``ask`` sends one request as one persona and undoes whatever it wrote.
"""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from companies.models import Invitation, Membership
from companies.services import invitation_token, reference_project_add
from companies.staff_totp import enrolment_url
from matchmaking.api.services import api_token_create
from matchmaking.consortia.models import ConsortiumMember
from matchmaking.consortia.services import consortium_form, member_token, proposals_compute
from matchmaking.intelligence import services as intelligence_services
from matchmaking.investors.models import Pipeline
from matchmaking.landing.models import PackageApplication, PackageProvider, SupportPackage
from matchmaking.matching import rescoring
from matchmaking.meetings.ics import response_token
from matchmaking.messaging.models import Message, MessageThread
from matchmaking.models import (
    Meeting,
    MeetingRequest,
    OutboxMessage,
    ScheduleRun,
    ScoringRun,
)
from matchmaking.notifications.models import Notification
from matchmaking.outcomes.models import FollowUp, MeetingFeedback, Outcome
from matchmaking.webhooks.models import Webhook
from missions.models import MissionApplication, Slot, Unavailability
from tests.factories import (
    CompanyProfileFactory,
    DemandProjectFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    sector,
)
from tests.fixtures import ALL_PERSONAS
from tests.matchmaking.conftest import delegate, meeting_between, mission_with_agenda, slots_of

# Texts only some personas may see, on any page (staff and admin see everything).
LEAK_MARKERS = {
    # What an SME reports and answers about its meetings is its own (issue 14): the values
    # of the outcomes it reported, and its feedback.
    "7311957": {"sme_owner", "sme_member"},
    "4242421": {"other_sme"},
    "Nordic feedback next step 7Q": {"sme_owner", "sme_member"},
    # A buyer's draft demand project, and the messages of one SME and one buyer.
    "Closed demand of NYC 7Q": {"approved_buyer"},
    "Message between Nordic and NYC 7Q": {"sme_owner", "sme_member", "approved_buyer"},
    # A draft profile of an SME no persona belongs to.
    "Hidden Draft Heat AB": set(),
    # An investor's note to the SME it is interested in; the SME's landing application.
    "Investor note to Nordic 7Q": {"sme_owner", "sme_member"},
    "Nordic landing application 7Q": {"sme_owner", "sme_member", "approved_buyer"},
    # A pending invitation of the SME, and a person's own notification.
    "invitee-7q@nordic-heat.example.com": {"sme_owner"},
}


def seen_by(persona: str, marker: str) -> bool:
    return persona in ("staff", "admin") or persona in LEAK_MARKERS[marker]


@dataclass
class World:
    """Ids, slugs and tokens the rows' paths are filled from, and a session per persona."""

    values: dict[str, object] = field(default_factory=dict)
    sessions: dict[str, str | None] = field(default_factory=dict)
    admin_objects: dict[str, str] = field(default_factory=dict)


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return buffer.getvalue()


def build_world(get, capture_on_commit) -> World:
    """``get`` is ``request.getfixturevalue``; the personas come from the shared fixtures."""
    users = {name: get(fixture) for name, fixture in {
        "sme_owner": "sme_owner", "sme_member": "sme_member", "other_sme": "other_sme_owner",
        "buyer": "buyer", "approved_buyer": "approved_buyer", "other_buyer": "other_buyer",
        "staff": "staff_user", "admin": "superuser",
    }.items()}  # fmt: skip
    sme_org, other_sme_org = get("sme_org"), get("other_sme_org")
    sme_profile = get("sme_profile")
    approved_buyer_org, other_buyer_org = get("approved_buyer_org"), get("other_buyer_org")
    buyer_org, cluster_org = get("buyer_org"), get("cluster_org")
    staff = users["staff"]

    # A third SME in the consortium, and a draft profile nobody of the personas belongs to.
    third, third_owner = _sme("Baltic Heat Pumps", "baltic-heat", "third@baltic.example.com")
    hidden, _hidden_owner = _sme("Hidden Draft Heat AB", "hidden-draft", "h@hidden.example.com",
                                 status="draft", published_at=None)  # fmt: skip
    sme_profile.logo = SimpleUploadedFile("nordic.png", _png(), content_type="image/png")
    sme_profile.save(update_fields=["logo"])
    hidden.logo = SimpleUploadedFile("hidden.png", _png(), content_type="image/png")
    hidden.save(update_fields=["logo"])

    # The open mission (staff organise it) and one that took place ten days ago.
    mission = mission_with_agenda(title="Nanjing Jiangbei 2027", slug="nanjing-2027")
    mission.organisers.add(cluster_org)
    for org in (sme_org, other_sme_org, third.organisation):
        delegate(mission, org)
    past_day = timezone.localdate() - dt.timedelta(days=10)
    done = mission_with_agenda(title="Shanghai 2026", slug="shanghai-2026", day=past_day,
                               status="completed")  # fmt: skip
    done.organisers.add(cluster_org)
    for org in (sme_org, other_sme_org):
        delegate(done, org)

    heat = dict(
        description_en="Large heat pumps feeding a district heating network.",
        technologies=["heat pumps", "district heating"], market="china",
    )  # fmt: skip
    demand = DemandProjectFactory(buyer=approved_buyer_org, mission=mission,
                                  title="Resilient heat grid", **heat)  # fmt: skip
    demand.sectors.set([sector("district-heating.heat-networks")])
    closed_demand = DemandProjectFactory(buyer=approved_buyer_org, title="Closed demand of NYC 7Q",
                                        status="closed", **heat)  # fmt: skip
    other_demand = DemandProjectFactory(
        buyer=other_buyer_org, mission=mission, title="Suzhou water reuse",
        description_en="Rooftop photovoltaic systems for schools.",
        technologies=["photovoltaics"], market="china",
    )
    other_demand.sectors.set([sector("renewable-energy.solar-pv")])
    with capture_on_commit(execute=True):
        rescoring.scoring_run_start_full()
    scoring_run = ScoringRun.objects.order_by("-pk").first()
    proposals_compute(demand_id=demand.pk)

    meeting_request = MeetingRequest.objects.create(
        mission=mission, sme=sme_org, buyer=approved_buyer_org, demand=demand,
        requested_by_org=approved_buyer_org, requested_by=users["approved_buyer"],
        expires_at=timezone.now() + dt.timedelta(days=30),
    )  # fmt: skip
    slot = slots_of(mission)[0]
    meeting = meeting_between(mission, sme_org, approved_buyer_org, demand=demand,
                              status=Meeting.Status.PUBLISHED, slot=slot, table=1,
                              published_slot=slot, published_table=1)  # fmt: skip
    schedule_run = ScheduleRun.objects.create(mission=mission, status="done", started_by=staff)
    past_slot = slots_of(done)[0]
    past_meeting = meeting_between(done, sme_org, approved_buyer_org,
                                   status=Meeting.Status.PUBLISHED, slot=past_slot, table=1,
                                   published_slot=past_slot, published_table=1)  # fmt: skip
    other_past = meeting_between(done, other_sme_org, other_buyer_org,
                                 status=Meeting.Status.PUBLISHED, slot=past_slot, table=2,
                                 published_slot=past_slot, published_table=2)  # fmt: skip
    MeetingFeedback.objects.create(
        meeting=past_meeting, organisation=sme_org, took_place="held", rating="useful",
        next_step="Nordic feedback next step 7Q", answered_by=users["sme_owner"],
    )
    follow_up = FollowUp.objects.create(meeting=past_meeting, organisation=sme_org, months=3,
                                        due_on=timezone.localdate())  # fmt: skip
    Outcome.objects.create(
        mission=done, meeting=past_meeting, sme=sme_org, buyer=approved_buyer_org,
        organisation=sme_org, kind="contract", value=7311957, currency="EUR",
        notes="Nordic outcome note 7Q", reported_by=users["sme_owner"],
    )
    Outcome.objects.create(
        mission=done, meeting=other_past, sme=other_sme_org, buyer=other_buyer_org,
        organisation=other_sme_org, kind="pilot", value=4242421, currency="USD",
        notes="Solar outcome note 7Q",
        reported_by=users["other_sme"],
    )
    thread = MessageThread.objects.create(sme=sme_org, demand=demand)
    Message.objects.create(thread=thread, author_organisation=approved_buyer_org,
                           author=users["approved_buyer"],
                           body="Message between Nordic and NYC 7Q")  # fmt: skip
    Notification.objects.create(recipient=users["sme_owner"], kind=Notification._meta.get_field(
        "kind").choices[0][0], params={}, url="/matching/mine/")  # fmt: skip

    consortium = consortium_form(
        demand=demand, actor=users["sme_owner"], lead=sme_org,
        members={sme_org.pk: [], third.organisation.pk: []},
    )
    third_member = ConsortiumMember.objects.get(consortium=consortium, sme=third.organisation)

    reference = reference_project_add(profile=sme_profile, title="Malmö heat network", year=2020)
    invitation = Invitation.objects.create(organisation=sme_org, role="member",
                                           email="invitee-7q@nordic-heat.example.com",
                                           invited_by=users["sme_owner"])  # fmt: skip
    member_membership = Membership.objects.get(user=users["sme_member"], organisation=sme_org)
    token, _secret = api_token_create(actor=users["sme_owner"], name="Nightly sync",
                                      scope="read")  # fmt: skip
    webhook = Webhook.objects.create(organisation=sme_org, url="https://hooks.example.com/x",
                                     events=["match.created"], secret="s" * 32)  # fmt: skip
    brief = intelligence_services.brief_save(
        market="china", sector=sector("district-heating"), actor=staff,
        fields={"market_size_en": "Large.", "policy_en": "Carbon peaking by 2030."},
    ).brief
    application = MissionApplication.objects.get(mission=mission, organisation=sme_org)
    day = mission.days.first()
    session = day.sessions.first()
    sme_slot = Slot.objects.filter(session=session).order_by("starts_at").last()
    Unavailability.objects.create(organisation=sme_org, slot=sme_slot)
    enrol = urlsplit(enrolment_url(staff)).path
    staff_uid, staff_token = enrol.rstrip("/").split("/")[-2:]
    respond = response_token(meeting=meeting, organisation_id=sme_org.pk, response="accepted",
                             user_id=users["sme_owner"].pk)  # fmt: skip

    # An approved investor (no persona works for it) interested in the SME; the approved
    # buyer is an approved landing-support provider, and the SME applied to its package.
    investor = OrganisationFactory(name="Green Capital Partners", slug="green-capital",
                                   kind="investor", buyer_approved=True)  # fmt: skip
    MembershipFactory(user=UserFactory(email="partner@green-capital.example.com"),
                      organisation=investor, role="owner")  # fmt: skip
    pipeline = Pipeline.objects.create(investor=investor, sme=sme_org, mission=mission,
                                       note="Investor note to Nordic 7Q", stage="interest")  # fmt: skip
    PackageProvider.objects.create(organisation=approved_buyer_org, approved=True,
                                   approved_by=staff, approved_at=timezone.now())  # fmt: skip
    package = SupportPackage.objects.create(
        provider=approved_buyer_org, host_city="Nanjing", kind="space", capacity=5,
        title_en="Soft landing in Jiangbei", description_en="Desks and a lab bench.",
    )
    landing_application = PackageApplication.objects.create(
        package=package, sme=sme_org, message="Nordic landing application 7Q",
        submitted_by=users["sme_owner"],
    )
    world = World()
    world.values = {
        "sme": sme_org.slug, "sme_id": sme_org.pk, "other_sme": other_sme_org.slug,
        "buyer_slug": approved_buyer_org.slug, "unapproved_buyer_slug": buyer_org.slug,
        "hidden": "hidden-draft", "mission": mission.slug, "mission_id": mission.pk,
        "done_id": done.pk, "demand": demand.pk, "closed_demand": closed_demand.pk,
        "other_demand": other_demand.pk, "application": application.pk, "day": day.pk,
        "session": session.pk, "slot": sme_slot.pk, "scoring_run": scoring_run.pk,
        "request": meeting_request.pk, "meeting": meeting.pk, "past_meeting": past_meeting.pk,
        "schedule_run": schedule_run.pk, "follow_up": follow_up.pk, "consortium": consortium.pk,
        "consortium_token": member_token(third_member), "invitation_token":
        invitation_token(invitation), "reference": reference.pk,
        "member": member_membership.pk, "token": token.pk, "webhook": webhook.pk,
        "brief": brief.pk, "staff_uid": staff_uid, "staff_token": staff_token,
        "respond_token": respond, "logo": sme_profile.logo.name, "hidden_logo": hidden.logo.name,
        "third_owner": third_owner.pk, "sme_profile": sme_profile.pk,
        "other_sme_id": other_sme_org.pk, "buyer_id": approved_buyer_org.pk,
        "other_buyer_id": other_buyer_org.pk, "next_run": scoring_run.pk + 1,
        "sme_owner_id": users["sme_owner"].pk, "pipeline": pipeline.pk,
        "package": package.pk, "landing_application": landing_application.pk,
        "profile_type": ContentType.objects.get_for_model(sme_profile).pk,
    }  # fmt: skip
    world.sessions = {"anonymous": None}
    for name in ALL_PERSONAS[1:]:
        client = Client()
        client.force_login(users[name], backend="django.contrib.auth.backends.ModelBackend")
        world.sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
    Group.objects.create(name="Programme team")
    OutboxMessage.objects.create(subject_key="meeting-invitation", mission=mission,
                                 meeting=meeting, recipient="owner@nordic-heat.example.com",
                                 kind="invitation", status="sent")  # fmt: skip
    for model in admin.site._registry:
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            world.admin_objects[model._meta.label_lower] = str(first.pk)
    assert Authenticator.objects.filter(user=users["staff"]).exists()
    return world


def _sme(name, slug, email, **fields):
    profile = CompanyProfileFactory(organisation__name=name, organisation__slug=slug,
                                    organisation__country="SE", **fields)  # fmt: skip
    owner = UserFactory(email=email)
    MembershipFactory(user=owner, organisation=profile.organisation, role="owner")
    return profile, owner


# --- Asking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    location: str = ""
    text: str = ""
    error: str = ""


class _PlainClient(Client):
    """The test client without its per-template bookkeeping (the matrix reads statuses,
    headers and text only), which makes the two thousand requests several times cheaper.
    A server error is kept on ``self.error`` instead of raised."""

    error = ""

    def request(self, **request):
        def keep(sender, request=None, **kwargs):
            import sys

            self.error = "{}: {}".format(*(lambda e: (type(e).__name__, e))(sys.exc_info()[1]))

        got_request_exception.connect(keep, dispatch_uid="authorization-matrix")
        try:
            response = self.handler(self._base_environ(**request))
        finally:
            got_request_exception.disconnect(dispatch_uid="authorization-matrix")
        if response.cookies:
            self.cookies.update(response.cookies)
        return response


def ask(world: World, persona: str, method: str, path: str, data=None) -> Answer:
    """One request as ``persona``; whatever it writes is rolled back, so every persona
    meets the same world."""
    client = _PlainClient()
    # One handler for all: a new one loads the middleware again (WhiteNoise walks every
    # static file each time).
    client.handler = world.handler = getattr(world, "handler", None) or client.handler
    if world.sessions[persona]:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[persona]
    with transaction.atomic():
        if method == "GET":
            response = client.get(path, data or {})
        else:
            response = client.post(path, data or {})
        transaction.set_rollback(True)
    text = ""
    if not getattr(response, "streaming", False):
        kind = response.get("Content-Type", "")
        if kind.startswith(("text/", "application/json", "application/xml")):
            text = response.content.decode("utf-8", "replace")
    return Answer(response.status_code, response.get("Location", ""), text, client.error[:300])


def login_url(path: str, *, admin_site: bool = False) -> str:
    base = reverse("admin:login") if admin_site else reverse(settings.LOGIN_URL)
    return f"{base}?next={quote(path, safe='/')}"
