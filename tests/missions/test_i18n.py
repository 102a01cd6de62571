"""The missions pages are fully translated into Simplified Chinese."""

import gettext
import html
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from missions.models import MissionApplication
from missions.services import agenda_session_generate_slots
from tests.factories import AgendaSessionFactory, MeetingDayFactory

LOCALE = Path(__file__).resolve().parents[2] / "missions" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}|%s|%d")


def catalog_fragments() -> set[str]:
    """Multi-word English fragments of every msgid in our catalog (placeholders cut out)."""
    with open(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.mo", "rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    fragments = set()
    for key in catalog:
        msgid = key[0] if isinstance(key, tuple) else key
        for part in PLACEHOLDER.split(msgid):
            part = part.strip(" .,:;–-()“”'\n")
            if re.search(r"[A-Za-z]+[ -][A-Za-z]+", part):
                fragments.add(part)
    return fragments


class VisibleText(HTMLParser):
    """Text a reader sees: text nodes (no scripts or styles) plus placeholders and labels."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("placeholder", "aria-label", "title") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(content: bytes) -> str:
    parser = VisibleText()
    parser.feed(content.decode())
    return " ".join(" ".join(html.unescape(p).split()) for p in parser.parts if p.strip())


def untranslated(text: str, fragments: set[str]) -> list[str]:
    return sorted(fragment for fragment in fragments if fragment in text)


@pytest.fixture
def mission_pages(personas, mission, demand, sme_application, other_sme_owner):
    sme_application.status = MissionApplication.Status.ACCEPTED
    sme_application.save()
    session = AgendaSessionFactory(day=MeetingDayFactory(mission=mission))
    agenda_session_generate_slots(session=session)
    upload = io.BytesIO(b"buyer,title,description_en,city,market\nnobody,x,y,z,mars\n")
    upload.name = "demand.csv"
    slug = mission.slug
    return [
        ("staff", "get", reverse("missions:mission_list"), None),
        ("staff", "get", reverse("missions:mission_create"), None),
        ("staff", "post", reverse("missions:mission_create"), {"title": ""}),
        ("staff", "get", reverse("missions:mission_detail", args=[slug]), None),
        ("staff", "get", reverse("missions:mission_edit", args=[slug]), None),
        ("staff", "get", reverse("missions:mission_dashboard", args=[slug]), None),
        ("staff", "get", reverse("missions:agenda_manage", args=[slug]), None),
        ("staff", "get", reverse("missions:demand_list"), None),
        ("staff", "get", reverse("missions:demand_import"), None),
        ("staff", "post", reverse("missions:demand_import"), {"file": upload}),
        ("buyer", "get", reverse("missions:demand_detail", args=[demand.pk]), None),
        ("buyer", "get", reverse("missions:demand_edit", args=[demand.pk]), None),
        ("buyer", "get", reverse("missions:demand_create"), None),
        ("buyer", "get", reverse("missions:availability", args=[slug]), None),
        ("sme_owner", "get", reverse("missions:mission_detail", args=[slug]), None),
        ("sme_owner", "get", reverse("missions:availability", args=[slug]), None),
        ("other_sme", "get", reverse("missions:mission_apply", args=[slug]), None),
        ("other_sme", "post", reverse("missions:mission_apply", args=[slug]), {"motivation": ""}),
    ]


def _render(personas, persona, method, url, data, language):
    client = personas[persona].client
    client.cookies["django_language"] = language
    if data and "file" in data:
        data["file"].seek(0)
    response = getattr(client, method)(url, data) if data is not None else client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return visible_text(response.content)


def test_pages_in_chinese_show_no_english_from_our_catalog(personas, mission_pages):
    fragments = catalog_fragments()
    assert len(fragments) > 150
    problems = {}
    for persona, method, url, data in mission_pages:
        found = untranslated(_render(personas, persona, method, url, data, "zh-hans"), fragments)
        if found:
            problems[f"{persona} {method} {url}"] = found
    assert problems == {}


def test_the_same_pages_in_english_would_be_caught(personas, mission_pages):
    """The check above can fail: in English the same pages are full of catalog text."""
    fragments = catalog_fragments()
    found = set()
    for persona, method, url, data in mission_pages:
        found.update(untranslated(_render(personas, persona, method, url, data, "en"), fragments))
    assert {"Staff dashboard", "Check and import", "Mark when you cannot meet",
            "Your application", "Send application"} <= found


def test_every_catalog_entry_is_translated():
    po = (LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in po
    assert re.findall(r'msgstr(?:\[\d\])? ""\n\n', po + "\n") == []
    with translation.override("zh-hans"):
        assert translation.gettext("Open for applications") == "接受报名中"
