"""Acceptance 2: every view of the companies app, for every persona, gives exactly the
expected response and shows exactly the expected data."""

import pytest
from django.urls import reverse

from companies.models import CompanyProfile, Invitation, Membership, Organisation, ReferenceProject

from ..factories import CompanyProfileFactory
from ..fixtures import PERSONAS

pytestmark = pytest.mark.django_db

OWN = "nordic-heat"  # the SME of sme_owner and sme_member
ORG_PEOPLE = {"sme_owner", "sme_member", "staff"}
ORG_OWNERS = {"sme_owner", "staff"}
CONTACT_SEERS = {"sme_owner", "sme_member", "approved_buyer", "staff"}
OWN_ORG_OF = {
    "sme_owner": "nordic-heat",
    "sme_member": "nordic-heat",
    "other_sme": "solar-alps",
    "buyer": "jiangbei-planning",
    "approved_buyer": "nyc-resilience",
}


@pytest.fixture
def companies_world(sme_owner, sme_member, other_sme_owner, buyer, approved_buyer, staff_user):
    """Everyone exists, plus one draft profile nobody but its owner and staff may see."""
    draft = CompanyProfileFactory(
        organisation__name="Hidden Draft Oy",
        organisation__slug="hidden-draft",
        status=CompanyProfile.Status.DRAFT,
        published_at=None,
        description_en="A draft about heat recovery.",
    )
    return {"draft": draft}


def _login_redirect(response, url: str) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("account_login") + "?next="
    )


def _expect(response, expected, url):
    if expected == "login":
        assert _login_redirect(response, url), (url, response.status_code)
    else:
        assert response.status_code == expected, (url, response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
def test_directory_lists_published_profiles_and_drafts_only_for_staff(persona, companies_world, persona_client):
    response = persona_client(persona).get(reverse("companies:directory"))
    assert response.status_code == 200
    slugs = [p.organisation.slug for p in response.context["page"].object_list]
    expected = ["hidden-draft", "nordic-heat", "solar-alps"] if persona == "staff" else [
        "nordic-heat", "solar-alps"
    ]
    assert slugs == expected
    body = response.content.decode()
    # Contact details never appear in the list, whoever looks.
    assert "sales@nordic-heat.example.com" not in body
    assert ('id="directory-export"' in body) == (persona == "staff")


@pytest.mark.parametrize("persona", PERSONAS)
def test_directory_export_is_staff_only(persona, companies_world, persona_client):
    url = reverse("companies:directory_export")
    response = persona_client(persona).get(url + "?sector=district-heating")
    expected = {"anonymous": "login", "staff": 200}.get(persona, 403)
    _expect(response, expected, url)
    if persona == "staff":
        rows = b"".join(response.streaming_content).decode().splitlines()
        assert rows[0].startswith("name,country,city,website,status,sectors")
        assert [row.split(",")[0] for row in rows[1:]] == ["Hidden Draft Oy", "Nordic Heat Solutions"]
        assert "sales@nordic-heat.example.com" in rows[2]


@pytest.mark.parametrize("persona", PERSONAS)
def test_published_profile_page_shows_contacts_only_to_entitled(persona, companies_world, persona_client):
    response = persona_client(persona).get(reverse("companies:profile_detail", args=[OWN]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nordic Heat Solutions" in body
    assert ("sales@nordic-heat.example.com" in body) == (persona in CONTACT_SEERS)
    assert ("+43 316 000000" in body) == (persona in CONTACT_SEERS)
    assert ('id="contact-pending"' in body) == (persona == "buyer")
    assert (reverse("companies:profile_edit", args=[OWN]) in body) == (persona in ORG_PEOPLE)


@pytest.mark.parametrize("persona", PERSONAS)
def test_draft_profile_page_only_for_its_people_and_staff(persona, companies_world, persona_client, sme_profile):
    sme_profile.status = CompanyProfile.Status.DRAFT
    sme_profile.save(update_fields=["status"])
    response = persona_client(persona).get(reverse("companies:profile_detail", args=[OWN]))
    assert response.status_code == (200 if persona in ORG_PEOPLE else 404)
    if response.status_code == 200:
        assert 'id="draft-notice"' in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "name", ["organisation_manage", "organisation_edit", "profile_edit", "references"]
)
def test_own_organisation_pages(persona, name, companies_world, persona_client):
    url = reverse(f"companies:{name}", args=[OWN])
    response = persona_client(persona).get(url)
    expected = 200 if persona in ORG_PEOPLE else ("login" if persona == "anonymous" else 404)
    _expect(response, expected, url)
    if name == "organisation_manage" and expected == 200:
        body = response.content.decode()
        assert "owner@nordic-heat.example.com" in body
        assert "member@nordic-heat.example.com" in body
        # Only owners and staff see the invitation form and role controls.
        assert ('id="invite-form"' in body) == (persona in ORG_OWNERS)
    if name == "profile_edit" and expected == 200:
        assert response.context["form"].initial["contact_email"] == "sales@nordic-heat.example.com"


@pytest.mark.parametrize("persona", PERSONAS)
def test_my_organisation_redirects_to_own(persona, companies_world, persona_client):
    response = persona_client(persona).get(reverse("companies:my_organisation"))
    if persona == "anonymous":
        assert _login_redirect(response, "mine")
    elif persona == "staff":
        assert response.status_code == 302
        assert response["Location"] == reverse("companies:directory")
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "companies:organisation_manage", args=[OWN_ORG_OF[persona]]
        )


@pytest.mark.parametrize("persona", PERSONAS)
def test_preferences_for_anyone_signed_in(persona, companies_world, persona_client):
    url = reverse("companies:preferences")
    _expect(persona_client(persona).get(url), "login" if persona == "anonymous" else 200, url)


@pytest.mark.parametrize("persona", PERSONAS)
def test_buyer_approval_page_is_staff_only(persona, companies_world, persona_client):
    url = reverse("companies:buyer_approvals")
    response = persona_client(persona).get(url)
    _expect(response, {"anonymous": "login", "staff": 200}.get(persona, 403), url)
    if persona == "staff":
        assert [b.slug for b in response.context["buyers"]] == [
            "jiangbei-planning", "nyc-resilience"
        ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_buyer_approval_set(persona, companies_world, persona_client, buyer_org):
    url = reverse("companies:buyer_approval_set", args=[buyer_org.slug])
    response = persona_client(persona).post(url, {"approved": "1"})
    _expect(response, {"anonymous": "login", "staff": 302}.get(persona, 403), url)
    buyer_org.refresh_from_db()
    assert buyer_org.buyer_approved is (persona == "staff")


@pytest.mark.parametrize("persona", PERSONAS)
def test_publish_and_unpublish(persona, companies_world, persona_client, sme_profile):
    client = persona_client(persona)
    url = reverse("companies:profile_unpublish", args=[OWN])
    response = client.post(url)
    allowed = persona in ORG_PEOPLE
    _expect(response, 302 if allowed else ("login" if persona == "anonymous" else 404), url)
    sme_profile.refresh_from_db()
    assert sme_profile.status == ("draft" if allowed else "published")
    response = client.post(reverse("companies:profile_publish", args=[OWN]))
    sme_profile.refresh_from_db()
    assert sme_profile.status == "published"


@pytest.mark.parametrize("persona", PERSONAS)
def test_invite_member(persona, companies_world, persona_client, django_capture_on_commit_callbacks):
    url = reverse("companies:member_invite", args=[OWN])
    with django_capture_on_commit_callbacks(execute=True):
        response = persona_client(persona).post(url, {"email": "new@nordic-heat.example.com", "role": "member"})
    expected = {"anonymous": "login", "sme_owner": 302, "staff": 302, "sme_member": 403}.get(persona, 404)
    _expect(response, expected, url)
    invited = list(Invitation.objects.values_list("organisation__slug", "email", "role"))
    assert invited == ([(OWN, "new@nordic-heat.example.com", "member")] if expected == 302 else [])


@pytest.mark.parametrize("persona", PERSONAS)
def test_change_role_and_remove_member(persona, companies_world, persona_client, sme_member):
    client = persona_client(persona)
    membership = Membership.objects.get(user=sme_member)
    expected = {"anonymous": "login", "sme_owner": 302, "staff": 302, "sme_member": 403}.get(persona, 404)
    url = reverse("companies:member_role", args=[OWN, membership.pk])
    _expect(client.post(url, {"role": "owner"}), expected, url)
    membership.refresh_from_db()
    assert membership.role == ("owner" if expected == 302 else "member")
    url = reverse("companies:member_remove", args=[OWN, membership.pk])
    _expect(client.post(url), expected, url)
    assert Membership.objects.filter(pk=membership.pk).exists() is (expected != 302)


@pytest.mark.parametrize("persona", PERSONAS)
def test_edit_organisation_and_add_delete_reference(persona, companies_world, persona_client, sme_org):
    client = persona_client(persona)
    allowed = persona in ORG_PEOPLE
    expected = 302 if allowed else ("login" if persona == "anonymous" else 404)
    url = reverse("companies:organisation_edit", args=[OWN])
    data = {"name": "Nordic Heat AB", "country": "SE", "city": "Lund", "website": "https://nh.example.com"}
    _expect(client.post(url, data), expected, url)
    sme_org.refresh_from_db()
    assert (sme_org.name, sme_org.city) == (
        ("Nordic Heat AB", "Lund") if allowed else ("Nordic Heat Solutions", "Malmö")
    )
    url = reverse("companies:references", args=[OWN])
    _expect(client.post(url, {"title": "Heat pump for Lund", "year": "2024"}), expected, url)
    titles = list(ReferenceProject.objects.filter(profile__organisation=sme_org).values_list("title", flat=True))
    assert titles == (["Heat pump for Lund"] if allowed else [])
    reference = ReferenceProject.objects.create(profile=sme_org.profile, title="Existing")
    url = reverse("companies:reference_delete", args=[OWN, reference.pk])
    _expect(client.post(url), expected, url)
    assert ReferenceProject.objects.filter(pk=reference.pk).exists() is (not allowed)


@pytest.mark.parametrize("persona", PERSONAS)
def test_profile_edit_post(persona, companies_world, persona_client, sme_profile):
    url = reverse("companies:profile_edit", args=[OWN])
    data = {
        "description_en": "New words about heat.",
        "sectors": [sme_profile.sectors.get().pk],
        "technologies": "heat pumps, thermal storage",
        "trl": "9",
        "target_markets": ["usa"],
        "certifications": ["CE"],
    }
    response = persona_client(persona).post(url, data)
    allowed = persona in ORG_PEOPLE
    _expect(response, 302 if allowed else ("login" if persona == "anonymous" else 404), url)
    sme_profile.refresh_from_db()
    if allowed:
        assert (sme_profile.description_en, sme_profile.trl, sme_profile.technologies) == (
            "New words about heat.", 9, ["heat pumps", "thermal storage"]
        )
        assert sme_profile.target_markets == ["usa"]
    else:
        assert sme_profile.trl == 7


def test_buyer_has_no_company_profile_to_edit(buyer_client, buyer_org):
    assert buyer_client.get(reverse("companies:profile_edit", args=[buyer_org.slug])).status_code == 404
    assert buyer_client.get(reverse("companies:organisation_manage", args=[buyer_org.slug])).status_code == 200


def test_newcomer_registers_an_organisation(db):
    from ..factories import UserFactory
    from ..fixtures import _client_for

    user = UserFactory(email="new@example.org")
    client = _client_for(user)
    response = client.get(reverse("companies:my_organisation"))
    assert response.status_code == 200
    response = client.post(
        reverse("companies:my_organisation"),
        {"kind": "buyer", "name": "Shenzhen Water", "country": "CN", "city": "Shenzhen", "website": ""},
    )
    organisation = Organisation.objects.get(name="Shenzhen Water")
    assert response["Location"] == reverse("companies:organisation_manage", args=[organisation.slug])
    assert (organisation.kind, organisation.buyer_approved) == ("buyer", False)
    assert list(organisation.memberships.values_list("user__email", "role")) == [("new@example.org", "owner")]
