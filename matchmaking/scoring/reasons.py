"""Explanations: the matched items behind each component, and a sentence for each, in
English or Simplified Chinese."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from companies import taxonomy
from companies.bilingual import english_to_chinese

from .records import (
    _REFERENCE_AFFINITY,
    _SECTOR_AFFINITY,
    COMPONENTS,
    REFERENCE_SAME,
    DemandRecord,
    Feedback,
    SmeRecord,
    _cert_set,
    _keyword_set,
    _known_sectors,
    _market_set,
    _reference_sectors,
    _sector_index,
    _sme_sector_weights,
    keyword_context,
    normalise_certification,
    normalise_market,
    sector_relation,
)
from .reference import score_pair_python
from .text import TextModel, text_model_for

_RELATION_ORDER = {"exact": 0, "child": 1, "sibling": 2, "parent": 3}
_MARKET_NAMES = {
    "en": {"china": "China", "usa": "the USA"},
    "zh": {"china": "中国", "usa": "美国"},
}


def _lang(language: str) -> str:
    return "zh" if language.lower().startswith("zh") else "en"


def _join(items: Sequence[str], lang: str) -> str:
    if lang == "zh":
        return "、".join(items)
    quoted = list(items)
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _quote(items: Iterable[str], lang: str) -> list[str]:
    return [f"“{_term(x, lang)}”" for x in items]


def _term(term: str, lang: str) -> str:
    """A matched English term in the reader's language: its glossary rendering for a
    Chinese reader ("heat pump" → 热泵), else as it is."""
    if lang != "zh":
        return term
    return english_to_chinese().get(term, term)


def _term_order(weighted: tuple[float, str]) -> tuple[float, str]:
    """Heaviest shared term first; weights equal to 1e-9 count as ties (sorted by name),
    so both ways of computing TF-IDF weights name the same terms."""
    return (-round(weighted[0], 9), weighted[1])


def _sector_name(code: str, lang: str) -> str:
    return taxonomy.name(code, lang)


def pair_contexts(
    sme: SmeRecord,
    demand: DemandRecord,
    *,
    text_model: TextModel | None = None,
    feedback: Feedback | None = None,
    max_terms: int = 5,
) -> dict[str, dict[str, Any]]:
    """The concrete matched items behind each component of one pair, for ``explain``."""
    demand_sectors = _known_sectors(dict.fromkeys(demand.sectors))
    sme_weights = _sme_sector_weights(sme)
    sector_matches = []
    for d in demand_sectors:
        candidates = [
            (code, rel, trust)
            for code, trust in sme_weights.items()
            if (rel := sector_relation(code, d))
        ]
        if candidates:
            code, rel, trust = min(
                candidates,
                key=lambda c: (-c[2] * _SECTOR_AFFINITY[c[1]], _RELATION_ORDER[c[1]], c[0]),
            )
            sector_matches.append(
                {"sme": code, "demand": d, "relation": rel, "suggested": trust < 1.0}
            )
    sector_matches.sort(key=lambda x: (_RELATION_ORDER[x["relation"]], x["suggested"]))

    shared_terms: list[str] = []
    text_known = False
    if text_model is not None:
        pairs = zip(
            text_model.python_vectors(sme.text()),
            text_model.python_vectors(demand.text()),
            ("en", "zh"),
            strict=True,
        )
        weighted: list[tuple[float, str]] = []
        for a, b, kind in pairs:
            if a and b:
                text_known = True
                weighted += [(a[j] * b[j], text_model.term(kind, j)) for j in a.keys() & b.keys()]
        for _, term in sorted(weighted, key=_term_order):
            # A bigram such as "heat pump" says more than "heat" and "pump": show it alone.
            words = term.split()
            if term in shared_terms or any(
                len(words) == 1 and term in t.split() for t in shared_terms
            ):
                continue
            if len(words) > 1:
                shared_terms = [t for t in shared_terms if t not in words]
            shared_terms.append(term)
            if len(shared_terms) == max_terms:
                break

    sk, dk = _keyword_set(sme.technologies), _keyword_set(demand.technologies)
    required = {normalise_certification(c): c for c in demand.certifications}
    held = _cert_set(sme.certifications)

    ref_matches = []
    for ref in sme.references:
        if not ref.sector or ref.sector not in _sector_index().index:
            continue
        for d in demand_sectors:
            rel = sector_relation(ref.sector, d)
            if rel:
                ref_matches.append(
                    {
                        "title": ref.title,
                        "sector": ref.sector,
                        "demand": d,
                        "related": _REFERENCE_AFFINITY[rel] < REFERENCE_SAME,
                    }
                )
    ref_matches.sort(key=lambda r: r["related"])

    return {
        "sector": {
            "demand_sectors": demand_sectors,
            "sme_sectors": _known_sectors(sme.sectors),
            "suggested_sectors": _known_sectors(sme.suggested_sectors),
            "matches": sector_matches,
        },
        "text": {"shared_terms": shared_terms, "known": text_known},
        "keywords": keyword_context(sk, dk),
        "maturity": {"sme_trl": sme.trl, "min_trl": demand.min_trl},
        "certifications": {
            "required": sorted(required.values()),
            "held": sorted(v for k, v in required.items() if k in held),
            "missing": sorted(v for k, v in required.items() if k not in held),
            "sme_has_any": bool(held),
        },
        "market": {
            "market": normalise_market(demand.market) if demand.market else None,
            "sme_markets": sorted(_market_set(sme.markets)),
        },
        "references": {
            "matches": ref_matches,
            "has_sector_references": bool(_reference_sectors(sme)),
        },
        "mission": {
            "mission": demand.mission,
            "mission_name": demand.mission_name or (str(demand.mission) if demand.mission else ""),
            "in_delegation": demand.mission is not None and demand.mission in set(sme.missions),
        },
        "feedback": {"flag": (feedback or {}).get((sme.id, demand.id))},
    }


def is_scored(component_name: str, context: Mapping[str, Any]) -> bool:
    """Whether a component entered the score, read from its context: an optional part with
    unknown data (no technologies on one side, no sector references, no target market)
    is left out of the weighted mean and must read "not scored", not 0%."""
    if component_name == "keywords":
        return bool(context.get("sme")) and bool(context.get("demand"))
    if component_name == "references":
        return bool(context.get("has_sector_references"))
    if component_name == "market":
        return context.get("market") is not None and bool(context.get("sme_markets"))
    return True


def explain(component_name: str, value: float, context: Mapping[str, Any], language: str) -> str:
    """One readable sentence for one component of one pair, in English or Chinese.

    ``context`` is the component's entry from ``pair_contexts``; ``value`` its score in
    [0, 1]. Sentences name the concrete sectors, terms, certifications and TRL levels.
    """
    lang = _lang(language)
    builder = _EXPLAINERS.get(component_name)
    if builder is None:
        raise ValueError(f"unknown score component {component_name!r}")
    return builder(value, context, lang)


def explain_pair(
    sme: SmeRecord,
    demand: DemandRecord,
    *,
    language: str = "en",
    text_model: TextModel | None = None,
    weights: Mapping[str, float] | None = None,
    feedback: Feedback | None = None,
) -> dict[str, str]:
    """Sentences for every applicable component of one pair, keyed by component name."""
    model = text_model or text_model_for([sme], [demand])
    pair = score_pair_python(sme, demand, model, weights, feedback)
    contexts = pair_contexts(sme, demand, text_model=model, feedback=feedback)
    out = {}
    for name in COMPONENTS:
        if name in ("mission", "feedback", "market") and not _applicable(name, contexts[name]):
            continue
        out[name] = explain(name, pair.components[name], contexts[name], language)
    return out


def _applicable(name: str, ctx: Mapping[str, Any]) -> bool:
    if name == "mission":
        return ctx["mission"] is not None
    if name == "feedback":
        return ctx["flag"] is not None
    return ctx["market"] is not None


def _explain_sector(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "行业匹配：" if zh else "Sector fit: "
    demanded = [_sector_name(c, lang) for c in ctx["demand_sectors"]]
    if not ctx["demand_sectors"]:
        return head + ("本项目未指定行业。" if zh else "the project names no sector.")
    if not ctx["sme_sectors"] and not ctx["suggested_sectors"]:
        return head + (
            "该企业尚未选择行业，按不匹配计分。"
            if zh
            else "the company has not chosen any sector yet (counted as no match)."
        )
    if not ctx["matches"]:
        own = [_sector_name(c, lang) for c in ctx["sme_sectors"] + ctx["suggested_sectors"]]
        if zh:
            return (
                head
                + f"该企业的行业（{_join(own, lang)}）与本项目所需的{_join(demanded, lang)}不匹配。"
            )
        return head + (
            f"the company's sectors ({_join(own, lang)}) do not match the requested "
            f"{_join(demanded, lang)}."
        )
    parts = []
    for match in ctx["matches"][:3]:
        own, want = _sector_name(match["sme"], lang), _sector_name(match["demand"], lang)
        family = _sector_name(taxonomy.top_level_code(match["demand"]), lang)
        if zh:
            works = "可能从事" if match["suggested"] else "从事"
            text = {
                "exact": f"该企业{works}{own}，正是本项目所需",
                "child": f"该企业{works}{own}，属于本项目所需的{want}领域",
                "sibling": f"该企业{works}{own}，与本项目所需的{want}同属{family}",
                "parent": f"该企业登记的是{own}大类，本项目具体需要{want}",
            }[match["relation"]]
            if match["suggested"]:
                text += "（根据企业简介推荐，尚未确认）"
        else:
            works = "appears to work" if match["suggested"] else "works"
            text = {
                "exact": f"the company {works} in {own}, which this project asks for",
                "child": f"the company {works} in {own}, part of the requested {want}",
                "sibling": (
                    f"the company {works} in {own}, related to the requested {want} (both {family})"
                ),
                "parent": (
                    f"the company lists {own} in general; the project asks specifically for {want}"
                ),
            }[match["relation"]]
            if match["suggested"]:
                text += " (suggested from its profile, not yet confirmed)"
        parts.append(text)
    sentence = head + ("；".join(parts) + "。" if zh else "; ".join(parts) + ".")
    total, covered = len(ctx["demand_sectors"]), len(ctx["matches"])
    if total > 1:
        sentence += (
            f"覆盖本项目所需{total}个行业中的{covered}个。"
            if zh
            else f" It covers {covered} of the {total} requested sectors."
        )
    return sentence


def _explain_text(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "文本相关度：" if zh else "Text relevance: "
    if not ctx["known"]:
        return head + (
            "企业简介与项目描述没有共同语言的文本，按无重叠计分。"
            if zh
            else "the profile and the project have no text in a common language (counted as "
            "no overlap)."
        )
    shared = list(ctx["shared_terms"])
    if zh:  # terms the glossary renders in Chinese first, in their order of weight
        shared.sort(key=lambda t: t not in english_to_chinese())
    terms = _quote(shared, lang)
    if not terms:
        return head + (
            "企业简介与项目描述没有共同的关键术语。"
            if zh
            else "the company profile and the project description share no distinctive terms."
        )
    if zh:
        strength = "高度相关" if value >= 0.75 else "部分相关" if value >= 0.3 else "略有相关"
        return head + f"{strength}，企业简介与项目描述共有术语{_join(terms, lang)}。"
    strength = "closely" if value >= 0.75 else "partly" if value >= 0.3 else "slightly"
    return head + (
        f"the company profile and the project description {strength} overlap and share "
        f"the terms {_join(terms, lang)}."
    )


def _explain_keywords(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "技术关键词：" if zh else "Technologies: "
    if not ctx["sme"] or not ctx["demand"]:
        who = (
            ("企业" if not ctx["sme"] else "项目")
            if zh
            else ("the company" if not ctx["sme"] else "the project")
        )
        return head + (
            f"{who}未列出技术关键词，本项未计分。"
            if zh
            else f"{who} lists no technologies, so this was not scored."
        )

    def terms(items: Iterable[str]) -> str:
        return _join([_term(x, lang) for x in items], lang)

    common, missing = ctx["common"], ctx["missing"]
    related = [
        f"{_term(d, lang)}（{_term(sme, lang)}）" if zh else f"{d} (as {sme})"
        for d, sme in ctx.get("related", [])
    ]
    if not common and not related:
        if zh:
            return head + (
                f"项目所需的技术（{terms(ctx['demand'])}）不在企业列出的技术"
                f"（{terms(ctx['sme'])}）之中。"
            )
        return head + (
            f"none of the requested technologies ({terms(ctx['demand'])}) is among "
            f"the company's ({terms(ctx['sme'])})."
        )
    parts = []
    if zh:
        if common:
            parts.append(f"双方都涉及{terms(common)}")
        if related:
            parts.append(f"相近的技术有{_join(related, lang)}")
        if missing:
            parts.append(f"项目还需要{terms(missing)}")
        return head + "；".join(parts) + "。"
    if common:
        parts.append(f"both name {terms(common)}")
    if related:
        parts.append(f"close matches: {_join(related, lang)}")
    if missing:
        parts.append(f"the project also asks for {terms(missing)}")
    return head + "; ".join(parts) + "."


def _explain_maturity(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "技术成熟度：" if zh else "Maturity: "
    trl, minimum = ctx["sme_trl"], ctx["min_trl"]
    if minimum is None:
        if zh:
            return head + "项目未设最低TRL要求" + (f"（该方案处于TRL {trl}）。" if trl else "。")
        return (
            head
            + "the project sets no minimum TRL"
            + (f" (the solution is at TRL {trl})." if trl else ".")
        )
    if trl is None:
        if zh:
            return head + f"企业未填写技术成熟度（TRL），项目要求至少TRL {minimum}（按一半计分）。"
        return head + (
            f"the company has not stated a TRL; the project asks for at least TRL {minimum} "
            "(counted as half)."
        )
    if trl >= minimum:
        if zh:
            return head + f"该方案处于TRL {trl}，达到项目要求的最低TRL {minimum}。"
        return (
            head + f"the solution is at TRL {trl}, meeting the project's minimum of TRL {minimum}."
        )
    gap = minimum - trl
    if zh:
        return head + f"该方案处于TRL {trl}，比项目要求的最低TRL {minimum}低{gap}级。"
    levels = "level" if gap == 1 else "levels"
    return head + (
        f"the solution is at TRL {trl}, {gap} {levels} below the project's minimum of "
        f"TRL {minimum}."
    )


def _explain_certifications(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "认证：" if zh else "Certifications: "
    required, held, missing = ctx["required"], ctx["held"], ctx["missing"]
    if not required:
        return head + ("项目无认证要求。" if zh else "the project requires none.")
    if not missing:
        if zh:
            return head + f"具备全部所需认证（{_join(held, lang)}）。"
        return head + f"holds all required certifications ({_join(held, lang)})."
    if zh:
        got = f"具备{_join(held, lang)}，" if held else ""
        tail = "" if ctx["sme_has_any"] else "企业未填写任何认证。"
        return head + (
            f"{got}缺少{_join(missing, lang)}（满足{len(required)}项中的{len(held)}项）。{tail}"
        )
    got = f"holds {_join(held, lang)} but " if held else ""
    tail = "" if ctx["sme_has_any"] else " The profile lists no certifications."
    return head + (
        f"{got}is missing {_join(missing, lang)} ({len(held)} of {len(required)} required).{tail}"
    )


def _explain_market(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "目标市场：" if zh else "Market: "
    market = ctx["market"]
    if market is None:
        return head + ("项目未指定市场。" if zh else "the project names no market.")
    names = _MARKET_NAMES[lang]
    place = names.get(market, market)
    own = [names.get(m, m) for m in ctx["sme_markets"]]
    if not own:
        return head + (
            f"企业未填写目标市场；项目位于{place}。"
            if zh
            else f"the company has not stated its target markets; the project is in {place}."
        )
    if market in ctx["sme_markets"]:
        return head + (
            f"该企业以{place}为目标市场，与项目所在地一致。"
            if zh
            else f"the company targets {place}, where this project is."
        )
    if zh:
        return head + f"项目位于{place}，但该企业的目标市场（{_join(own, lang)}）不包括{place}。"
    return head + (
        f"the project is in {place}, which is not among the company's target markets "
        f"({_join(own, lang)})."
    )


def _explain_references(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "参考案例：" if zh else "References: "
    if not ctx["has_sector_references"]:
        return head + (
            "企业简介中没有标明行业的参考项目，本项未计分。"
            if zh
            else "the profile has no reference projects with a sector, so this was not scored."
        )
    if not ctx["matches"]:
        return head + (
            "该企业的参考项目均不属于本项目所需的行业。"
            if zh
            else "none of the company's reference projects is in the requested sectors."
        )
    m = ctx["matches"][0]
    own, want = _sector_name(m["sector"], lang), _sector_name(m["demand"], lang)
    if zh:
        if m["related"]:
            return head + f"参考项目“{m['title']}”属于{own}，与本项目所需的{want}相关。"
        return head + f"参考项目“{m['title']}”属于{own}，与本项目所需的{want}一致。"
    if m["related"]:
        return (
            head
            + f"the reference project “{m['title']}” is in {own}, related to the requested {want}."
        )
    return (
        head + f"the reference project “{m['title']}” is in {own}, matching the requested {want}."
    )


def _explain_mission(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "考察团：" if zh else "Mission: "
    if ctx["mission"] is None:
        return head + (
            "本项目不属于任何考察团。" if zh else "the project is not tied to a mission."
        )
    name = ctx["mission_name"]
    if ctx["in_delegation"]:
        return head + (
            f"该企业是“{name}”考察团成员，本项目正属于该考察团。"
            if zh
            else f"the company is in the delegation of the “{name}” mission behind this project."
        )
    return head + (
        f"该企业不在“{name}”考察团中。"
        if zh
        else f"the company is not in the delegation of the “{name}” mission."
    )


def _explain_feedback(value: float, ctx: Mapping[str, Any], lang: str) -> str:
    zh = lang == "zh"
    head = "反馈：" if zh else "Feedback: "
    flag = ctx["flag"]
    if flag is None:
        return head + ("暂无反馈。" if zh else "no feedback yet.")
    if flag:
        return head + (
            "该企业已将本项目标记为感兴趣。"
            if zh
            else "the company marked this project as interesting."
        )
    return head + (
        "该企业已将本项目标记为不相关。"
        if zh
        else "the company marked this project as not relevant."
    )


_EXPLAINERS = {
    "sector": _explain_sector,
    "text": _explain_text,
    "keywords": _explain_keywords,
    "maturity": _explain_maturity,
    "certifications": _explain_certifications,
    "market": _explain_market,
    "references": _explain_references,
    "mission": _explain_mission,
    "feedback": _explain_feedback,
}
