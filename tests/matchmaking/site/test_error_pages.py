"""Our own 404 and 500 pages, in English and in Chinese."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "This page does not exist"), ("zh-hans", "该页面不存在")],
)
def test_404_page_is_ours_in_both_languages(language, expected):
    response = Client(headers={"accept-language": language}).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert expected in html
    assert 'data-status="404"' in html
    assert f'lang="{language}"' in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Something went wrong on our side."), ("zh-hans", "我们这边出了问题。")],
)
def test_500_page_is_ours_in_both_languages(language, expected):
    with translation.override(language):
        html = render_to_string("500.html")
    assert expected in html
    assert f'lang="{language}"' in html
