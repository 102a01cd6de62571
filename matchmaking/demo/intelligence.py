"""Demo market briefs for China and the USA, and the demo SMEs' readiness checklists.

Briefs are saved through the intelligence services as the demo staff account (saving the
same text again adds no version, so re-runs are idempotent). Readiness draws from its own
generator, so it leaves the rest of the demo data as it was for a seed.
"""

import random

from companies.models import CompanyProfile, Organisation, Sector, User

from ..intelligence import services
from ..intelligence.models import MarketReadiness
from ..intelligence.readiness import ANSWERED

# (sector code, certifications China asks for, certifications the USA asks for)
SECTORS = [
    ("district-heating", ["China CCC", "GB/T 50893"], ["UL", "ASHRAE 90.1"]),
    ("water-treatment", ["China CCC", "GB 5749"], ["NSF/ANSI 61", "UL"]),
    ("energy-efficiency", ["China CCC", "ISO 50001"], ["ENERGY STAR", "UL"]),
    ("renewable-energy", ["China CCC", "CQC"], ["UL", "IEEE 1547"]),
    ("smart-city", ["MLPS 2.0", "ISO 9001"], ["FedRAMP", "SOC 2"]),
    ("waste", ["ISO 14001", "China CCC"], ["EPA RCRA", "ISO 14001"]),
]

CHINA = {
    "market_size_en": "China's {name} market was worth about RMB {size} billion, growing {growth}% a year.",
    "market_size_zh": "中国{name_zh}市场规模约为 {size} 亿元人民币，年增长率约 {growth}%。",
    "market_size_source": "National Bureau of Statistics of China; programme desk research",
    "policy_en": (
        "The 14th Five-Year Plan and the 2030 carbon-peaking action plan push cities to cut "
        "energy use and emissions; green procurement lists favour certified imported technology "
        "when local alternatives fall short."
    ),
    "policy_zh": "“十四五”规划和 2030 年前碳达峰行动方案推动城市节能降碳；绿色采购目录在本土方案不足时优先考虑经认证的进口技术。",
    "buyers_en": (
        "District and city utilities, urban investment companies and state-owned developers; "
        "they procure through public tenders, often after a paid pilot with a local partner."
    ),
    "buyers_zh": "区、市级公用事业单位，城投公司和国有开发商；通常在与当地伙伴合作开展付费试点后，通过公开招标采购。",
    "channels_en": (
        "A joint venture or licensed local partner, the EU SME Centre in Beijing, and "
        "provincial industrial parks with incubation programmes for foreign firms."
    ),
    "channels_zh": "合资企业或获授权的当地合作伙伴、北京欧盟中小企业中心，以及为外资企业提供孵化项目的省级产业园区。",
    "risks_en": (
        "Long payment terms from local government, protection of know-how and patents, and "
        "specifications written around domestic suppliers."
    ),
    "risks_zh": "地方政府付款周期长，专有技术和专利保护问题，以及招标技术规格偏向国内供应商。",
}

USA = {
    "market_size_en": "The US {name} market was worth about USD {size} billion, growing {growth}% a year.",
    "market_size_zh": "美国{name_zh}市场规模约为 {size} 亿美元，年增长率约 {growth}%。",
    "market_size_source": "U.S. Energy Information Administration; programme desk research",
    "policy_en": (
        "The Inflation Reduction Act's tax credits, state clean-energy standards and city "
        "climate action plans fund projects; Buy America rules apply to federally funded work."
    ),
    "policy_zh": "《通胀削减法案》的税收抵免、各州清洁能源标准和城市气候行动计划为项目提供资金；联邦资助项目须遵守“购买美国货”规定。",
    "buyers_en": (
        "Municipal utilities, city sustainability offices, universities and real-estate "
        "developers; they buy through requests for proposals, often via an engineering firm."
    ),
    "buyers_zh": "市政公用事业单位、城市可持续发展办公室、大学和房地产开发商；通常通过征求建议书（RFP）采购，常由工程公司牵头。",
    "channels_en": (
        "A US distributor or engineering partner, state economic-development agencies and "
        "the clean-tech accelerators of New York, Boston and the Bay Area."
    ),
    "channels_zh": "美国分销商或工程合作伙伴、各州经济发展机构，以及纽约、波士顿和旧金山湾区的清洁技术加速器。",
    "risks_en": (
        "Product liability and insurance costs, certification lead times, and requirements "
        "that differ from state to state."
    ),
    "risks_zh": "产品责任和保险成本高，认证周期长，且各州要求不尽相同。",
}

SIZES = {"china": (180, 11), "usa": (95, 7)}


def seed_demo_briefs(*, staff: User) -> int:
    """Briefs for both markets and the main demo sectors; returns how many exist."""
    count = 0
    for index, (code, china_certs, usa_certs) in enumerate(SECTORS):
        sector = Sector.objects.filter(code=code).first()
        if sector is None:
            continue
        for market, template, certifications in (
            ("china", CHINA, china_certs),
            ("usa", USA, usa_certs),
        ):
            size, growth = SIZES[market]
            names = {
                "name": sector.name_en.lower(),
                "name_zh": sector.name_zh or sector.name_en,
                "size": size * (index + 2),
                "growth": growth - index % 3,
            }
            fields = {k: v.format(**names) for k, v in template.items()}
            fields.update(market_size_year=2025, certifications=certifications)
            services.brief_save(market=market, sector=sector, actor=staff, fields=fields)
            count += 1
    return count


def seed_demo_readiness(*, smes: list[Organisation], seed: int, staff: User) -> int:
    """A checklist for each target market of each demo SME, varied and deterministic."""
    rng = random.Random(seed * 31 + 7)
    markets = dict(
        CompanyProfile.objects.filter(organisation__in=smes).values_list(
            "organisation_id", "target_markets"
        )
    )
    for index, sme in enumerate(smes):
        for market in ("china", "usa"):
            answers = {item: rng.random() < 0.45 for item in ANSWERED}
            # The demo SME log-in (the first SME) has both checklists to show.
            if index == 0 or market in (markets.get(sme.pk) or []):
                services.readiness_save(sme=sme, market=market, actor=staff, answers=answers)
    return MarketReadiness.objects.filter(sme__in=smes).count()
