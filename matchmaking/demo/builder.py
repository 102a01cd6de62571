"""Builds the demo data set: deterministic for a seed, idempotent on re-runs.

Everything is keyed by slug or e-mail and written with ``update_or_create``, so running it
twice leaves the same rows; the random generator is seeded, so two databases seeded with the
same ``seed`` hold the same companies.
"""

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils.text import slugify

from companies import taxonomy
from companies.models import (
    CompanyProfile,
    Membership,
    Organisation,
    ReferenceProject,
    Sector,
    User,
)
from companies.services import demo_staff_totp_setup
from missions.models import (
    AgendaSession,
    DemandProject,
    MeetingDay,
    Mission,
    MissionApplication,
)
from missions.services import agenda_session_generate_slots

from ..matching.models import MatchScore
from ..matching.rescoring import scoring_run_start_full
from ..meetings.models import Meeting
from . import content
from .intelligence import seed_demo_briefs, seed_demo_readiness
from .investors import PROVIDER_SLUG, seed_demo_investors_and_landing
from .outcomes import seed_demo_completed_mission

DEMO_PASSWORD = "demo-matchmaking-2027"
# Staff must log in with an authenticator app; the demo staff account uses this public
# secret, and ``demo_logins`` prints the current code (never do this for real accounts).
DEMO_STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPDEMOSTAFFTWOAAAA"
SME_COUNT = 125
PUBLISHED_FROM = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str


DEMO_LOGINS = [
    DemoLogin("SME", "sme@demo.example.org"),
    DemoLogin("SME (member)", "sme-colleague@demo.example.org"),
    DemoLogin("Buyer (China)", "buyer@demo.example.org"),
    DemoLogin("Buyer (USA)", "buyer-us@demo.example.org"),
    DemoLogin("Investor", "investor@demo.example.org"),
    DemoLogin("Cluster staff", "staff@demo.example.org"),
    DemoLogin("Administrator", "admin@demo.example.org"),
]


def sync_sectors() -> dict[str, Sector]:
    """Upsert the taxonomy into ``Sector`` rows (parents first); returns them by code."""
    sectors: dict[str, Sector] = {}
    for node in sorted(taxonomy.SECTORS, key=lambda s: (s.parent_code is not None, s.code)):
        sector, _ = Sector.objects.update_or_create(
            code=node.code,
            defaults={
                "parent": sectors.get(node.parent_code) if node.parent_code else None,
                "name_en": node.name_en,
                "name_zh": node.name_zh,
                "description": node.description_en,
            },
        )
        sectors[node.code] = sector
    return sectors


def _organisation(slug: str, name: str, kind: str, country: str, city: str, website: str = ""):
    organisation, _ = Organisation.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "kind": kind,
            "country": country,
            "city": city,
            "website": website,
            "buyer_approved": kind in (Organisation.Kind.BUYER, Organisation.Kind.INVESTOR),
        },
    )
    return organisation


def _user(email: str, full_name: str, *, time_zone: str, staff: bool = False, admin: bool = False):
    user, created = User.objects.update_or_create(
        email=email,
        defaults={
            "full_name": full_name,
            "time_zone": time_zone,
            "is_staff": staff or admin,
            "is_superuser": admin,
        },
    )
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _member(user: User, organisation: Organisation, role: str = Membership.Role.OWNER) -> None:
    Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )


def _sme_name(rng: random.Random, used: set[str], suffix: str) -> str:
    while True:
        name = f"{rng.choice(content.NAME_ROOTS)}{rng.choice(content.NAME_TAILS)}"
        if name not in used:
            used.add(name)
            return f"{name} {suffix}"


@transaction.atomic
def seed_demo(*, seed: int = 2027) -> dict[str, int]:
    """Create or refresh the whole demo data set; returns the counts per kind."""
    rng = random.Random(seed)
    sectors = sync_sectors()

    clusters = {
        slug: _organisation(slug, name, Organisation.Kind.CLUSTER, country, city, web)
        for slug, name, country, city, web in content.CLUSTERS
    }
    for slug, name, country, city, web in content.INVESTORS:
        _organisation(slug, name, Organisation.Kind.INVESTOR, country, city, web)
    # The host city's partner that offers landing support packages.
    _organisation(PROVIDER_SLUG, "Jiangbei Sweden-China Innovation Centre",
                  Organisation.Kind.CLUSTER, "CN", "Nanjing")
    buyers = {
        slug: _organisation(slug, name, Organisation.Kind.BUYER, country, city)
        for slug, name, country, city in content.BUYERS
    }

    smes = _seed_smes(rng, sectors, clusters)
    demands = _seed_demands(sectors, buyers)
    missions = _seed_missions(rng, sectors, clusters, buyers, smes, demands)
    _seed_users(smes, buyers, clusters)
    staff = User.objects.get(email="staff@demo.example.org")
    briefs = seed_demo_briefs(staff=staff)
    readiness = seed_demo_readiness(smes=smes, seed=seed, staff=staff)
    after = seed_demo_completed_mission(
        rng=rng, smes=smes, buyers=buyers, clusters=list(clusters.values())
    )
    after |= seed_demo_investors_and_landing(staff=staff)
    return {
        "sectors": len(sectors),
        "clusters": len(clusters),
        "buyers": len(buyers),
        "smes": len(smes),
        "demand_projects": len(demands),
        "missions": len(missions) + 1,
        "market_briefs": briefs,
        "readiness_checklists": readiness,
        **after,
    }


def _seed_smes(rng, sectors, clusters) -> list[Organisation]:
    sub_sectors = sorted(content.OFFERINGS)
    countries = sorted(content.SME_COUNTRIES)
    used_names: set[str] = set()
    smes = []
    for index in range(SME_COUNT):
        country = countries[index % len(countries)]
        cities, suffix, cluster_slug = content.SME_COUNTRIES[country]
        name = _sme_name(rng, used_names, suffix)
        city = rng.choice(cities)
        main = sub_sectors[index % len(sub_sectors)]
        offering, technologies, benefit = rng.choice(content.OFFERINGS[main])
        others = rng.sample(
            [code for code in sub_sectors if code != main], k=rng.choice([0, 1, 1, 2])
        )
        organisation = _organisation(
            f"sme-{slugify(name)}",
            name,
            Organisation.Kind.SME,
            country,
            city,
            f"https://{slugify(name)}.example.com",
        )
        founded = rng.randint(1995, 2022)
        description = (
            f"{name.rsplit(' ', 1)[0]} develops {offering} for "
            f"{rng.choice(content.CUSTOMERS)}. Our solution {benefit}. "
            f"{rng.choice(content.STRENGTHS)} Founded in {founded} in {city}."
        )
        markets = rng.choice([["china"], ["usa"], ["china", "usa"], ["china", "usa"], ["other"]])
        profile, _ = CompanyProfile.objects.update_or_create(
            organisation=organisation,
            defaults={
                "description_en": description,
                "technologies": technologies,
                "trl": rng.choice([5, 6, 7, 7, 8, 8, 9, 9]),
                "certifications": sorted(
                    rng.sample(content.CERTIFICATION_POOL, k=rng.randint(0, 3))
                ),
                "target_markets": markets,
                "employees_band": rng.choice(CompanyProfile.EmployeesBand.values),
                "turnover_band": rng.choice(CompanyProfile.TurnoverBand.values),
                "founded_year": founded,
                "contact_name": f"{rng.choice(['Anna', 'Lars', 'Sophie', 'Jonas', 'Claire', 'Mikkel', 'Eva', 'Pierre'])} "
                f"{rng.choice(['Berger', 'Nielsen', 'Dubois', 'Lindqvist', 'Maes', 'Huber', 'Laurent'])}",
                "contact_email": f"contact@{slugify(name)}.example.com",
                "status": CompanyProfile.Status.PUBLISHED,
                "published_at": PUBLISHED_FROM + dt.timedelta(days=index),
            },
        )
        # A few SMEs tick no sector at all, as real ones do; the rest tick theirs.
        chosen = [] if index % 17 == 5 else [main, *others]
        profile.sectors.set([sectors[code] for code in chosen])
        profile.clusters.set([clusters[cluster_slug]])
        ReferenceProject.objects.filter(profile=profile).delete()
        for _ in range(rng.randint(1, 3)):
            place = rng.choice(content.REFERENCE_PLACES)
            ReferenceProject.objects.create(
                profile=profile,
                title=f"{offering.split(' for ')[0].capitalize()} in {place}"[:200],
                place=place,
                year=rng.randint(max(founded, 2010), 2026),
                description=f"Delivered {offering} for a client in {place}; it {benefit}.",
                sector=sectors[main],
            )
        smes.append(organisation)
    return smes


def _seed_demands(sectors, buyers) -> list[DemandProject]:
    demands = []
    for (
        buyer_slug,
        title,
        codes,
        technologies,
        min_trl,
        certs,
        budget,
        stage,
        timeline,
        description_en,
        description_zh,
    ) in content.DEMANDS:
        buyer = buyers[buyer_slug]
        demand, _ = DemandProject.objects.update_or_create(
            buyer=buyer,
            title=title,
            defaults={
                "description_en": description_en,
                "description_zh": description_zh,
                "technologies": technologies,
                "city": buyer.city,
                "market": "china" if buyer.country == "CN" else "usa",
                "budget_band": budget,
                "timeline": timeline,
                "procurement_stage": stage,
                "min_trl": min_trl,
                "required_certifications": certs,
                "language": "zh-hans" if description_zh else "en",
                "contact_name": f"Project office, {buyer.name}",
                "contact_email": f"projects@{buyer.slug}.example.org",
                "status": DemandProject.Status.OPEN,
            },
        )
        demand.sectors.set([sectors[code] for code in codes])
        demands.append(demand)
    return demands


def _seed_missions(rng, sectors, clusters, buyers, smes, demands) -> list[Mission]:
    missions = []
    organiser_slugs = [slug for slug, *_ in content.CLUSTERS[:5]]
    statuses = [
        Mission.Status.CONFIRMED,
        Mission.Status.OPEN,
        Mission.Status.CONFIRMED,
        Mission.Status.DRAFT,
    ]
    for index, (slug, title, market, city, tz, start, days, buyer_slugs) in enumerate(
        content.MISSIONS
    ):
        start_date = dt.date.fromisoformat(start)
        zone = zoneinfo.ZoneInfo(tz)
        mission, _ = Mission.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "target_market": market,
                "host_city": city,
                "time_zone": tz,
                "start_date": start_date,
                "end_date": start_date + dt.timedelta(days=days - 1),
                "capacity": 25,
                "application_deadline": dt.datetime.combine(
                    start_date - dt.timedelta(days=60), dt.time(23, 59), tzinfo=zone
                ),
                "description": (
                    f"A delegation of up to 25 European cleantech SMEs meets buyers in {city}: "
                    "city planners, utilities, developers and investors with concrete demand "
                    "projects. Bilateral meetings are matched and scheduled in advance."
                ),
                "status": statuses[index],
            },
        )
        mission.organisers.set(
            [clusters[organiser_slugs[index % 5]], clusters[organiser_slugs[(index + 2) % 5]]]
        )
        mission_demands = [d for d in demands if d.buyer.slug in buyer_slugs]
        mission.sector_focus.set({s for d in mission_demands for s in d.sectors.all()})
        for demand in mission_demands:
            if demand.mission_id != mission.pk:
                demand.mission = mission
                demand.save(update_fields=["mission"])
        for day_offset in range(days):
            day, _ = MeetingDay.objects.get_or_create(
                mission=mission, date=start_date + dt.timedelta(days=day_offset)
            )
            for part, begin, end in (
                ("morning", dt.time(9, 0), dt.time(12, 30)),
                ("afternoon", dt.time(14, 0), dt.time(17, 30)),
            ):
                session, created = AgendaSession.objects.update_or_create(
                    day=day,
                    part=part,
                    defaults={
                        "start_time": begin,
                        "end_time": end,
                        "slot_minutes": 30,
                        "break_minutes": 0,
                        "tables": 12,
                    },
                )
                if created or not session.slots.exists():
                    agenda_session_generate_slots(session=session)
        # The delegation: SMEs targeting this market apply; confirmed missions accept 22.
        candidates = [o for o in smes if market in o.profile.target_markets]
        applicants = sorted(rng.sample(candidates, k=min(28, len(candidates))), key=lambda o: o.pk)
        accepted_count = 22 if mission.status == Mission.Status.CONFIRMED else 0
        for position, organisation in enumerate(applicants):
            status = MissionApplication.Status.SUBMITTED
            if accepted_count:
                status = (
                    MissionApplication.Status.ACCEPTED
                    if position < accepted_count
                    else MissionApplication.Status.WAITLISTED
                )
            if mission.status == Mission.Status.DRAFT:
                continue
            application, _ = MissionApplication.objects.update_or_create(
                mission=mission,
                organisation=organisation,
                defaults={
                    "motivation": (
                        f"We want to meet buyers in {city} who need "
                        f"{', '.join(organisation.profile.technologies[:2])}."
                    ),
                    "status": status,
                },
            )
            application.sectors.set(organisation.profile.sectors.all())
        missions.append(mission)
    return missions


def _seed_users(smes, buyers, clusters) -> None:
    sme_user = _user("sme@demo.example.org", "Anna Berger", time_zone="Europe/Vienna")
    _member(sme_user, smes[0])
    colleague = _user("sme-colleague@demo.example.org", "Jonas Huber", time_zone="Europe/Vienna")
    _member(colleague, smes[0], Membership.Role.MEMBER)
    buyer_user = _user("buyer@demo.example.org", "Li Wei", time_zone="Asia/Shanghai")
    buyer_user.language = "zh-hans"
    buyer_user.save(update_fields=["language"])
    _member(buyer_user, buyers["jiangbei-new-area-planning"])
    us_buyer = _user("buyer-us@demo.example.org", "Maria Lopez", time_zone="America/New_York")
    _member(us_buyer, buyers["nyc-resilience-office"])
    staff_user = _user(
        "staff@demo.example.org", "Eva Lindqvist", time_zone="Europe/Stockholm", staff=True
    )
    _member(staff_user, clusters["green-tech-cluster-austria"])
    demo_staff_totp_setup(user=staff_user, secret=DEMO_STAFF_TOTP_SECRET)
    investor = _user("investor@demo.example.org", "Karin Lund", time_zone="Europe/Stockholm")
    _member(investor, Organisation.objects.get(slug="winnoc"))
    admin = _user("admin@demo.example.org", "Platform Administrator", time_zone="UTC", admin=True)
    demo_staff_totp_setup(user=admin, secret=DEMO_STAFF_TOTP_SECRET)


def seed_demo_matches_and_meetings() -> dict[str, int]:
    """Score every pair, then give each confirmed mission accepted meetings to schedule.

    Runs the real full rescore (inline in the embedded setup, on the workers when a broker
    is configured). Meetings go to each mission buyer's best-scored delegation SMEs, so
    staff can schedule and publish them from the mission's page. Idempotent.
    """
    with transaction.atomic():
        scoring_run_start_full()
    meetings = 0
    for mission in Mission.objects.filter(status=Mission.Status.CONFIRMED):
        delegation = set(
            mission.applications.filter(status=MissionApplication.Status.ACCEPTED).values_list(
                "organisation_id", flat=True
            )
        )
        for demand in mission.demand_projects.select_related("buyer"):
            best = (
                MatchScore.objects.filter(demand=demand, sme_id__in=delegation)
                .order_by("-score", "sme_id")
                .values_list("sme_id", flat=True)[:4]
            )
            for sme_id in best:
                _, created = Meeting.objects.get_or_create(
                    mission=mission,
                    sme_id=sme_id,
                    buyer=demand.buyer,
                    defaults={"demand": demand, "status": Meeting.Status.ACCEPTED},
                )
                meetings += created
    from .agendas import seed_demo_agendas

    # Every demo log-in then starts with a filled agenda, open requests and a notification.
    return {
        "match_scores": MatchScore.objects.count(),
        "new_meetings": meetings,
        **seed_demo_agendas(),
    }
