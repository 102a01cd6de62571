"""Chinese as a business reader writes it: one date-and-time format per language, the
words criticised in review gone from the catalogs, Chinese e-mails that say they are."""

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parent.parent
MOMENT = dt.datetime(2027, 6, 15, 14, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def test_one_datetime_format_per_language():
    with translation.override("zh-hans"):
        assert formats.date_format(MOMENT, "DATETIME_FORMAT") == "2027年6月15日 星期二 14:00"
        assert formats.date_format(MOMENT.date(), "SHORT_DATE_FORMAT") == "2027年6月15日"
    with translation.override("en"):
        assert formats.date_format(MOMENT, "DATETIME_FORMAT") == "Tue 15 Jun 2027, 14:00"


def test_templates_name_their_date_format_instead_of_spelling_one_out():
    spelled = []
    for folder in ("companies", "missions", "matchmaking", "templates"):
        for path in (ROOT / folder).rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            for piece in text.split('|date:"')[1:]:
                name = piece.split('"')[0]
                if not name.endswith("_FORMAT"):
                    spelled.append(f"{path.relative_to(ROOT)}: {name}")
    assert spelled == []


@pytest.mark.parametrize(
    ("english", "criticised"),
    [
        ("Accepted", "已录取"),
        ("Filter", "过滤器"),
        ("- Select an option -", "- Select an option -"),
    ],
)
def test_criticised_wordings_are_gone(english, criticised):
    with translation.override("zh-hans"):
        assert translation.gettext(english) != criticised
    for po in ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"):
        assert "已录取" not in po.read_text(encoding="utf-8"), po
        assert "过滤器" not in po.read_text(encoding="utf-8"), po


def test_no_deadline_reads_as_expired():
    """"4 十二月 2026 16:19 过期" read as "expired on …": a request's deadline asks for an
    answer by a date, and no catalog keeps the old wording."""
    with translation.override("zh-hans"):
        assert translation.gettext("Answer by %(when)s") == "请于 %(when)s 前答复"
    for po in ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"):
        assert "%(when)s 过期" not in po.read_text(encoding="utf-8"), po


@pytest.mark.django_db
def test_signed_in_message_is_in_the_persons_language(sme_owner):
    from tests.fixtures import PASSWORD

    sme_owner.language = "zh-hans"
    sme_owner.save(update_fields=["language"])
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": sme_owner.email, "password": PASSWORD},
        follow=True,
    )
    text = [str(m) for m in response.context["messages"]]
    assert text and not any("Successfully signed in" in t for t in text), text
