"""Text primitives shared by the sector suggester and the match scoring.

Plain Python, no Django: keyword normalisation, splitting English from Chinese, and
Chinese character bigrams (no segmentation dictionary needed).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# English stop words: the Glasgow Information Retrieval Group's list as scikit-learn ships it
# (BSD-3-Clause). Kept here so that reading text does not import scikit-learn at start-up.
ENGLISH_STOP_WORDS = frozenset(
    """
a about above across after afterwards again against all almost alone along already also although
always am among amongst amoungst amount an and another any anyhow anyone anything anyway
anywhere are around as at back be became because become becomes becoming been before beforehand
behind being below beside besides between beyond bill both bottom but by call can cannot cant co
con could couldnt cry de describe detail do done down due during each eg eight either eleven
else elsewhere empty enough etc even ever every everyone everything everywhere except few
fifteen fifty fill find fire first five for former formerly forty found four from front full
further get give go had has hasnt have he hence her here hereafter hereby herein hereupon hers
herself him himself his how however hundred i ie if in inc indeed interest into is it its itself
keep last latter latterly least less ltd made many may me meanwhile might mill mine more
moreover most mostly move much must my myself name namely neither never nevertheless next nine
no nobody none noone nor not nothing now nowhere of off often on once one only onto or other
others otherwise our ours ourselves out over own part per perhaps please put rather re same see
seem seemed seeming seems serious several she should show side since sincere six sixty so some
somehow someone something sometime sometimes somewhere still such system take ten than that the
their them themselves then thence there thereafter thereby therefore therein thereupon these
they thick thin third this those though three through throughout thru thus to together too top
toward towards twelve twenty two un under until up upon us very via was we well were what
whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever
whether which while whither who whoever whole whom whose why will with within without would yet
you your yours yourself yourselves
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def strip_accents_unicode(text: str) -> str:
    """"Wärme" → "Warme": decompose (NFKD) and drop the combining marks."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))

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


def singular(word: str) -> str:
    """Drop a plural "s" the crude way ``normalise_term`` does ("pumps" → "pump")."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "as")):
        return word[:-1]
    return word


def normalise_term(term: str) -> str:
    """Lower-case a keyword, turn punctuation into spaces and drop plural "s".

    "Heat-Pumps" and "heat pump" become the same keyword. The plural rule is deliberately
    crude (no stemming dictionary needed) and only touches words longer than three letters
    not ending in "ss", "us", "is" or "as" (so "biomass", "biogas", "analysis" survive).
    """
    words = _NON_WORD.sub(" ", term.casefold()).split()
    out = []
    for w in words:
        w = singular(w.strip("."))
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

    Lower-cased, accents stripped; English stop words, one-letter words and bare numbers
    dropped. A
    two-word term is two words that stand side by side in the text: never across
    punctuation, a line break or a dropped word, so "heat pumps for district heating"
    gives "heat pumps" and "district heating" but not "pumps district", which would mean
    nothing to a reader of the explanation.
    """
    terms: list[str] = []
    previous = None
    for token in _WORD_OR_BREAK.findall(strip_accents_unicode(text.casefold())):
        # Bare numbers ("200", "2025") are never a shared subject between two texts.
        if (
            len(token) < 2
            or token in ENGLISH_STOP_WORDS
            or not token[0].isalnum()
            or token.isdigit()
        ):
            previous = None
            continue
        token = singular(token)
        terms.append(token)
        if previous is not None:
            terms.append(f"{previous} {token}")
        previous = token
    return terms
