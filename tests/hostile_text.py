"""Text that breaks naive code, for the hostile-input tests (tests/**/test_hostile*.py).

``hostile_text(max_size)`` draws from fixed nasty samples (Chinese, Arabic, emoji with joiners,
control characters, direction overrides, markup) and from arbitrary Unicode; every example
is one form submission inside ``rolled_back()``, so examples do not see each other's rows.
Settings stay small so the suite stays fast, and derandomized so CI sees the same examples.
"""

import contextlib

from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SAMPLES = [
    "江北新区低温区域供热网络，大型热泵与数据中心余热回收。",
    "شبكة تدفئة مركزية منخفضة الحرارة لمنطقة جديدة",
    "Wärmepumpen 🔥💧🌍 für Fernwärme 👩🏽‍🔬👨‍👩‍👧",
    "tab\there\nnew line\rbare return\x0bvertical\x0cform feed\x1bescape\x7fdelete",
    "\u202eevil right-to-left override\u202c and zero\u200bwidth\u200djoiner",
    "<script>alert(1)</script> {{ 7|add:7 }} {% now 'Y' %} ' OR 1=1 -- %s%n",
    "\ufeffbyte order mark \U0001d54f\U0001d552\U0001d563",
    "Ǆemo ﬁ ß İstanbul Ωmega ＦＵＬＬＷＩＤＴＨ",
]

# Any character a browser can send (not lone surrogates, which UTF-8 cannot carry).
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))


def hostile_text(max_size: int = 300) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(SAMPLES),
        st.text(ANY_CHARACTER, min_size=1, max_size=max_size),
        # Just over and far over a field's limit (the caller's max_size is the limit).
        st.sampled_from(SAMPLES).map(lambda s: (s * (max_size // len(s) + 2))[: max_size + 1]),
    )


HOSTILE = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@contextlib.contextmanager
def rolled_back():
    """Run one example and undo whatever it wrote (and its rate-limit counters)."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def form_errors(response) -> dict:
    """The errors of the form a page re-rendered (empty when there is none)."""
    context = response.context
    form = context.get("form") if context is not None else None
    return dict(form.errors) if form is not None else {}


def stored(value: str) -> str:
    """What a text field keeps of a submitted value: forms strip surrounding whitespace."""
    return value.strip()
