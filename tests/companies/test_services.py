"""Organisations, members and invitations, profiles, publishing and the search vector."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from companies import selectors, services
from companies.models import CompanyProfile, Invitation, Membership

from ..factories import PASSWORD, CompanyProfileFactory, UserFactory
from ..fixtures import _client_for

pytestmark = pytest.mark.django_db


def _invite(organisation, owner, email="colleague@nordic-heat.example.com", role="member"):
    with mock.patch("django.db.transaction.on_commit", lambda fn: fn()):
        return services.invitation_create(
            organisation=organisation, email=email, role=role, invited_by=owner
        )


def _link_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/companies/invitations/\S+/)", message.body).group(1)


def test_invitation_mail_carries_a_signed_link(sme_org, sme_owner):
    invitation = _invite(sme_org, sme_owner, email=" Colleague@Nordic-Heat.example.com ")
    assert invitation.email == "colleague@nordic-heat.example.com"
    assert [m.to for m in mail.outbox] == [["colleague@nordic-heat.example.com"]]
    assert "Nordic Heat Solutions" not in mail.outbox[0].subject  # no free text there
    assert "Nordic Heat Solutions" in mail.outbox[0].body
    token = _link_path(mail.outbox[0]).split("/")[-2]
    assert services.invitation_from_token(token) == invitation
    with pytest.raises(services.InvitationInvalid):
        services.invitation_from_token(token[:-2] + "xx")


def test_invited_person_signs_up_and_joins_without_creating_an_organisation(sme_org, sme_owner):
    _invite(sme_org, sme_owner)
    client = Client()
    path = _link_path(mail.outbox[0])
    assert "Join Nordic Heat Solutions" in client.get(path).content.decode()
    signup_page = client.get(reverse("account_signup"))
    assert "organisation_name" not in signup_page.context["form"].fields
    response = client.post(
        reverse("account_signup"),
        {"full_name": "Carl Colleague", "email": "colleague@nordic-heat.example.com",
         "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = Membership.objects.get(user__email="colleague@nordic-heat.example.com").user
    assert list(user.memberships.values_list("organisation__slug", "role")) == [("nordic-heat", "member")]
    assert Invitation.objects.get().accepted_by == user
    # The link proved the address: signed in at once, no second verification mail.
    assert user.emailaddress_set.get().verified is True
    assert client.session["_auth_user_id"] == str(user.pk)
    assert len(mail.outbox) == 1
    # The link is used up.
    assert client.get(path).status_code == 404


def test_existing_user_accepts_and_wrong_person_cannot(sme_org, sme_owner):
    _invite(sme_org, sme_owner, role="owner")
    path = _link_path(mail.outbox[0])
    intruder = _client_for(UserFactory(email="intruder@example.org"))
    response = intruder.post(path)
    assert response.status_code == 200 and response.context["wrong_person"] is True
    assert Invitation.objects.get().accepted_at is None
    invitee = UserFactory(email="colleague@nordic-heat.example.com")
    response = _client_for(invitee).post(path)
    assert response["Location"] == reverse("companies:organisation_manage", args=["nordic-heat"])
    assert Membership.objects.get(user=invitee).role == "owner"


def test_expired_invitation_is_refused(sme_org, sme_owner):
    _invite(sme_org, sme_owner)
    path = _link_path(mail.outbox[0])
    later = dt.datetime.now(tz=dt.UTC) + services.INVITATION_MAX_AGE + dt.timedelta(minutes=1)
    with mock.patch.object(signing.time, "time", return_value=later.timestamp()):
        response = Client().get(path)
    assert response.status_code == 404
    assert "cannot be used" in response.content.decode()


def test_inviting_an_existing_member_is_refused(sme_org, sme_owner, sme_member):
    with pytest.raises(ValidationError):
        _invite(sme_org, sme_owner, email=sme_member.email.upper())
    assert not Invitation.objects.exists()


def test_the_last_owner_stays(sme_org, sme_owner, sme_member):
    owner_membership = Membership.objects.get(user=sme_owner)
    with pytest.raises(ValidationError):
        services.membership_change_role(membership=owner_membership, role="member")
    with pytest.raises(ValidationError):
        services.membership_remove(membership=owner_membership)
    member_membership = Membership.objects.get(user=sme_member)
    services.membership_change_role(membership=member_membership, role="owner")
    services.membership_change_role(membership=owner_membership, role="member")
    assert dict(sme_org.memberships.values_list("user__email", "role")) == {
        sme_owner.email: "member", sme_member.email: "owner"
    }


def test_last_owner_removal_via_view_shows_message(sme_owner_client, sme_owner):
    membership = Membership.objects.get(user=sme_owner)
    response = sme_owner_client.post(
        reverse("companies:member_remove", args=["nordic-heat", membership.pk]), follow=True
    )
    assert "at least one owner" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_publishing_needs_a_description_and_a_sector(sme_profile):
    sme_profile.status = CompanyProfile.Status.DRAFT
    sme_profile.save()
    sme_profile.sectors.clear()
    with pytest.raises(ValidationError, match="sectors"):
        services.profile_publish(profile=sme_profile)
    completeness = selectors.profile_completeness(sme_profile)
    assert completeness.can_publish is False
    assert [item.key for item in completeness.missing] == ["sectors", "logo", "brochure", "references"]


def test_profile_losing_a_requirement_goes_back_to_draft(sme_profile):
    services.profile_update(profile=sme_profile, data={"description_en": ""}, sectors=None)
    sme_profile.refresh_from_db()
    assert sme_profile.status == CompanyProfile.Status.DRAFT


def test_completeness_counts_what_is_there(sme_profile):
    completeness = selectors.profile_completeness(sme_profile)
    assert completeness.can_publish is True
    assert [item.key for item in completeness.missing] == ["logo", "brochure", "references"]
    assert completeness.percent == 75


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search vector is PostgreSQL only")
def test_search_vector_follows_profile_and_organisation_changes(sme_profile, anonymous_client):
    url = reverse("companies:directory")
    assert [p.organisation.slug for p in anonymous_client.get(url, {"q": "pumps"}).context["page"]] == ["nordic-heat"]
    CompanyProfile.objects.filter(pk=sme_profile.pk).update(description_en="Ice rinks.", technologies=[])
    assert list(anonymous_client.get(url, {"q": "pumps"}).context["page"]) == []
    organisation = sme_profile.organisation
    organisation.name = "Glacier Works"
    organisation.save()
    assert [p.organisation.slug for p in anonymous_client.get(url, {"q": "glacier"}).context["page"]] == ["nordic-heat"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL only")
def test_search_ranks_name_matches_first(anonymous_client):
    CompanyProfileFactory(organisation__name="Alpha Systems", description_en="We also do biogas.")
    CompanyProfileFactory(organisation__name="Biogas Nord", description_en="Anaerobic digesters.")
    page = anonymous_client.get(reverse("companies:directory"), {"q": "biogas"}).context["page"]
    assert [p.organisation.name for p in page] == ["Biogas Nord", "Alpha Systems"]


def test_export_neutralises_formulas():
    assert selectors._safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert selectors._safe_cell("@SUM") == "'@SUM"
    assert selectors._safe_cell("+43 316 000000") == "+43 316 000000"
    assert selectors._safe_cell("Plain") == "Plain"


def test_profile_changes_tell_the_hooks(sme_profile):
    from companies import hooks

    seen: list[int] = []
    hooks.register_profile_changed(seen.append)
    try:
        services.profile_update(profile=sme_profile, data={"trl": 8})
        services.profile_unpublish(profile=sme_profile)
        services.profile_publish(profile=sme_profile)
        reference = services.reference_project_add(profile=sme_profile, title="Pilot")
        services.reference_project_delete(reference=reference)
    finally:
        hooks.unregister_profile_changed(seen.append)
    assert seen == [sme_profile.organisation_id] * 5
