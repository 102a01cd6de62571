"""A host city partner staff approved as a package provider, and its packages."""

import pytest

from companies.models import Membership, Organisation
from matchmaking.landing import services
from matchmaking.landing.models import SupportPackage
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def provider_org(db, staff_user):
    organisation = OrganisationFactory(
        name="Jiangbei Innovation Centre", slug="jiangbei-innovation-centre",
        kind=Organisation.Kind.CLUSTER, country="CN", city="Nanjing",
    )
    services.provider_set_approval(organisation=organisation, approved=True, actor=staff_user)
    return organisation


@pytest.fixture
def provider(provider_org):
    user = UserFactory(email="landing@jbic.example.cn", time_zone="Asia/Shanghai",
                       language="zh-hans")
    MembershipFactory(user=user, organisation=provider_org, role=Membership.Role.OWNER)
    return user


def make_package(provider_org, actor, **fields) -> SupportPackage:
    values = {
        "host_city": "Nanjing", "country": "CN", "kind": SupportPackage.Kind.SPACE,
        "title_en": "Six months of lab space in Jiangbei",
        "title_zh": "江北新区六个月实验室场地",
        "description_en": "A furnished lab bench and a desk in the innovation centre.",
        "description_zh": "创新中心内配备家具的实验台和办公桌。",
        "eligibility_en": "SMEs of a mission delegation.",
        "capacity": 3,
    }
    values.update(fields)
    return services.package_create(actor=actor, provider=provider_org, **values)


@pytest.fixture
def package(provider_org, provider):
    return make_package(provider_org, provider)
