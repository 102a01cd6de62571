"""API tokens: made and revoked on their page by their owners, stored hashed, scoped, and
rate-limited one budget per token."""

import hashlib

import pytest
from django.core.cache import cache

from companies.models import Membership
from matchmaking.api import services
from matchmaking.api.models import ApiToken

from .conftest import bearer


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_the_page_shows_a_new_token_once_and_stores_only_its_hash(sme_owner_client, sme_owner):
    response = sme_owner_client.post(
        "/api/tokens/", {"name": "CRM sync", "scope": "read", "organisation": ""}
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    token = ApiToken.objects.get()
    assert (token.user, token.organisation, token.scope) == (sme_owner, None, "read")
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = " ".join(str(v) for v in ApiToken.objects.values().get().values())
    assert secret not in stored and secret[len(token.prefix):] not in stored
    again = sme_owner_client.get("/api/tokens/")
    assert secret not in again.content.decode() and token.prefix in again.content.decode()


@pytest.mark.django_db
def test_a_read_only_token_reads_but_cannot_write(client, sme_owner, sme_org, heat_demand):
    _token, secret = services.api_token_create(actor=sme_owner, name="read", scope="read")
    assert client.get("/api/v1/applications/", **bearer(secret)).status_code == 200
    response = client.post(
        f"/api/v1/matches/{heat_demand.pk}/feedback/", {"verdict": "interested"},
        content_type="application/json", **bearer(secret),
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "This token is read-only."


@pytest.mark.django_db
def test_a_read_write_token_writes_through_the_service(client, buyer, scored, sme_org):
    _token, secret = services.api_token_create(actor=buyer, name="crm", scope="write")
    response = client.post(
        f"/api/v1/demand-projects/{scored.pk}/decisions/",
        {"sme": sme_org.pk, "status": "declined"}, content_type="application/json",
        **bearer(secret),
    )
    # The same message as the page's form gives, from the same service.
    assert response.status_code == 400
    assert response.json() == {"reason": ["Please say why you decline this supplier."]}


@pytest.mark.django_db
def test_revoked_and_unknown_tokens_are_refused(client, sme_owner):
    token, secret = services.api_token_create(actor=sme_owner, name="old", scope="read")
    services.api_token_revoke(token=token, actor=sme_owner)
    assert client.get("/api/v1/missions/", **bearer(secret)).status_code == 401
    assert client.get("/api/v1/missions/", **bearer("cmk_nonsense")).status_code == 401


@pytest.mark.django_db
def test_organisation_tokens_belong_to_its_owners(client, sme_owner, sme_member, sme_org,
                                                  sme_member_client, other_sme_owner):
    with pytest.raises(Exception, match="owners"):
        services.api_token_create(actor=sme_member, name="x", scope="read", organisation=sme_org)
    token, secret = services.api_token_create(
        actor=sme_owner, name="org", scope="read", organisation=sme_org
    )
    assert client.get("/api/v1/missions/", **bearer(secret)).status_code == 200
    # A member who is not an owner does not see it on the page; another owner may revoke it.
    assert sme_member_client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    Membership.objects.filter(user=sme_member).update(role=Membership.Role.OWNER)
    assert sme_member_client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    # An organisation token stops working when its maker is no longer an owner.
    _t, second = services.api_token_create(
        actor=sme_owner, name="org2", scope="read", organisation=sme_org
    )
    Membership.objects.filter(user=sme_owner).update(role=Membership.Role.MEMBER)
    assert client.get("/api/v1/missions/", **bearer(second)).status_code == 401


@pytest.mark.django_db
def test_rate_limits_count_per_token(client, settings, sme_owner):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/minute", "user": "100/minute", "anon": "100/minute"},
    }
    _a, first = services.api_token_create(actor=sme_owner, name="a", scope="read")
    _b, second = services.api_token_create(actor=sme_owner, name="b", scope="read")
    codes = [client.get("/api/v1/sectors/", **bearer(first)).status_code for _i in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/v1/sectors/", **bearer(second)).status_code == 200
