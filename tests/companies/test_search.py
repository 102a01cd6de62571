"""Directory search ignores accents and takes Chinese and English words together."""

import pytest
from django.urls import reverse

from tests.factories import CompanyProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heat(db):
    CompanyProfileFactory(
        organisation__name="Ölund Energie", organisation__slug="olund",
        description_en="Wärmepumpen: large heat pumps for district heating.",
        description_zh="用于区域供热的大型热泵。",
        technologies=["Wärmepumpen"],
    )
    CompanyProfileFactory(
        organisation__name="Sunfield", organisation__slug="sunfield",
        description_en="Floating solar plants.", description_zh="漂浮式光伏电站。",
        technologies=["pv"],
    )


def _found(client, q) -> list[str]:
    response = client.get(reverse("companies:directory"), {"q": q})
    return sorted(card.profile.organisation.slug for card in response.context["result"].cards)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("warmepumpen", ["olund"]),
        ("Wärmepumpen", ["olund"]),
        ("olund", ["olund"]),
        ("热泵", ["olund"]),
        ("热泵 heat", ["olund"]),
        ("heat 热泵", ["olund"]),
        ("热泵 solar", []),
        ("光伏 floating", ["sunfield"]),
    ],
)
def test_accents_and_mixed_queries(anonymous_client, heat, q, expected):
    assert _found(anonymous_client, q) == expected
