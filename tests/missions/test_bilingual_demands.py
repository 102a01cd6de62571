"""Chinese-first demand projects: written in Chinese, English or both, and shown in the
reader's language where it exists, else in the other one marked as such."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from missions.forms import DemandProjectForm
from missions.models import DemandProject

TITLE = Template("{% load companies_tags %}{% bilingual demand.title demand.title_zh %}")
BADGE = '<span class="badge text-bg-light border fw-normal ms-1 lang-badge">{}</span>'


def test_a_chinese_only_title_shows_in_chinese_and_is_marked_for_english_readers():
    demand = DemandProject(title_zh="江北新区污水厂提标改造", description_zh="提标至准四类。")
    assert str(demand) == demand.any_title == "江北新区污水厂提标改造"
    with translation.override("zh-hans"):
        assert demand.display_title == "江北新区污水厂提标改造"
        assert TITLE.render(Context({"demand": demand})) == (
            '<span lang="zh-Hans">江北新区污水厂提标改造</span>'
        )
    with translation.override("en"):
        assert TITLE.render(Context({"demand": demand})) == (
            '<span lang="zh-Hans">江北新区污水厂提标改造</span>' + BADGE.format("Chinese")
        )


def test_a_bilingual_title_shows_the_readers_language_and_english_only_is_marked_in_chinese():
    both = DemandProject(title="Sponge city", title_zh="海绵城市")
    english = DemandProject(title="Sponge city")
    with translation.override("zh-hans"):
        assert TITLE.render(Context({"demand": both})) == '<span lang="zh-Hans">海绵城市</span>'
        assert TITLE.render(Context({"demand": english})) == (
            '<span lang="en">Sponge city</span>' + BADGE.format("英文")
        )
    with translation.override("en"):
        assert TITLE.render(Context({"demand": both})) == '<span lang="en">Sponge city</span>'


@pytest.mark.django_db
def test_the_database_refuses_a_demand_without_one_complete_language():
    constraint = next(
        c for c in DemandProject._meta.constraints
        if c.name == "demand_written_in_one_language_at_least"
    )
    constraint.validate(DemandProject, DemandProject(title_zh="海绵城市", description_zh="透水铺装"))
    constraint.validate(DemandProject, DemandProject(title="Sponge city", description_en="Paving"))
    with pytest.raises(ValidationError):
        constraint.validate(DemandProject, DemandProject(title="Only a title", title_zh="只有标题"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("texts", "errors"),
    [
        ({"title_zh": "海绵城市改造", "description_zh": "透水铺装与雨水花园。"}, set()),
        ({"title": "Sponge city", "description_en": "Permeable paving."}, set()),
        (
            {"title_zh": "海绵城市改造", "description_zh": "透水铺装。", "title": "Sponge city"},
            {"description_en"},
        ),
        ({"description_zh": "透水铺装。"}, {"title_zh"}),
        ({}, {"__all__"}),
    ],
)
def test_the_demand_form_takes_chinese_english_or_both(texts, errors):
    data = {"city": "Nanjing", "market": "china", "procurement_stage": "exploring",
            "language": "zh-hans", "status": "open", **texts}
    form = DemandProjectForm(data=data, user=AnonymousUser())
    assert form.is_valid() is (not errors)
    assert set(form.errors) == errors


def test_the_demand_form_suggests_sectors_from_a_chinese_description_with_its_words(
    buyer, buyer_org, client
):
    from django.urls import reverse

    from missions.services import demand_project_create
    from tests.factories import sector

    sector("blue-economy.ports-shipping")
    demand = demand_project_create(
        actor=buyer, buyer=buyer_org, title_zh="绿色港口岸电",
        description_zh="为集装箱码头建设高压岸电系统。", city="宁波", market="china",
    )  # fmt: skip
    client.force_login(buyer)
    page = client.get(reverse("missions:demand_edit", args=[demand.pk])).content.decode()
    assert 'data-sector="blue-economy.ports-shipping"' in page
    assert "“岸电”" in page
