"""Market briefs written by staff for China and the USA, and SMEs to score."""

import pytest

from matchmaking.intelligence import services
from tests.fixtures import sector

HEAT = "district-heating"
WATER = "water-treatment"


def brief(staff_user, *, market, code, **fields):
    values = {
        "market_size_en": f"Large {code} market in {market}.",
        "market_size_zh": "市场规模很大。",
        "market_size_source": "Programme desk research",
        "market_size_year": 2025,
        "policy_en": "Carbon peaking by 2030.",
        "policy_zh": "2030年前碳达峰。",
        "certifications": [],
        "buyers_en": "City utilities through public tenders.",
        "buyers_zh": "城市公用事业单位，通过公开招标采购。",
        "channels_en": "A local partner.",
        "channels_zh": "当地合作伙伴。",
        "risks_en": "Long payment terms.",
        "risks_zh": "付款周期长。",
    }
    values.update(fields)
    return services.brief_save(market=market, sector=sector(code), actor=staff_user, fields=values)


@pytest.fixture
def briefs(staff_user):
    """China asks heat SMEs for CCC and GB/T 50893 and water SMEs for CCC; the USA asks heat
    SMEs for UL 1995."""
    return {
        ("china", HEAT): brief(
            staff_user, market="china", code=HEAT, certifications=["CCC", "GB/T 50893"]
        ),
        ("china", WATER): brief(staff_user, market="china", code=WATER, certifications=["CCC"]),
        ("usa", HEAT): brief(staff_user, market="usa", code=HEAT, certifications=["UL 1995"]),
    }


# The three-SME demand project of the consortia tests, for the pages that show briefs.
from tests.matchmaking.consortia.conftest import trio  # noqa: E402, F401
