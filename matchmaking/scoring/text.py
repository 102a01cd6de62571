"""The text model: TF-IDF over English words/bigrams and Chinese character bigrams."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from companies.text import chinese_bigrams, english_terms, split_languages

from .records import DemandRecord, SmeRecord


@dataclass
class TextModel:
    """Fitted TF-IDF vectorizers: English words/bigrams and Chinese character bigrams.

    Either may be ``None`` when the fitted texts have no such content. The model is
    picklable, and cheap enough to rebuild from all texts (a second or two for 12,000
    profiles) that workers may simply refit it.
    """

    en: TfidfVectorizer | None
    zh: TfidfVectorizer | None
    _py: dict[str, tuple[Any, dict[str, int], list[float]]] = field(
        default_factory=dict, repr=False
    )

    def transform(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """L2-normalised TF-IDF rows for ``texts``: (English part, Chinese part)."""
        latin, cjk = zip(*(split_languages(t) for t in texts), strict=True) if texts else ((), ())
        return _transform(self.en, list(latin)), _transform(self.zh, list(cjk))

    def python_vectors(self, text: str) -> tuple[dict[int, float], dict[int, float]]:
        """Same rows as ``transform`` as {term index: weight} dicts, computed in Python."""
        latin, cjk = split_languages(text)
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


def fit_text_model(sme_texts: Iterable[str], demand_texts: Iterable[str]) -> TextModel:
    """Fit the vectorizers on the union of SME and demand texts.

    Fitting on both sides gives terms that are frequent among SMEs (and therefore not
    distinctive) a low IDF, which is what a relevance score between the two wants.
    """
    texts = list(sme_texts) + list(demand_texts)
    latin = [split_languages(t)[0] for t in texts]
    cjk = [split_languages(t)[1] for t in texts]
    en = _fit(
        TfidfVectorizer(sublinear_tf=True, analyzer=english_terms, dtype=np.float64),
        latin,
    )
    zh = _fit(
        TfidfVectorizer(sublinear_tf=True, analyzer=chinese_bigrams, dtype=np.float64),
        cjk,
    )
    return TextModel(en=en, zh=zh)


def text_model_for(smes: Sequence[SmeRecord], demands: Sequence[DemandRecord]) -> TextModel:
    """``fit_text_model`` on the texts of these records."""
    return fit_text_model((s.text() for s in smes), (d.text() for d in demands))

