"""The text model: TF-IDF over English words/bigrams and Chinese character bigrams.

Chinese text is also mapped into English terms (``companies.bilingual``: jieba, the
cleantech glossary, CC-CEDICT), which join the English part: a Chinese-only demand and an
English-only profile then share terms. Terms found in a large share of all texts (filler
such as "small" or "innovation" in a corpus of SME pitches) are dropped from the
vocabulary by document frequency rather than by a longer stop list.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from companies.bilingual import FULL, CrossLingual, chinese_to_english
from companies.text import chinese_bigrams, english_terms, split_languages

from .records import BREADTH_MIN_SMES, DemandRecord, SmeRecord, sector_reach


@dataclass
class TextModel:
    """Fitted TF-IDF vectorizers: English words/bigrams and Chinese character bigrams.

    Either may be ``None`` when the fitted texts have no such content. The model is
    picklable, and cheap enough to rebuild from all texts (a second or two for 12,000
    profiles) that workers may simply refit it.
    """

    en: TfidfVectorizer | None
    zh: TfidfVectorizer | None
    crosslingual: CrossLingual = FULL
    # N×S: which SMEs of the fitted corpus are within reach of each sector (None: unknown).
    reach: np.ndarray | None = None
    _py: dict[str, tuple[Any, dict[str, int], list[float]]] = field(
        default_factory=dict, repr=False
    )

    def breadth_of(self, sector_rows: Sequence[Sequence[int]]) -> np.ndarray:
        """For each demand (its sector columns), the share of SMEs within reach of one of
        them; 0 when the corpus is too small to say."""
        out = np.zeros(len(sector_rows))
        if self.reach is None or self.reach.shape[0] < BREADTH_MIN_SMES:
            return out
        for j, cols in enumerate(sector_rows):
            if len(cols):
                out[j] = self.reach[:, list(cols)].any(axis=1).mean()
        return out

    def breadth(self, sector_columns: Sequence[int]) -> float:
        """``breadth_of`` for one demand."""
        return float(self.breadth_of([sector_columns])[0])

    def split(self, text: str) -> tuple[str, str]:
        """(English part with the Chinese part's English terms, Chinese part) of a text."""
        return split_text(text, self.crosslingual)

    def transform(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """L2-normalised TF-IDF rows for ``texts``: (English part, Chinese part)."""
        latin, cjk = zip(*(self.split(t) for t in texts), strict=True) if texts else ((), ())
        return _transform(self.en, list(latin)), _transform(self.zh, list(cjk))

    def python_vectors(self, text: str) -> tuple[dict[int, float], dict[int, float]]:
        """Same rows as ``transform`` as {term index: weight} dicts, computed in Python."""
        latin, cjk = self.split(text)
        return self._python_vector("en", latin), self._python_vector("zh", cjk)

    def _python_vector(self, kind: str, text: str) -> dict[int, float]:
        vectorizer = self.en if kind == "en" else self.zh
        if vectorizer is None or not text.strip():
            return {}
        if kind not in self._py:
            self._py[kind] = (
                vectorizer.build_analyzer(),
                vectorizer.vocabulary_,
                vectorizer.idf_.tolist(),
            )
        analyzer, vocabulary, idf = self._py[kind]
        counts: dict[int, int] = {}
        for token in analyzer(text):
            j = vocabulary.get(token)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        weights = {j: (1.0 + math.log(c)) * idf[j] for j, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {j: w / norm for j, w in weights.items()} if norm else {}

    def term(self, kind: str, index: int) -> str:
        """The vocabulary term behind a column (for explanations)."""
        vectorizer = self.en if kind == "en" else self.zh
        if vectorizer is None:
            raise KeyError(index)
        if "_terms_" + kind not in self._py:
            names = vectorizer.get_feature_names_out().tolist()
            self._py["_terms_" + kind] = (names, {}, [])
        return self._py["_terms_" + kind][0][index]


def split_text(text: str, crosslingual: CrossLingual = FULL) -> tuple[str, str]:
    """Split a text into its non-Chinese part, extended with the English terms of its
    Chinese words, and its Chinese character runs."""
    latin, cjk = split_languages(text)
    if cjk and crosslingual.enabled:
        latin = f"{latin}\n{chinese_to_english(cjk, crosslingual)}"
    return latin, cjk


# A term in more than this share of all texts separates nothing and reads as filler in an
# explanation; below MIN_DOCS_FOR_MAX_DF texts the share is too noisy to judge.
MAX_DOCUMENT_FREQUENCY = 0.2
MIN_DOCS_FOR_MAX_DF = 50


def _transform(vectorizer: TfidfVectorizer | None, texts: list[str]) -> sp.csr_matrix:
    if vectorizer is None:
        return sp.csr_matrix((len(texts), 0))
    if not texts:  # no open demand project, say: scikit-learn refuses zero rows
        return sp.csr_matrix((0, len(vectorizer.vocabulary_)), dtype=np.float64)
    return sp.csr_matrix(vectorizer.transform(texts), dtype=np.float64)


def _fit(vectorizer: TfidfVectorizer, texts: list[str]) -> TfidfVectorizer | None:
    try:
        return vectorizer.fit(texts)
    except ValueError:  # empty vocabulary: no text of this language at all
        return None


def fit_text_model(
    sme_texts: Iterable[str],
    demand_texts: Iterable[str],
    *,
    crosslingual: CrossLingual = FULL,
    max_df: float | None = MAX_DOCUMENT_FREQUENCY,
) -> TextModel:
    """Fit the vectorizers on the union of SME and demand texts.

    Fitting on both sides gives terms that are frequent among SMEs (and therefore not
    distinctive) a low IDF, which is what a relevance score between the two wants; terms
    in more than ``max_df`` of the texts are dropped altogether (None keeps them).
    """
    texts = list(sme_texts) + list(demand_texts)
    parts = [split_text(t, crosslingual) for t in texts]
    latin = [p[0] for p in parts]
    cjk = [p[1] for p in parts]
    limit = max_df if max_df is not None and len(texts) >= MIN_DOCS_FOR_MAX_DF else 1.0
    en = _fit(
        TfidfVectorizer(
            sublinear_tf=True, analyzer=english_terms, dtype=np.float64, max_df=limit
        ),
        latin,
    )
    zh = _fit(
        TfidfVectorizer(sublinear_tf=True, analyzer=chinese_bigrams, dtype=np.float64),
        cjk,
    )
    return TextModel(en=en, zh=zh, crosslingual=crosslingual)


def text_model_for(
    smes: Sequence[SmeRecord],
    demands: Sequence[DemandRecord],
    *,
    crosslingual: CrossLingual = FULL,
    max_df: float | None = MAX_DOCUMENT_FREQUENCY,
) -> TextModel:
    """``fit_text_model`` on the texts of these records, with the SMEs' sector reach."""
    model = fit_text_model(
        (s.text() for s in smes),
        (d.text() for d in demands),
        crosslingual=crosslingual,
        max_df=max_df,
    )
    model.reach = sector_reach(smes)
    return model

