"""Suggest taxonomy sectors for an SME profile from its own words.

Many SMEs tick no sector, or a too-broad one; the matching then leans on these
suggestions (at a reduced trust, see ``scoring.SUGGESTED_FACTOR``) until the SME confirms
them. Needs no training data: each sector is described by its taxonomy entry (name,
description, keyword list), and a profile is compared with every sector in two ways:

* TF-IDF cosine between the profile text and the sector's text (the vectorizer is fitted
  on the taxonomy itself, so words that many sectors share weigh little);
* keyword hits: taxonomy keywords (and the Chinese sector name) found verbatim in the
  profile, each hit weighted by how specific the keyword is (1 / number of sectors that
  list it).

Both are squashed to [0, 1] and averaged into a confidence. A top-level sector is only
suggested when none of its sub-sectors is, because a sub-sector says more.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from companies import taxonomy
from companies.bilingual import chinese_words, glossary_sectors
from companies.taxonomy import Sector
from companies.text import Reference, normalise_term, split_languages

DEFAULT_THRESHOLD = 0.3
DEFAULT_LIMIT = 5
# Cosine of a profile with its sector's short description is rarely above 0.3, so it is
# saturated there; keyword evidence saturates smoothly (1 - e^(-hits / scale)).
COSINE_SATURATION = 0.3
KEYWORD_SCALE = 1.5
COSINE_SHARE = 0.5
ZH_NAME_WEIGHT = 2.0


@dataclass(frozen=True, slots=True)
class SectorSuggestion:
    """One suggested sector with a confidence in [0, 1] and the words that led to it."""

    code: str
    confidence: float
    matched_words: tuple[str, ...]


def profile_text(
    description: str = "",
    technologies: Iterable[str] = (),
    references: Iterable[Reference | str] = (),
    description_zh: str = "",
) -> str:
    """The text the suggester reads: description, technologies and reference projects."""
    parts = [description, ", ".join(technologies)]
    for ref in references:
        parts += [ref] if isinstance(ref, str) else [ref.title, ref.description]
    parts.append(description_zh)
    return "\n".join(p for p in parts if p)


class SectorSuggester:
    """Ranks taxonomy sectors for a profile text. Build once, reuse (see ``default``)."""

    def __init__(self, sectors: Sequence[Sector] = taxonomy.SECTORS) -> None:
        self.sectors = tuple(sectors)
        names = {s.code: s.name_en for s in self.sectors}
        docs = []
        for s in self.sectors:
            # A sub-sector document also carries its parent's name ("Solar photovoltaics —
            # Renewable energy") so family words count a little towards it.
            parent = names.get(s.parent_code or "", "")
            docs.append(" ".join([s.name_en, parent, s.description_en, ", ".join(s.keywords)]))
        # Imported here: scikit-learn takes seconds to load and start-up does not need it.
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer(
            sublinear_tf=True, stop_words="english", strip_accents="unicode", ngram_range=(1, 2)
        )
        self.matrix = self.vectorizer.fit_transform(docs)
        self.terms = self.vectorizer.get_feature_names_out()

        phrases: list[list[tuple[str, str]]] = []
        document_frequency: dict[str, int] = {}
        for s in self.sectors:
            own = {}
            for keyword in (*s.keywords, s.name_en):
                norm = normalise_term(keyword)
                if norm:
                    own[norm] = keyword
            phrases.append(sorted(own.items()))
            for norm in own:
                document_frequency[norm] = document_frequency.get(norm, 0) + 1
        self.phrases = phrases
        self.specificity = {k: 1.0 / df for k, df in document_frequency.items()}
        self.position = {s.code: i for i, s in enumerate(self.sectors)}
        # The full Chinese name, and the parts of a compound name ("生物质能与沼气") of at
        # least three characters: two-character fragments such as 生物 are too ambiguous.
        self.zh_pieces = [
            tuple(
                dict.fromkeys(
                    [s.name_zh, *(p for p in re.split(r"[与和、：及]", s.name_zh) if len(p) >= 3)]
                )
            )
            for s in self.sectors
        ]

    def scores(self, text: str) -> list[tuple[float, list[str]]]:
        """(confidence, matched words) for every sector, in taxonomy order."""
        latin, cjk = split_languages(text)
        vector = self.vectorizer.transform([latin])
        cosines = (self.matrix @ vector.T).toarray().ravel()
        padded = f" {normalise_term(text)} "
        query_terms = set(vector.indices.tolist())
        # Chinese words the bilingual glossary ties to sectors (热泵, 岸电, 污泥干化 ...),
        # each weighted by how specific it is, like an English keyword hit.
        glossary_hits: dict[str, list[tuple[float, str]]] = {}
        if cjk:
            for word in dict.fromkeys(chinese_words(cjk)):
                codes = glossary_sectors().get(word, ())
                for code in codes:
                    glossary_hits.setdefault(code, []).append((1.0 / len(codes), word))
        out = []
        for i in range(len(self.sectors)):
            hits = [(norm, word) for norm, word in self.phrases[i] if f" {norm} " in padded]
            weight = sum(self.specificity[norm] for norm, _ in hits)
            words = [word for _, word in hits]
            for specificity, word in glossary_hits.get(self.sectors[i].code, ()):
                if word not in words and word not in self.zh_pieces[i]:
                    weight += specificity
                    words.append(word)
            for piece in self.zh_pieces[i]:
                # Chinese has no word boundaries to match keywords on; a full sector-name
                # piece such as 污水处理 or 海绵城市 is strong evidence on its own.
                if piece in cjk:
                    weight += ZH_NAME_WEIGHT
                    words.append(piece)
            cos_part = min(1.0, cosines[i] / COSINE_SATURATION)
            kw_part = 1.0 - math.exp(-weight / KEYWORD_SCALE)
            confidence = COSINE_SHARE * cos_part + (1.0 - COSINE_SHARE) * kw_part
            if cosines[i] > 0 and len(words) < 3:
                # Name the strongest shared terms when few keywords matched verbatim.
                row = self.matrix[i]
                shared = [(row[0, j], self.terms[j]) for j in row.indices if j in query_terms]
                for _, term in sorted(shared, reverse=True)[: 3 - len(words)]:
                    if term not in words:
                        words.append(str(term))
            out.append((float(confidence), words))
        return out

    def suggest(
        self,
        text: str,
        *,
        limit: int = DEFAULT_LIMIT,
        threshold: float = DEFAULT_THRESHOLD,
        exclude: Iterable[str] = (),
    ) -> list[SectorSuggestion]:
        """Sectors whose confidence reaches ``threshold``, best first, at most ``limit``.

        ``exclude`` drops codes the SME has already confirmed (and keeps their parents
        from being suggested as a vaguer duplicate).
        """
        if not text.strip():
            return []
        excluded = set(exclude)
        scored = self.scores(text)
        ranked = sorted(
            (
                (conf, s.code, words)
                for s, (conf, words) in zip(self.sectors, scored, strict=True)
                if conf >= threshold and s.code not in excluded
            ),
            key=lambda x: (-x[0], x[1]),
        )
        covered_parents = {code.split(".", 1)[0] for _, code, _ in ranked if "." in code} | {
            code.split(".", 1)[0] for code in excluded
        }
        result = []
        for conf, code, words in ranked:
            if "." not in code and code in covered_parents:
                continue
            result.append(SectorSuggestion(code, round(conf, 4), tuple(words[:6])))
            if len(result) == limit:
                break
        return result

    def best_top_level(self, text: str) -> str | None:
        """The most likely top-level sector (best sub-sector's family), or None."""
        scored = self.scores(text)
        if not scored:
            return None
        i = int(np.argmax([conf for conf, _ in scored]))
        return taxonomy.top_level_code(self.sectors[i].code) if scored[i][0] > 0 else None


@cache
def default() -> SectorSuggester:
    """The shared suggester over the full taxonomy (built on first use, then cached)."""
    return SectorSuggester()


def suggest_sectors(
    description: str = "",
    technologies: Iterable[str] = (),
    references: Iterable[Reference | str] = (),
    *,
    description_zh: str = "",
    exclude: Iterable[str] = (),
    limit: int = DEFAULT_LIMIT,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[SectorSuggestion]:
    """Suggest sectors for a profile; see ``SectorSuggester.suggest``."""
    text = profile_text(description, technologies, references, description_zh)
    return default().suggest(text, limit=limit, threshold=threshold, exclude=exclude)
