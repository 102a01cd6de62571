"""Template helpers: Bootstrap classes on form widgets, and small display helpers."""

import functools
from html import escape

from django import forms, template
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
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
    if isinstance(widget, Input) and widget.template_name in _PLAIN_INPUTS:
        return _input(field, attrs)
    return field.as_widget(attrs=attrs)


# Widgets whose Django template is the plain <input> alone, which ``_input`` writes.
_PLAIN_INPUTS = {
    f"django/forms/widgets/{name}.html" for name in ("text", "number", "email", "url", "tel")
}


def _input(field: BoundField, attrs: dict) -> SafeString:
    """What ``field.as_widget(attrs=attrs)`` writes for a plain input, without its two
    templates: a form of three fields spent a quarter of its time in them. The attributes
    and the value are Django's own (``build_widget_attrs``, ``get_context``)."""
    widget = field.field.widget
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    value = "" if context["value"] is None else f' value="{escape(str(context["value"]))}"'
    attributes = "".join(
        f" {escape(name)}" if val is True else f' {escape(name)}="{escape(str(val))}"'
        for name, val in context["attrs"].items()
        if val is not False
    )
    return mark_safe(  # every part escaped
        f'<input type="{escape(context["type"])}" name="{escape(context["name"])}"'
        f"{value}{attributes}>"
    )


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
    # The language is part of the key: a lazy label equals its text in any language.
    options, values = _options(get_language(), tuple(field.field.choices))
    if chosen in values:
        unchosen = f'<option value="{escape(chosen)}">'
        options = options.replace(unchosen, f'{unchosen[:-1]} selected>', 1)
    return mark_safe(f"<select{attributes}>{options}</select>")  # every part escaped


@functools.lru_cache(maxsize=64)
def _options(language: str | None, choices: tuple[tuple, ...]) -> tuple[str, frozenset[str]]:
    """The options of a list of choices in ``language``, none selected, and their values.
    Escaping and writing every country on every page cost more than the rest of the
    select; a list is written once per language, and the chosen option marked in the
    written text."""
    pairs = [(str(option), str(label)) for option, label in choices]
    options = "".join(
        f'<option value="{escape(option)}">{escape(label)}</option>' for option, label in pairs
    )
    return options, frozenset(option for option, _label in pairs)


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
