"""Match scores between SME profiles and demand projects: the maths, without Django.

Modules: ``records`` (input records, constants, weights, taxonomy relations), ``text``
(the TF-IDF text model), ``components`` (vectorised scoring and top-K), ``reference``
(the per-pair Python implementation), ``reasons`` (contexts and sentences in en/zh).

Everything here takes and returns plain data so it can be unit-tested, benchmarked and
called in chunks from Celery tasks. The flow for a full rescore is::

    text_model = fit_text_model(all_sme_texts, all_demand_texts)
    demand_features = encode_demands(demands, text_model)
    for block in chunks(smes, 500):
        result = score_block(block, demand_features, text_model, weights=..., feedback=...)
        pairs = top_k_pairs(result.scores, k=...)
        ...persist result.scores / result.components for those pairs...

Nine components, each in [0, 1], are computed for every (SME, demand) pair of a block
with sparse/dense matrix products (no Python loop over pairs):

``sector``          taxonomy-aware sector fit (exact > sub-sector of a broad demand >
                    sibling > parent only), suggested sectors count less than confirmed
``text``            TF-IDF cosine of profile and demand texts (English words, and Chinese
                    character bigrams when both sides have Chinese), saturated
``keywords``        overlap coefficient of normalised technology keywords
``maturity``        SME TRL against the demand's minimum TRL
``certifications``  share of the demand's required certifications the SME holds
``market``          the SME targets the demand's market
``references``      an SME reference project in a demanded (or related) sector
``mission``         the SME is in the delegation of the demand's mission
``feedback``        the SME's own "interested" / "not relevant" flag

Missing data never raises: it lowers the pair's ``confidence``. An unknown optional
component (keywords, market, references, mission, feedback) is left out of the weighted
mean; an unknown core component (sector, text, maturity, certifications) is counted at a
prudent value, see ``ALWAYS_COUNTED``. ``score_pair_python`` is a plain per-pair
implementation of the same definitions, kept to check the vectorised code and to measure
the speed-up.
"""

from importlib import import_module

from companies.text import Reference

from .records import (
    ALGORITHM_VERSION,
    ALWAYS_COUNTED,
    COMPONENTS,
    DEFAULT_WEIGHTS,
    MATURITY_SHORTFALL_SPAN,
    REFERENCE_RELATED,
    REFERENCE_SAME,
    SECTOR_BEST_SHARE,
    SECTOR_CHILD,
    SECTOR_EXACT,
    SECTOR_PARENT,
    SECTOR_SIBLING,
    SUGGESTED_FACTOR,
    TEXT_SATURATION,
    TIE_BREAK,
    UNKNOWN_TRL_VALUE,
    DemandRecord,
    Feedback,
    SmeRecord,
    normalise_certification,
    normalise_market,
    resolve_weights,
    sector_relation,
)

# The maths needs SciPy and scikit-learn, which take seconds to import: the records above
# load with Django, the rest on first use (PEP 562), so start-up stays light.
_LAZY = {
    "ContextBuilder": "batch",
    "top_k_by_group": "batch",
    "DemandFeatures": "components",
    "ScoreResult": "components",
    "SmeFeatures": "components",
    "encode_demands": "components",
    "encode_smes": "components",
    "score_block": "components",
    "score_matrix": "components",
    "top_k_demands_per_sme": "components",
    "top_k_pairs": "components",
    "top_k_smes_per_demand": "components",
    "explain": "reasons",
    "explain_pair": "reasons",
    "is_scored": "reasons",
    "pair_contexts": "reasons",
    "PairScore": "reference",
    "score_pair_python": "reference",
    "TextModel": "text",
    "fit_text_model": "text",
    "text_model_for": "text",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "ALGORITHM_VERSION",
    "ALWAYS_COUNTED",
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "MATURITY_SHORTFALL_SPAN",
    "REFERENCE_RELATED",
    "REFERENCE_SAME",
    "SECTOR_BEST_SHARE",
    "SECTOR_CHILD",
    "SECTOR_EXACT",
    "SECTOR_PARENT",
    "SECTOR_SIBLING",
    "SUGGESTED_FACTOR",
    "TEXT_SATURATION",
    "TIE_BREAK",
    "UNKNOWN_TRL_VALUE",
    "ContextBuilder",
    "DemandFeatures",
    "DemandRecord",
    "Feedback",
    "PairScore",
    "Reference",
    "ScoreResult",
    "SmeFeatures",
    "SmeRecord",
    "TextModel",
    "encode_demands",
    "encode_smes",
    "explain",
    "explain_pair",
    "fit_text_model",
    "is_scored",
    "normalise_certification",
    "normalise_market",
    "pair_contexts",
    "resolve_weights",
    "score_block",
    "score_matrix",
    "score_pair_python",
    "sector_relation",
    "text_model_for",
    "top_k_by_group",
    "top_k_demands_per_sme",
    "top_k_pairs",
    "top_k_smes_per_demand",
]
