"""An organisation's export, erasure and re-import: everything leaves in the zip, nothing
personal stays in any table after erasure, the funders' KPIs do not move, and the profile
comes back from the export's CSV."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone

from companies.models import CompanyProfile, Membership, Organisation, ReferenceProject, User
from companies.portability import profile_row
from companies.profile_import import profiles_import
from matchmaking.api import services as api_services
from matchmaking.models import (
    MeetingFeedback,
    MeetingRequest,
    Message,
    MessageThread,
    Notification,
    Outcome,
)
from matchmaking.outcomes.kpis import kpi_report
from matchmaking.webhooks import services as webhook_services
from tests.matchmaking.conftest import delegate
from tests.matchmaking.outcomes.conftest import past_mission, published_meeting

PDF = b"%PDF-1.4\n% brochure of Nordic Heat\n"


@pytest.fixture
def held_data(sme_org, sme_owner, sme_member, buyer_org, buyer, other_sme_org, settings):
    """Nordic Heat with two people, files, references, tokens, a webhook, a message thread,
    notifications and a past mission with a meeting, feedback and outcomes."""
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
    profile = sme_org.profile
    profile.brochure.save("nordic-heat.pdf", ContentFile(PDF), save=True)
    ReferenceProject.objects.create(profile=profile, title="Malmö district heat",
                                    description="Built with Olga Owner's team.")
    api_services.api_token_create(actor=sme_owner, name="CRM", scope="read", organisation=sme_org)
    webhook_services.webhook_create(organisation=sme_org, actor=sme_owner,
                                    url="http://127.0.0.1:9/hook", events=["match.created"])
    mission = past_mission()
    delegate(mission, sme_org)
    meeting = published_meeting(mission, sme_org, buyer_org)
    demand = mission.demand_projects.create(buyer=buyer_org, title="Heat grid", city="Nanjing",
                                            description_en="Heat.", market="china")
    MeetingRequest.objects.create(
        mission=mission, sme=sme_org, buyer=buyer_org, requested_by_org=sme_org,
        requested_by=sme_owner, demand=demand, message="Olga Owner here, let us meet.",
        expires_at=timezone.now() + dt.timedelta(days=5), status="accepted",
    )
    MeetingFeedback.objects.create(meeting=meeting, organisation=sme_org, took_place="held",
                                   rating="deal_expected", next_step="Mats Member calls back.",
                                   answered_by=sme_member)
    Outcome.objects.create(mission=mission, meeting=meeting, sme=sme_org, buyer=buyer_org,
                           organisation=sme_org, kind="pilot", value=50_000, currency="EUR",
                           notes="Signed by Olga Owner", reported_by=sme_owner)
    Outcome.objects.create(mission=mission, meeting=meeting, sme=sme_org, buyer=buyer_org,
                           organisation=buyer_org, kind="loi", notes="With Nordic Heat Solutions",
                           reported_by=buyer)
    thread = MessageThread.objects.create(sme=sme_org, demand=demand)
    Message.objects.create(thread=thread, author_organisation=sme_org, author=sme_owner,
                           body="Regards, Olga Owner (owner@nordic-heat.example.com)")
    Message.objects.create(thread=thread, author_organisation=buyer_org, author=buyer,
                           body="Thank you, Nordic Heat Solutions.")
    Notification.objects.create(recipient=sme_owner, kind="message", params={"x": 1})
    Notification.objects.create(recipient=buyer, kind="message",
                                params={"organisation": "Nordic Heat Solutions"})
    return {"mission": mission, "meeting": meeting, "demand": demand}


def _text_fields(model):
    return [f for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))]


def _personal_left(people_ids, identifiers) -> list[str]:
    """Every row of every model that references one of the people or holds one of their
    names or addresses."""
    left = []
    for model in apps.get_models():
        label = model._meta.label
        manager = model._base_manager
        if model is User and manager.filter(pk__in=people_ids).exists():
            left.append(f"{label}: the account")
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User and manager.filter(
                **{f"{field.attname}__in": people_ids}
            ).exists():
                left.append(f"{label}.{field.name} references a person")
        for field in _text_fields(model):
            for identifier in identifiers:
                forms = {identifier, json.dumps(identifier)[1:-1]}
                for form in forms:
                    if manager.filter(**{f"{field.attname}__icontains": form}).exists():
                        left.append(f"{label}.{field.name} holds {identifier!r}")
    return left


def _kpis() -> dict:
    report = kpi_report()
    return {
        "total": (report.total.counts, report.total.no_shows, report.total.values),
        "groups": [(key, [(g, f.counts) for g, f in groups])
                   for key, _label, groups in report.breakdowns if key != "cluster"],
    }


@pytest.mark.django_db
def test_export_then_erasure_then_profile_import_round_trip(
    held_data, sme_owner_client, sme_org, sme_owner, sme_member, staff_user,
    django_capture_on_commit_callbacks,
):
    profile = sme_org.profile
    exported_row = profile_row(profile)
    brochure = profile.brochure
    people = [sme_owner.pk, sme_member.pk]
    identifiers = ["owner@nordic-heat.example.com", "member@nordic-heat.example.com",
                   "Olga Owner", "Mats Member", "Nordic Heat Solutions",
                   profile.contact_name, profile.contact_email]
    kpis_before = _kpis()
    # The walk finds the data while it is there, so its empty answer below means something.
    before = _personal_left(people, identifiers)
    assert {"companies.User: the account", "matchmaking.Message.body holds 'Olga Owner'",
            "companies.CompanyProfile.contact_email holds 'sales@nordic-heat.example.com'",
            "matchmaking.Notification.params holds 'Nordic Heat Solutions'"} <= set(before)
    assert kpis_before["total"][0]["held"] == 1 and kpis_before["total"][0]["pilots_contracts"] == 1

    response = sme_owner_client.get(reverse("portability:export", args=[sme_org.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.read(f"files/{brochure.name}") == PDF
    document = json.loads(archive.read("organisation.json"))
    records = document["records"]
    assert document["organisation"]["name"] == "Nordic Heat Solutions"
    assert sorted(u["email"] for u in records["companies.user"]) == [
        "member@nordic-heat.example.com", "owner@nordic-heat.example.com"]
    assert all("password" not in u for u in records["companies.user"])
    assert all("key_hash" not in t for t in records["matchmaking.apitoken"])
    assert all("secret" not in h for h in records["matchmaking.webhook"])
    assert [r["title"] for r in records["companies.referenceproject"]] == ["Malmö district heat"]
    assert {o["kind"] for o in records["matchmaking.outcome"]} == {"pilot", "loi"}
    assert len(records["matchmaking.message"]) == 2
    assert [m["email"] for m in records["account.emailaddress"]] == [] or all(
        m["user"] in people for m in records["account.emailaddress"])
    profile_csv = archive.read("profile.csv").decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = sme_owner_client.post(reverse("portability:data", args=[sme_org.slug]),
                                         {"confirm": "Nordic Heat Solutions"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not brochure.storage.exists(brochure.name)

    assert _personal_left(people, identifiers) == []
    sme_org.refresh_from_db()
    assert (sme_org.name, sme_org.kind, sme_org.country) == (f"[deleted] #{sme_org.pk}", "sme", "SE")
    assert Membership.objects.filter(organisation=sme_org).count() == 0
    assert CompanyProfile.objects.get(organisation=sme_org).status == "draft"
    assert Message.objects.filter(author_organisation=sme_org).count() == 0
    assert Outcome.objects.filter(sme=sme_org).count() == 2
    assert _kpis() == kpis_before

    # Cluster staff bring the SME back from the export's CSV, through the bulk import.
    result = profiles_import(content=profile_csv.encode(), actor=staff_user)
    assert result.errors == []
    [comeback] = result.created
    assert (comeback.name, comeback.kind) == ("Nordic Heat Solutions", "sme")
    restored = CompanyProfile.objects.get(organisation=comeback)
    skip = {"logo", "brochure", "status"}
    assert {k: v for k, v in profile_row(restored).items() if k not in skip} == {
        k: v for k, v in exported_row.items() if k not in skip}
    assert restored.status == CompanyProfile.Status.DRAFT


@pytest.mark.django_db
def test_a_person_of_another_organisation_keeps_the_account(sme_org, sme_owner, sme_member,
                                                            other_sme_org):
    from matchmaking.portability import services

    Membership.objects.create(user=sme_member, organisation=other_sme_org, role="member")
    erasure = services.organisation_erase(organisation=sme_org, actor=sme_owner)
    assert (erasure.accounts_deleted, erasure.memberships_removed) == (1, 2)
    assert not User.objects.filter(pk=sme_owner.pk).exists()
    assert list(sme_member.memberships.values_list("organisation", flat=True)) == [
        other_sme_org.pk]


@pytest.mark.django_db
def test_only_an_owner_may_erase(sme_org, sme_member, staff_user):
    from django.core.exceptions import PermissionDenied

    from matchmaking.portability import services

    for actor in (sme_member, staff_user):
        with pytest.raises(PermissionDenied):
            services.organisation_erase(organisation=sme_org, actor=actor)
    assert Organisation.objects.get(pk=sme_org.pk).name == "Nordic Heat Solutions"
