"""Text primitives shared by the sector suggester and the match scoring.

Plain Python, no Django: keyword normalisation, splitting English from Chinese, and
Chinese character bigrams (no segmentation dictionary needed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, strip_accents_unicode

# CJK Unified Ideographs (+ extension A and compatibility block): enough for Simplified
# Chinese profile texts.
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_NON_WORD = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff.+]+")


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference project on an SME profile."""

    title: str
    description: str = ""
    sector: str | None = None


def normalise_term(term: str) -> str:
    """Lower-case a keyword, turn punctuation into spaces and drop plural "s".

    "Heat-Pumps" and "heat pump" become the same keyword. The plural rule is deliberately
    crude (no stemming dictionary needed) and only touches words longer than three letters
    not ending in "ss", "us" or "is" (so "biomass", "gas", "analysis" survive).
    """
    words = _NON_WORD.sub(" ", term.casefold()).split()
    out = []
    for w in words:
        w = w.strip(".")
        if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
        if w:
            out.append(w)
    return " ".join(out)


def split_languages(text: str) -> tuple[str, str]:
    """Split a text into its non-Chinese part and its Chinese character runs."""
    runs = _CJK_RUN.findall(text)
    return _CJK_RUN.sub(" ", text), " ".join(runs)


def chinese_bigrams(text: str) -> list[str]:
    """Character bigrams inside each run of Chinese characters (single chars kept).

    Bigrams need no word-segmentation dictionary and work well for short technical texts
    (热泵, 供热, 污水 ...); bigrams never cross punctuation or Latin words.
    """
    grams: list[str] = []
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            grams.append(run)
        else:
            grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


# A word, or what ends a phrase: punctuation other than hyphens and apostrophes, or a
# line break.
_WORD_OR_BREAK = re.compile(r"\w+|[^\w\s'-]+|\n")


def english_terms(text: str) -> list[str]:
    """Words and two-word terms of a (mostly English) text, for TF-IDF.

    Lower-cased, accents stripped, English stop words and one-letter words dropped. A
    two-word term is two words that stand side by side in the text: never across
    punctuation, a line break or a dropped word, so "heat pumps for district heating"
    gives "heat pumps" and "district heating" but not "pumps district", which would mean
    nothing to a reader of the explanation.
    """
    terms: list[str] = []
    previous = None
    for token in _WORD_OR_BREAK.findall(strip_accents_unicode(text.casefold())):
        if len(token) < 2 or token in ENGLISH_STOP_WORDS or not token[0].isalnum():
            previous = None
            continue
        terms.append(token)
        if previous is not None:
            terms.append(f"{previous} {token}")
        previous = token
    return terms
