"""The Jinja2 card partials: the same words as the Django templates in both languages,
whatever language the process rendered before, with every text escaped."""

import re

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from companies import selectors
from companies.jinja import id_url, number, translated, url
from companies.models import CompanyProfile

from ..factories import CompanyProfileFactory

pytestmark = pytest.mark.django_db

CARD = Template("{% load companies_tags %}{% profile_card card 'TRL' %}")


def _card_html(profile, language: str) -> str:
    request = RequestFactory().get("/companies/")
    with translation.override(language):
        card = selectors.directory_cards([profile])[0]
        return CARD.render(Context({"card": card, "request": request}))


def test_a_remembered_translation_follows_the_active_language():
    with translation.override("zh-hans"):
        chinese = translated("Draft")
    with translation.override("en"):
        english = translated("Draft")
    with translation.override("zh-hans"):
        again = translated("Draft")
    assert english == "Draft"
    assert chinese == again != "Draft"


def test_directory_card_in_both_languages_one_after_the_other():
    draft = CompanyProfileFactory(
        organisation__name="<b>Bold</b> & Co", organisation__slug="bold-co",
        status=CompanyProfile.Status.DRAFT, trl=7,
    )
    english = _card_html(draft, "en")
    chinese = _card_html(draft, "zh-hans")
    english_again = _card_html(draft, "en")
    assert ">Draft</span>" in english and english_again == english
    with translation.override("zh-hans"):
        assert f">{translation.gettext('Draft')}</span>" in chinese
    assert ">Draft</span>" not in chinese
    # Names are escaped by the partial, never written as markup.
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in english and "<b>Bold</b>" not in english
    assert 'href="/companies/bold-co/"' in english and "TRL 7" in english


def test_remembered_urls_are_the_reversed_ones():
    assert url("companies:profile_detail", "bold-co") == "/companies/bold-co/"
    assert url("companies:profile_detail", "other") == "/companies/other/"


@settings(max_examples=200, deadline=None)
@given(
    demand=st.integers(min_value=1, max_value=10**15),
    sme=st.integers(min_value=1, max_value=10**15),
)
def test_urls_reversed_once_for_any_id_are_the_reversed_ones(demand, sme):
    """A list's URL of a pattern reversed once gives, for any id, what ``reverse`` gives,
    whatever digits the fixed part holds."""
    decide = id_url("matchmaking:demand_decide", demand)
    assert decide(sme) == reverse("matchmaking:demand_decide", args=[demand, sme])
    assert id_url("matchmaking:sme_feedback")(sme) == reverse(
        "matchmaking:sme_feedback", args=[sme]
    )


@settings(max_examples=400, deadline=None)
@given(
    value=st.one_of(
        st.floats(min_value=0, max_value=1e6, allow_nan=False),
        st.floats(min_value=0, max_value=1, allow_nan=False),
        st.integers(min_value=0, max_value=10_000).map(lambda n: n / 200),  # exact halves
        st.sampled_from([-0.5, -0.0, float("nan"), float("inf"), 12, "7.25", None]),
    ),
    digits=st.sampled_from([0, 1, 2, 3, -1]),
    language=st.sampled_from(["en", "zh-hans", "de", "fr", "sv", "da"]),
)
def test_the_cards_numbers_read_as_djangos_floatformat_writes_them(value, digits, language):
    """The cards' quick number filter gives exactly what Django's ``floatformat`` gives, in
    every language (decimal comma included), for floats and for what it hands over."""
    with translation.override(language):
        assert number(value, digits) == floatformat(value, digits)


@pytest.mark.parametrize("chosen", ["b&c", "", None, "missing", '"<x>"'])
def test_a_select_marks_the_chosen_option_only_with_every_text_escaped(chosen):
    """The directory's and the match lists' selects are written from a list written once
    per language: the chosen option alone is marked, and every value and label is
    escaped, as Django's own widget writes them."""
    from django import forms

    from companies.templatetags.companies_tags import bs_widget

    choices = [("", "Any"), ("a", "Alpha <1>"), ("b&c", 'B & "C"'), ('"<x>"', "Quoted")]

    class Form(forms.Form):
        pick = forms.ChoiceField(choices=choices, required=False)

    html = str(bs_widget(Form({"pick": chosen} if chosen is not None else {})["pick"]))
    options = re.findall(r"<option value=\"([^\"]*)\"( selected)?>([^<]*)</option>", html)
    assert [(value, label) for value, _selected, label in options] == [
        ("", "Any"),
        ("a", "Alpha &lt;1&gt;"),
        ("b&amp;c", "B &amp; &quot;C&quot;"),
        ("&quot;&lt;x&gt;&quot;", "Quoted"),
    ]
    selected = [value for value, mark, _label in options if mark]
    expected = {"b&c": ["b&amp;c"], "": [""], None: [""], '"<x>"': ["&quot;&lt;x&gt;&quot;"]}
    assert selected == expected.get(chosen, [])
    invalid = ' is-invalid" aria-invalid="true' if chosen == "missing" else ""
    assert html.startswith(f'<select class="form-select{invalid}" name="pick" id="id_pick">')


@pytest.mark.parametrize(
    ("data", "required"),
    [({}, False), ({"text": 'a "b" <c> & \'d\'', "number": "7.5"}, True), ({"number": "x"}, True)],
)
@pytest.mark.parametrize("language", ["en", "de"])
def test_plain_inputs_are_written_as_djangos_widgets_write_them(data, required, language):
    """Text, number, e-mail and URL inputs are written without Django's templates, the
    same text as its widgets write: value, escaping, required, errors and localized
    numbers."""
    from django import forms

    from companies.templatetags.companies_tags import bs_widget

    class Form(forms.Form):
        text = forms.CharField(required=required, max_length=20)
        number = forms.DecimalField(
            required=required, localize=True,
            widget=forms.NumberInput(attrs={"min": 0, "step": "0.5"}),
        )
        email = forms.EmailField(required=False, initial="a@example.org")
        website = forms.URLField(required=False, disabled=True, initial="https://x.example")

    form = Form(data or None)
    form.is_valid()
    with translation.override(language):
        for field in form:
            css = "form-control"
            attrs = {"class": f"{css} is-invalid" if field.errors else css}
            if field.errors:
                attrs["aria-invalid"] = "true"
            assert str(bs_widget(field)) == field.as_widget(attrs=attrs)
