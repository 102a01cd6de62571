"""Findings of the security probe in companies: each test failed on the code before its fix.

Sign-up through an invitation with another address, organisations only after the address
is verified, invitation flooding, staff TOTP enrolment, and who may download uploads.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from companies import services
from companies.models import (
    CompanyProfile,
    Invitation,
    Membership,
    Organisation,
    PendingOrganisation,
    User,
)

from ..fixtures import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _invitation_link(organisation: Organisation, inviter: User, email: str) -> str:
    invitation = services.invitation_create(
        organisation=organisation, email=email, role=Membership.Role.MEMBER, invited_by=inviter
    )
    return reverse("companies:invitation_accept", args=[services.invitation_token(invitation)])


# --- Finding 2: sign-up after opening an invitation, with another address -----------------


def test_signup_with_another_address_than_the_invited_one_is_refused_and_writes_nothing(
    sme_org, sme_owner
):
    client = Client()
    link = _invitation_link(sme_org, sme_owner, "colleague@nordic-heat.example.com")
    assert client.get(link).status_code == 200
    users_before = User.objects.count()

    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Someone Else",
            "email": "someone.else@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "This invitation to Nordic Heat Solutions is for colleague@nordic-heat.example.com. "
        "Sign up with that address, or open the invitation again and choose to register "
        "your own organisation."
    ]
    assert User.objects.count() == users_before
    assert not User.objects.filter(email="someone.else@example.org").exists()
    assert Organisation.objects.count() == 1
    assert Invitation.objects.get().accepted_at is None


def test_declining_an_invitation_gives_the_full_signup_form(sme_org, sme_owner):
    client = Client()
    link = _invitation_link(sme_org, sme_owner, "colleague@nordic-heat.example.com")
    client.get(link)
    response = client.get(link + "?decline=1")
    assert response["Location"] == reverse("account_signup")
    form = client.get(reverse("account_signup")).context["form"]
    assert {"kind", "organisation_name", "country"} <= set(form.fields)


def test_signup_with_the_invited_address_joins_the_organisation(sme_org, sme_owner):
    client = Client()
    link = _invitation_link(sme_org, sme_owner, "colleague@nordic-heat.example.com")
    client.get(link)
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Cora Colleague",
            "email": "Colleague@nordic-heat.example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="colleague@nordic-heat.example.com")
    assert list(user.memberships.values_list("organisation__slug", "role")) == [
        ("nordic-heat", "member")
    ]
    assert Organisation.objects.count() == 1


# --- Finding 9: organisations only after the e-mail address is verified -------------------


def _signup(client: Client, **overrides):
    data = {
        "kind": "buyer",
        "organisation_name": "Nanjing Utilities",
        "country": "CN",
        "full_name": "Li Wei",
        "email": "li@nanjing.example.cn",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
    return client.post(reverse("account_signup"), data)


def _confirm(client: Client) -> None:
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    assert client.post(link).status_code == 302


def test_buyer_is_queued_for_approval_only_after_verifying_the_address(staff_client):
    client = Client()
    assert _signup(client).status_code == 302
    user = User.objects.get(email="li@nanjing.example.cn")
    assert not Organisation.objects.filter(kind="buyer").exists()
    assert not user.memberships.exists()
    queue = staff_client.get(reverse("companies:buyer_approvals"))
    assert "Nanjing Utilities" not in queue.content.decode()

    _confirm(client)

    organisation = Organisation.objects.get(kind="buyer")
    assert (organisation.name, organisation.country.code, organisation.buyer_approved) == (
        "Nanjing Utilities", "CN", False
    )
    assert list(user.memberships.values_list("organisation__name", "role")) == [
        ("Nanjing Utilities", "owner")
    ]
    assert "Nanjing Utilities" in staff_client.get(reverse("companies:buyer_approvals")).content.decode()
    assert not PendingOrganisation.objects.exists()


def test_sme_gets_its_organisation_and_draft_profile_only_after_verification():
    client = Client()
    _signup(client, kind="sme", organisation_name="Graz Solar GmbH", country="AT",
            email="franz@graz-solar.example.com")
    assert not Organisation.objects.exists()
    assert not CompanyProfile.objects.exists()
    _confirm(client)
    organisation = Organisation.objects.get()
    assert (organisation.slug, organisation.kind, organisation.profile.status) == (
        "graz-solar-gmbh", "sme", CompanyProfile.Status.DRAFT
    )
    # Confirming again (or another address later) creates nothing more.
    user = User.objects.get()
    assert services.signup_organisation_create(user=user) is None
    assert Organisation.objects.count() == 1


# --- Finding 5: invitations are de-duplicated, rate-limited and keep free text out of the
# subject ----------------------------------------------------------------------------------


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """Invite through the owner's page; returns the messages shown (mail goes on commit)."""

    def post(client: Client, organisation: Organisation, email: str) -> list[str]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("companies:member_invite", args=[organisation.slug]),
                {"email": email, "role": "member"},
                follow=True,
            )
        return [str(message) for message in response.context["messages"]]

    return post


def test_repeated_invitations_to_one_address_send_one_mail(sme_owner_client, sme_org, invite):
    answers = [invite(sme_owner_client, sme_org, "new@nordic-heat.example.com") for _ in range(12)]
    assert answers[0] == ["An invitation has been sent to new@nordic-heat.example.com."]
    assert answers[1:] == [
        ["new@nordic-heat.example.com has already been invited and the invitation is still valid."]
    ] * 11
    assert Invitation.objects.filter(organisation=sme_org).count() == 1
    assert [message.to for message in mail.outbox] == [["new@nordic-heat.example.com"]]


def test_an_expired_invitation_is_replaced_by_a_new_one(sme_owner, sme_org):
    first = services.invitation_create(
        organisation=sme_org, email="late@example.org", role="member", invited_by=sme_owner
    )
    Invitation.objects.filter(pk=first.pk).update(
        created_at=first.created_at - services.INVITATION_MAX_AGE
    )
    second = services.invitation_create(
        organisation=sme_org, email="late@example.org", role="member", invited_by=sme_owner
    )
    assert list(Invitation.objects.values_list("pk", flat=True)) == [second.pk]


def test_invitations_per_inviter_are_rate_limited(sme_owner_client, sme_org, invite):
    limit = services.INVITATIONS_PER_HOUR
    for number in range(limit):
        assert invite(sme_owner_client, sme_org, f"person{number}@example.org") == [
            f"An invitation has been sent to person{number}@example.org."
        ]
    assert invite(sme_owner_client, sme_org, "one-too-many@example.org") == [
        "You have sent too many invitations in the last hour. Please try again later."
    ]
    assert Invitation.objects.count() == limit
    assert len(mail.outbox) == limit


def test_invitation_subject_carries_no_free_text(sme_owner_client, sme_org, invite):
    sme_org.name = "WIN A PRIZE at prize.example.com"
    sme_org.save(update_fields=["name"])
    invite(sme_owner_client, sme_org, "new@nordic-heat.example.com")
    (message,) = mail.outbox
    assert message.subject == "You are invited to join an organisation on Cleantech Matchmaking"
    assert "WIN A PRIZE at prize.example.com" in message.body
