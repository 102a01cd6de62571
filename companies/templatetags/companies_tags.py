"""Template helpers: Bootstrap classes on form widgets, and small display helpers."""

import functools
from html import escape

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..jinja import render_partial

register = template.Library()

MULTI_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def widget_kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, MULTI_WIDGETS):
        return "multi"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.filter
def bs_widget(field: BoundField) -> str:
    """Render a field's widget with the Bootstrap class its kind needs."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    existing = widget.attrs.get("class", "")
    attrs = {"class": f"{existing} {css}{' is-invalid' if field.errors else ''}".strip()}
    if field.errors:
        attrs["aria-invalid"] = "true"
    if type(widget) is forms.Select:
        return _select(field, attrs)
    return field.as_widget(attrs=attrs)


def _select(field: BoundField, attrs: dict) -> SafeString:
    """A single-choice select rendered directly: Django's per-option widget templates take
    tens of milliseconds for a list of every country or time zone."""
    widget = field.field.widget
    final = widget.build_attrs(widget.attrs, attrs)
    final["name"] = field.html_name
    if field.auto_id:
        final["id"] = field.auto_id
    if field.field.required:
        final["required"] = True
    value = field.value()
    chosen = "" if value is None else str(value)
    attributes = "".join(
        f' {key}="{escape(str(val))}"' if val is not True else f" {key}"
        for key, val in final.items()
        if val not in (False, None)
    )
    choices = tuple((str(option), str(label)) for option, label in field.field.choices)
    options, values = _options(choices)
    if chosen in values:
        unchosen = f'<option value="{escape(chosen)}">'
        options = options.replace(unchosen, f'{unchosen[:-1]} selected>', 1)
    return mark_safe(f"<select{attributes}>{options}</select>")  # every part escaped


@functools.lru_cache(maxsize=64)
def _options(choices: tuple[tuple[str, str], ...]) -> tuple[str, frozenset[str]]:
    """The options of a list of choices, none selected, and their values. Escaping and
    writing every country on every page cost more than the rest of the select; a list is
    written once per language, and the chosen option marked in the written text."""
    options = "".join(
        f'<option value="{escape(option)}">{escape(label)}</option>' for option, label in choices
    )
    return options, frozenset(option for option, _label in choices)


@register.filter
def localized_description(profile) -> str:
    """The Chinese description for Chinese readers when there is one, else the English."""
    if (get_language() or "").startswith("zh") and profile.description_zh:
        return profile.description_zh
    return profile.description_en


@register.filter
def market_labels(values: list[str]) -> list[str]:
    from ..models import CompanyProfile

    labels = dict(CompanyProfile.TargetMarket.choices)
    return [str(labels.get(value, value)) for value in values]


@register.simple_tag
def bilingual(english: str, chinese: str, block: bool = False) -> SafeString:
    """A text written in English, Chinese or both, in the reader's language where it exists.

    Otherwise the other language is shown, marked with a small badge naming it, so a
    Chinese reader knows the English title is not a translation gap of ours (and the
    other way round). ``block`` keeps the line breaks of a description.
    """
    from django.utils.html import linebreaks
    from django.utils.translation import gettext

    reader_zh = (get_language() or "").startswith("zh")
    english, chinese = (english or "").strip(), (chinese or "").strip()
    show_zh = bool(chinese) and (reader_zh or not english)
    text = chinese if show_zh else english
    if not text:
        return mark_safe("")
    lang = "zh-Hans" if show_zh else "en"
    body = linebreaks(text) if block else escape(text)
    badge = ""
    if show_zh != reader_zh:
        name = gettext("Chinese") if show_zh else gettext("English")
        badge = f'<span class="badge text-bg-light border fw-normal ms-1 lang-badge">{escape(name)}</span>'
    if block:
        return mark_safe(f'{badge}<div lang="{lang}">{body}</div>')
    return mark_safe(f'<span lang="{lang}">{body}</span>{badge}')


@register.simple_tag(takes_context=True)
def profile_card(context, card, trl_title: str) -> SafeString:
    """One directory card (``selectors.DirectoryCard``), written by Jinja2."""
    return render_partial(context, "companies/_profile_card.html", card=card, trl_title=trl_title)
