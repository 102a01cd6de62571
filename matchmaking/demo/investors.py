"""Demo investor pipelines and a host city's landing support packages.

Rows are written keyed (investor and SME, provider and title, package and SME), so re-runs
leave the same data; nothing is e-mailed or notified, as for the rest of the demo.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from companies.models import Organisation, User
from missions.models import Mission, MissionApplication

from ..investors.models import Pipeline, PipelineStep, Stage
from ..landing.models import PackageApplication, PackageProvider, SupportPackage

INVESTOR_EMAIL = "investor@demo.example.org"
PROVIDER_SLUG = "jiangbei-innovation-centre"
STARTED = dt.datetime(2026, 9, 14, 8, 0, tzinfo=dt.UTC)

# (SME index among the delegation, stages walked, value, currency, stake, date, note)
PIPELINES = [
    (0, [Stage.INTEREST, Stage.INTRODUCED, Stage.DUE_DILIGENCE, Stage.TERM_SHEET,
         Stage.JOINT_VENTURE], 1_500_000, "EUR", Decimal("30.00"), dt.date(2026, 11, 2),
     "We co-invest with the Jiangbei fund in district heating joint ventures."),
    (1, [Stage.INTEREST, Stage.INTRODUCED, Stage.DUE_DILIGENCE], None, "", None, None,
     "Your wastewater references fit our Yangtze portfolio."),
    (2, [Stage.INTEREST], None, "", None, None,
     "Could we talk about a pilot in Jiangbei before the mission?"),
]

PACKAGES = [
    ("space", "Six months of lab space in Jiangbei", "江北新区六个月实验室场地",
     "A furnished lab bench and a desk in the innovation centre, with meeting rooms.",
     "创新中心内配备家具的实验台和办公桌，可使用会议室。", None, "", 5),
    ("registration", "Company registration in Jiangbei New Area", "江北新区公司注册代办",
     "We register your wholly foreign-owned enterprise and open its bank account.",
     "代办外商独资企业注册并开立银行账户。", 8000, "CNY", 10),
    ("legal_ip", "Intellectual property clinic", "知识产权保护咨询",
     "Two sessions with an IP lawyer: patents, trademarks and licences in China.",
     "与知识产权律师进行两次咨询：在华专利、商标及许可。", None, "", 8),
    ("government", "Introductions to the Jiangbei New Area administration",
     "对接江北新区管委会", "Meetings with the planning, environment and investment bureaus.",
     "安排与规划、生态环境及投资促进部门会面。", None, "", 6),
    ("subsidies", "Guidance on landing and talent subsidies", "落地及人才补贴申报指导",
     "Which city and district subsidies apply to you, and help with the applications.",
     "梳理适用的市、区两级补贴政策，并协助申报。", None, "", 12),
]


def _delegation() -> tuple[Mission, list[Organisation]]:
    """The confirmed Nanjing mission (the demo SME joins its delegation with the demo
    meetings) and its delegation, the demo SME first."""
    demo_sme = User.objects.get(email="sme@demo.example.org").organisation
    mission = Mission.objects.filter(
        status=Mission.Status.CONFIRMED, host_city="Nanjing"
    ).order_by("start_date", "pk").first()
    others = list(
        Organisation.objects.filter(
            mission_applications__mission=mission,
            mission_applications__status=MissionApplication.Status.ACCEPTED,
        ).exclude(pk=demo_sme.pk).order_by("slug")
    )
    return mission, [demo_sme, *others]


def seed_demo_investors_and_landing(*, staff: User) -> dict[str, int]:
    investor = User.objects.get(email=INVESTOR_EMAIL)
    fund = investor.organisation
    mission, smes = _delegation()
    for index, stages, value, currency, stake, day, note in PIPELINES:
        sme = smes[index]
        sme_person = sme.memberships.order_by("pk").first()
        pipeline, _ = Pipeline.objects.update_or_create(
            investor=fund, sme=sme,
            defaults={
                "mission": mission, "note": note, "stage": stages[-1], "created_by": investor,
                "introduced_at": STARTED + dt.timedelta(days=3) if len(stages) > 1 else None,
                "value": value, "currency": currency, "stake_percent": stake, "deal_date": day,
            },
        )
        pipeline.steps.all().delete()
        previous = ""
        for step, stage in enumerate(stages):
            by_sme = stage == Stage.INTRODUCED
            PipelineStep.objects.create(
                pipeline=pipeline, from_stage=previous, to_stage=stage,
                moved_by=(sme_person.user if by_sme and sme_person else investor),
                organisation=sme if by_sme else fund,
                message=note if stage == Stage.INTEREST else "",
            )
            previous = stage
            PipelineStep.objects.filter(pipeline=pipeline, to_stage=stage).update(
                moved_at=STARTED + dt.timedelta(days=3 * step)
            )

    provider = Organisation.objects.get(slug=PROVIDER_SLUG)
    PackageProvider.objects.update_or_create(
        organisation=provider,
        defaults={"approved": True, "approved_by": staff, "approved_at": STARTED},
    )
    packages = []
    for kind, title_en, title_zh, text_en, text_zh, price, currency, capacity in PACKAGES:
        package, _ = SupportPackage.objects.update_or_create(
            provider=provider, title_en=title_en,
            defaults={
                "host_city": "Nanjing", "country": "CN", "kind": kind, "title_zh": title_zh,
                "description_en": text_en, "description_zh": text_zh,
                "eligibility_en": "SMEs of a mission delegation to Nanjing.",
                "eligibility_zh": "赴南京考察团代表团的中小企业。",
                "price": price, "currency": currency, "capacity": capacity,
                "status": SupportPackage.Status.PUBLISHED, "created_by": staff,
            },
        )
        packages.append(package)
    decided = timezone.now().replace(microsecond=0)
    for package, sme, status, answer in (
        (packages[1], smes[0], PackageApplication.Status.ACCEPTED, "Welcome to Jiangbei!"),
        (packages[0], smes[1], PackageApplication.Status.ACCEPTED, "Your bench is ready."),
        (packages[0], smes[2], PackageApplication.Status.WAITLISTED,
         "A bench frees up in March."),
        (packages[3], smes[0], PackageApplication.Status.SUBMITTED, ""),
    ):
        PackageApplication.objects.update_or_create(
            package=package, sme=sme,
            defaults={"message": "We open a Nanjing office after the mission.",
                      "status": status, "answer": answer,
                      "decided_by": staff if answer else None,
                      "decided_at": decided if answer else None},
        )
    return {"investor_pipelines": len(PIPELINES), "landing_packages": len(packages)}
