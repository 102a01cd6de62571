"""Findings of the security probe in companies: each test failed on the code before its fix.

Sign-up through an invitation with another address, organisations only after the address
is verified, invitation flooding, staff TOTP enrolment, and who may download uploads.
"""

import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from companies import services, uploads
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


# --- Finding 3: uploads are served in production, to whoever may see the profile ----------

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (20, 120, 60)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def uploaded(sme_profile, sme_owner_client, django_capture_on_commit_callbacks):
    """The SME's logo and brochure uploaded through its profile page; their URLs."""
    services.profile_update(
        profile=sme_profile,
        data={},
        logo=uploads.clean_logo(SimpleUploadedFile("logo.png", _png(), "image/png")),
        brochure=uploads.clean_brochure(
            SimpleUploadedFile("brochure.pdf", MINIMAL_PDF, "application/pdf")
        ),
    )
    sme_profile.refresh_from_db()
    return sme_profile.logo.url, sme_profile.brochure.url


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_uploads_of_a_published_profile_are_served_with_debug_off(
    settings, anonymous_client, sme_profile, uploaded
):
    assert settings.DEBUG is False
    logo_url, brochure_url = uploaded
    page = anonymous_client.get(reverse("companies:profile_detail", args=["nordic-heat"]))
    assert logo_url in page.content.decode() and brochure_url in page.content.decode()

    logo = anonymous_client.get(logo_url)
    assert (logo.status_code, logo["Content-Type"]) == (200, "image/png")
    assert _body(logo) == sme_profile.logo.open("rb").read()
    assert logo["Content-Disposition"].startswith("inline")
    brochure = anonymous_client.get(brochure_url)
    assert (brochure.status_code, brochure["Content-Type"]) == (200, "application/pdf")
    assert _body(brochure) == MINIMAL_PDF
    assert brochure["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 404), ("other_sme", 404), ("buyer", 404), ("sme_member", 200), ("staff", 200)],
)
def test_uploads_of_a_draft_profile_go_only_to_its_people_and_staff(
    persona, status, persona_client, sme_profile, uploaded
):
    services.profile_unpublish(profile=sme_profile)
    logo_url, brochure_url = uploaded
    client = persona_client(persona)
    assert [client.get(url).status_code for url in (logo_url, brochure_url)] == [status, status]


def test_files_no_profile_refers_to_are_not_served(anonymous_client, uploaded, settings):
    stray = settings.MEDIA_ROOT / "logos" / "stray.png"
    stray.write_bytes(_png())
    assert anonymous_client.get("/media/logos/stray.png").status_code == 404
    assert anonymous_client.get("/media/logos/../logos/stray.png").status_code == 404
    assert anonymous_client.get("/media/%2e%2e/db.sqlite3").status_code == 404


def test_a_proxy_in_front_sends_the_file(settings, anonymous_client, sme_profile, uploaded):
    logo_url, _brochure_url = uploaded
    settings.MEDIA_SENDFILE = "x-accel-redirect"
    response = anonymous_client.get(logo_url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected-media/" + sme_profile.logo.name
    assert response.content == b""
    settings.MEDIA_SENDFILE = "x-sendfile"
    response = anonymous_client.get(logo_url)
    assert response["X-Sendfile"] == str(settings.MEDIA_ROOT / sme_profile.logo.name)
    assert response.content == b""


# --- Finding 8: staff enrol their authenticator only through an administrator's link ------


def _totp_code(secret: str) -> str:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _password_only_staff(email="new.staff@cluster.example.org") -> tuple[User, Client]:
    from ..fixtures import StaffFactory

    staff = StaffFactory(email=email, totp=False)
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return staff, client


def test_a_password_alone_cannot_enrol_totp_or_reach_staff_pages():
    from allauth.mfa.models import Authenticator

    staff, client = _password_only_staff()
    required = reverse("companies:staff_totp_required")
    for url in (
        reverse("companies:directory"), reverse("admin:index"), reverse("home"),
        reverse("mfa_activate_totp"), reverse("mfa_index"), reverse("account_reauthenticate"),
        reverse("companies:buyer_approvals"),
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, required), url
    # Posting a code for a secret of one's own choosing is refused the same way.
    response = client.post(reverse("mfa_activate_totp"), {"code": "123456"})
    assert (response.status_code, response["Location"]) == (302, required)
    assert not Authenticator.objects.filter(user=staff).exists()
    page = client.get(required)
    assert page.status_code == 200
    assert "ask an administrator for an enrolment link" in page.content.decode()


def test_an_administrators_link_lets_staff_enrol_once():
    from allauth.mfa.models import Authenticator

    from companies.staff_totp import enrolment_url

    staff, client = _password_only_staff()
    link = enrolment_url(staff).split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + link)
    assert response["Location"] == reverse("mfa_activate_totp")
    # allauth first asks to confirm the password, then shows the secret to scan.
    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302 and response["Location"].startswith(
        reverse("account_reauthenticate")
    ):
        client.post(response["Location"], {"password": PASSWORD})
        response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = response.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": _totp_code(secret)})
    assert Authenticator.objects.filter(user=staff, type="totp").count() == 1
    assert client.get(reverse("companies:directory")).status_code == 200
    # The link is used up.
    other = Client()
    other.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    assert other.get("/" + link).status_code == 404
    # Even with the authenticator gone again, the old link stays dead.
    Authenticator.objects.filter(user=staff).delete()
    assert other.get("/" + link).status_code == 404


def test_an_enrolment_link_works_only_for_its_own_account():
    from companies.staff_totp import enrolment_url

    owner_of_link, _client = _password_only_staff("first@cluster.example.org")
    _staff, client = _password_only_staff("second@cluster.example.org")
    link = enrolment_url(owner_of_link).split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + link)
    assert response.status_code == 404
    assert client.get(reverse("mfa_activate_totp"))["Location"] == reverse(
        "companies:staff_totp_required"
    )


def test_administrators_send_the_link_from_the_admin_and_by_command(staff_client):
    from io import StringIO

    from django.core.management import call_command

    from ..fixtures import StaffFactory

    admin = User.objects.get(email="staff@cluster.example.org")
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    newcomer = StaffFactory(email="newcomer@cluster.example.org", totp=False)
    response = staff_client.post(
        reverse("admin:companies_user_changelist"),
        {"action": "send_totp_enrolment_link", "_selected_action": [newcomer.pk, admin.pk]},
    )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["newcomer@cluster.example.org"]]
    assert "/companies/staff/authenticator/" in mail.outbox[0].body
    out = StringIO()
    call_command("staff_enrolment_link", "newcomer@cluster.example.org", stdout=out)
    assert "/companies/staff/authenticator/" in out.getvalue()
