"""The Jinja2 environment of the card partials that a page repeats many times.

Pages are Django templates. A match list repeats a long card twenty times, and Django's
engine spent about two thirds of such a page's rendering on those cards (variable
lookups, translations, URL reversals node by node); Jinja2 compiles a template to Python
and writes the same card several times faster. Only such partials live in ``jinja2/``
directories; the page includes them with a template tag. Their texts are marked as
``{{ _("…") }}``, which ``makemessages`` reads as it reads Django templates, and go through
Django's translation, so both engines write the same words in both languages.
"""

import functools
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.template import engines
from django.template.backends.utils import csrf_input
from django.template.defaultfilters import floatformat
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext, override
from jinja2 import Environment, pass_context


def url(name: str, *args) -> str:
    """``reverse(name, args=args)``, remembered: a list reverses the same two or three
    names for every card, and the URL patterns do not change while the process runs."""
    return _reversed(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name, args)


# An id no row reaches: where the varying id goes in a URL that ``id_url`` reverses once.
_ANY_ID = 7_350_019_248_561


def id_url(name: str, *args) -> Callable[[int], str]:
    """``url(name, *args, pk)`` for any integer ``pk``, reversed once: a list writes the
    same two or three patterns on each of its cards with another id, and each ``url``
    reads the URL configuration and the script prefix through a task-local (a fifth of a
    supplier card's calls)."""
    before, _any, after = url(name, *args, _ANY_ID).rpartition(str(_ANY_ID))
    return lambda pk: f"{before}{int(pk)}{after}"


@functools.lru_cache(maxsize=4096)
def _reversed(urlconf: str, prefix: str, name: str, args: tuple) -> str:
    return reverse(name, urlconf=urlconf, args=args)


def translated(message: str, language: str | None = None) -> str:
    """Django's ``gettext`` in ``language`` (the active one if not given), remembered per
    language: the partials' texts are the fixed strings of their templates, asked for on
    every card, and the catalogues do not change while the process runs."""
    key = (language or get_language(), message)
    text = _translations.get(key)
    if text is None:
        with override(key[0]):
            text = _translations[key] = gettext(message)
    return text


@pass_context
def _page_translated(context, message: str) -> str:
    """``translated`` in the page's language, which ``render_partial`` reads once a page:
    asking for the active language took a tenth of a card."""
    return translated(message, context.get(_LANGUAGE))


_translations: dict[tuple[str | None, str], str] = {}


def number(value, digits: int = 0) -> str:
    """Django's ``floatformat`` filter, for the scores and confidences of the cards: a
    positive float rounded half up to ``digits`` places, written with the reader's
    decimal separator. Django's filter, which takes any input and can group thousands,
    took about 40 µs a number, and a list of twenty supplier cards writes sixty; any other
    value goes to it."""
    if (
        type(value) is not float
        or not 1e-9 < value < 1e15
        or digits not in _PLACES
        or settings.USE_THOUSAND_SEPARATOR
    ):
        return floatformat(value, digits)
    rounded = f"{Decimal(repr(value)).quantize(_PLACES[digits], ROUND_HALF_UP):f}"
    return rounded.replace(".", _decimal_separator(get_language())) if digits else rounded


_PLACES = {digits: Decimal(1).scaleb(-digits) for digits in range(7)}


@functools.lru_cache(maxsize=16)
def _decimal_separator(language: str | None) -> str:
    return get_format("DECIMAL_SEPARATOR", language)


def environment(**options) -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(_page_translated, ngettext, newstyle=True)
    env.globals["url"] = url
    env.filters["floatformat"] = number
    return env


def render_partial(context, name: str, **values) -> SafeString:
    """The Jinja2 partial ``name`` written with ``values``, from a Django template tag
    given the page's ``context``: the request and its CSRF field, the same for every card,
    are made once per page."""
    shared = context.render_context.get(_SHARED)
    if shared is None:
        request = context.get("request")
        shared = context.render_context[_SHARED] = {
            "request": request,
            "csrf_input": csrf_input(request) if request is not None else "",
            _LANGUAGE: get_language(),
        }
    template = engines["jinja2"].get_template(name).template
    return mark_safe(template.render({**shared, **values}))  # Jinja2 escapes as it writes


_SHARED = "jinja partials"
_LANGUAGE = "_page_language"  # the page's language, in the partials' context
