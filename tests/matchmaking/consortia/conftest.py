"""A demand project asking for three sectors and three SMEs that each cover one."""

from dataclasses import dataclass

import pytest

from companies.models import CompanyProfile, Membership, User
from matchmaking.matching.rescoring import demand_rescore
from missions.models import DemandProject, Mission
from tests.factories import CompanyProfileFactory, MembershipFactory, UserFactory
from tests.fixtures import sector
from tests.matchmaking.conftest import delegate, mission_with_agenda

HEAT = "district-heating.heat-networks"
WATER = "water-treatment.wastewater"
AUTOMATION = "energy-efficiency.building-energy-management"


@dataclass
class Trio:
    mission: Mission
    demand: DemandProject
    heat: CompanyProfile
    water: CompanyProfile
    automation: CompanyProfile
    owners: dict[int, User]


def _sme(name, slug, country, code, text, email):
    profile = CompanyProfileFactory(
        organisation__name=name,
        organisation__slug=slug,
        organisation__country=country,
        description_en=text,
        technologies=[],
        sectors=[code],
    )
    owner = UserFactory(email=email)
    MembershipFactory(user=owner, organisation=profile.organisation, role=Membership.Role.OWNER)
    return profile, owner


@pytest.fixture
def trio(db, approved_buyer_org, fresh_scoring_context, settings) -> Trio:
    settings.MATCHING_TOP_K = 20
    mission = mission_with_agenda(title="Nanjing Jiangbei 2027", target_market="china")
    heat, heat_owner = _sme(
        "Nordic Heat Grid", "nordic-heat-grid", "SE", HEAT,
        "Heat networks and large heat pumps for district heating.", "heat@example.org",
    )
    water, water_owner = _sme(
        "Aqua Flanders", "aqua-flanders", "BE", WATER,
        "Wastewater treatment plants with membrane bioreactors.", "water@example.org",
    )
    automation, automation_owner = _sme(
        "Danish Building Brains", "danish-building-brains", "DK", AUTOMATION,
        "Building energy management and automation for districts.", "bems@example.org",
    )
    for profile in (heat, water, automation):
        delegate(mission, profile.organisation)
    demand = DemandProject.objects.create(
        buyer=approved_buyer_org,
        mission=mission,
        title="Jiangbei eco-district utilities",
        description_en=(
            "District heating network, wastewater treatment and building energy management "
            "for a new eco-district."
        ),
        city="Nanjing",
        market="china",
    )
    demand.sectors.set([sector(HEAT), sector(WATER), sector(AUTOMATION)])
    demand_rescore(demand_id=demand.pk)
    return Trio(
        mission=mission,
        demand=demand,
        heat=heat,
        water=water,
        automation=automation,
        owners={
            heat.organisation_id: heat_owner,
            water.organisation_id: water_owner,
            automation.organisation_id: automation_owner,
        },
    )
