"""Acceptance 3: the delegation catalogue has a cover, a summary and one page per selected
SME; its text holds each SME's name and Chinese description; one page is drawn to a PNG
(var/test-artifacts/catalogue-sme-page.png) that shows the Chinese characters."""

import io

import pytest
from django.urls import reverse

from missions.models import MissionApplication
from tests.fixtures import CompanyProfileFactory
from tests.matchmaking.conftest import delegate

from .conftest import past_mission

DELEGATION = [
    ("Nordic Heat Solutions", "SE", "北欧热能公司为城市区域供热网络制造大型热泵。"),
    ("Alpine Solar GmbH", "AT", "阿尔卑斯太阳能为学校屋顶设计光伏系统。"),
    ("Danish Water Tech", "DK", "丹麦水务科技提供污水处理与水回用方案。"),
]


@pytest.fixture
def catalogue_mission(db):
    mission = past_mission(days_ago=-30, title="Nanjing Jiangbei Mission", status="confirmed")
    for name, country, chinese in DELEGATION:
        profile = CompanyProfileFactory(
            organisation__name=name, organisation__country=country, description_zh=chinese,
            description_en=f"{name} works on cleantech for cities. " * 8,
        )
        profile.references.create(title="Malmö district heating", place="Malmö", year=2023)
        delegate(mission, profile.organisation)
    # Not selected: must not appear.
    waitlisted = CompanyProfileFactory(organisation__name="Waiting List Oy")
    MissionApplication.objects.create(mission=mission, organisation=waitlisted.organisation,
                                      status="waitlisted", motivation="-")
    return mission


def _pdf(client, mission):
    response = client.get(reverse("matchmaking:delegation_catalogue", args=[mission.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_one_page_per_selected_sme_with_its_name_and_chinese_description(
    catalogue_mission, staff_client, artifacts_dir
):
    from pypdf import PdfReader

    content = _pdf(staff_client, catalogue_mission)
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 2 + len(DELEGATION)  # cover, summary, one per SME
    texts = [page.extract_text() for page in reader.pages]
    assert "Nanjing Jiangbei Mission" in texts[0]
    sme_pages = texts[2:]
    for (name, _country, chinese), text in zip(sorted(DELEGATION), sme_pages, strict=True):
        assert name in text
        assert chinese in text.replace("\n", "")
        assert "Malmö district heating" in text
    assert not any("Waiting List Oy" in text for text in texts)
    (artifacts_dir / "catalogue.pdf").write_bytes(content)

    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    image = document[2].render(scale=1.5).to_pil()
    image.save(artifacts_dir / "catalogue-sme-page.png")
    # The page is drawn (not blank): a good share of its pixels are ink.
    dark = sum(1 for pixel in image.convert("L").get_flattened_data() if pixel < 128)
    assert dark > 2000


def test_the_catalogue_is_drawn_again_when_the_delegation_changes(
    catalogue_mission, staff_client, settings
):
    from pypdf import PdfReader

    first = _pdf(staff_client, catalogue_mission)
    assert _pdf(staff_client, catalogue_mission) == first  # kept while nothing changed
    newcomer = CompanyProfileFactory(organisation__name="Zeta Hydrogen AS")
    delegate(catalogue_mission, newcomer.organisation)
    second = PdfReader(io.BytesIO(_pdf(staff_client, catalogue_mission)))
    assert len(second.pages) == 2 + len(DELEGATION) + 1
    assert "Zeta Hydrogen AS" in second.pages[-1].extract_text()
    files = list((settings.MEDIA_ROOT / "catalogues").glob("*.pdf"))
    assert len(files) == 1  # the old one is gone


def test_the_catalogue_in_chinese_labels(catalogue_mission, staff_client):
    from pypdf import PdfReader

    staff_client.cookies["django_language"] = "zh-hans"
    reader = PdfReader(io.BytesIO(_pdf(staff_client, catalogue_mission)))
    assert "代表团企业名录" in reader.pages[0].extract_text()
    assert "企业简介（中文）" in reader.pages[2].extract_text()
