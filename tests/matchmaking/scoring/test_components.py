"""Scoring maths: each component on hand-made inputs, agreement of the vectorised and the
per-pair implementations, missing data, top-K, explanations, and the labelled evaluation.

Pure Python: no database, no Django settings needed.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from companies import taxonomy
from matchmaking import scoring
from matchmaking.scoring import DemandRecord, Reference, SmeRecord

from . import evaluation
from .evaluation import load_eval_records

REPO_ROOT = Path(__file__).resolve().parents[3]

# Floors = the figures the current algorithm reaches (0.9553 and 0.5412 with version
# 2026.2), rounded down; the labels were written before any weight was tuned.
NDCG10_FLOOR = 0.955
P5_FLOOR = 0.541
# Floors per part of the extended set = the figures reached, rounded down (see the note
# of issue 12 for the figures before and with each cross-lingual part switched off).
PART_FLOORS = {
    "english": {"ndcg_at_10": 0.934, "precision_at_5": 0.55},
    "chinese": {"ndcg_at_10": 0.887, "precision_at_5": 0.48},
    "heldout": {"ndcg_at_10": 0.847, "precision_at_5": 0.425},
}

SOLAR = "renewable-energy.solar-pv"
WIND = "renewable-energy.wind"
RENEWABLE = "renewable-energy"
HYDROGEN = "clean-energy.hydrogen"


def score_one(sme: SmeRecord, demand: DemandRecord, **kwargs) -> scoring.ScoreResult:
    return scoring.score_matrix([sme], [demand], **kwargs)


def component(sme: SmeRecord, demand: DemandRecord, name: str, **kwargs) -> float:
    return float(score_one(sme, demand, **kwargs).components[name][0, 0])


# --- a. sector fit ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sme_kwargs", "demand_sectors", "expected"),
    [
        ({"sectors": [SOLAR]}, [SOLAR], 1.0),
        ({"sectors": [RENEWABLE]}, [SOLAR], 0.4),  # parent only counts less
        ({"sectors": [WIND]}, [SOLAR], 0.5),  # sibling
        ({"sectors": [WIND]}, [RENEWABLE], 0.9),  # sub-sector of a broad demand
        ({"suggested_sectors": [SOLAR]}, [SOLAR], 0.6),  # unconfirmed suggestion
        ({"sectors": [SOLAR], "suggested_sectors": [SOLAR]}, [SOLAR], 1.0),
        ({"sectors": [HYDROGEN]}, [SOLAR], 0.0),
        # one of two demanded sectors: 0.75 × best + 0.25 × mean coverage
        ({"sectors": [SOLAR]}, [SOLAR, HYDROGEN], 0.75 + 0.25 * 0.5),
        ({"sectors": [SOLAR, HYDROGEN]}, [SOLAR, HYDROGEN], 1.0),
    ],
)
def test_sector_fit(sme_kwargs, demand_sectors, expected):
    sme = SmeRecord(id="s", **sme_kwargs)
    demand = DemandRecord(id="d", sectors=demand_sectors)
    assert component(sme, demand, "sector") == pytest.approx(expected, abs=1e-6)


def test_sector_unknown_codes_are_ignored():
    sme = SmeRecord(id="s", sectors=["no-such-sector", SOLAR])
    demand = DemandRecord(id="d", sectors=[SOLAR, "gone.too"])
    assert component(sme, demand, "sector") == pytest.approx(1.0)


# --- b. text relevance --------------------------------------------------------------


def test_text_identical_texts_score_one_and_disjoint_zero():
    a = SmeRecord(id="a", description="Acoustic leak detection for water mains")
    b = SmeRecord(id="b", description="Cross laminated timber school buildings")
    demand = DemandRecord(id="d", description="Acoustic leak detection for water mains")
    result = scoring.score_matrix([a, b], [demand])
    assert result.components["text"][0, 0] == pytest.approx(1.0)
    assert result.components["text"][1, 0] == pytest.approx(0.0)
    assert result.known["text"][1, 0]


def test_text_chinese_bigrams_match_when_both_sides_have_chinese():
    sme = SmeRecord(id="s", description="Sponge city design", description_zh="海绵城市绿色屋顶")
    demand = DemandRecord(id="d", title_zh="海绵城市改造", description_zh="透水铺装与绿色屋顶")
    result = score_one(sme, demand)
    assert result.known["text"][0, 0]
    assert result.components["text"][0, 0] > 0.5


def test_a_chinese_only_demand_meets_an_english_only_profile_through_the_glossary():
    sme = SmeRecord(id="s", description="Sponge city design and green roofs")
    demand = DemandRecord(id="d", title_zh="海绵城市改造", description_zh="建设绿色屋顶和透水铺装")
    result = score_one(sme, demand)
    assert result.known["text"][0, 0]
    assert result.components["text"][0, 0] > 0.5


def test_text_without_a_common_language_is_unknown_when_cross_lingual_is_off():
    from companies.bilingual import OFF

    sme = SmeRecord(id="s", description="Sponge city design and green roofs")
    demand = DemandRecord(id="d", description_zh="海绵城市改造")
    model = scoring.text_model_for([sme], [demand], crosslingual=OFF)
    result = score_one(sme, demand, text_model=model)
    assert not result.known["text"][0, 0]
    assert result.components["text"][0, 0] == 0.0
    assert result.confidence[0, 0] < 1.0


# --- c. keywords --------------------------------------------------------------------


def test_keywords_overlap_coefficient_on_normalised_terms():
    sme = SmeRecord(id="s", technologies=["heat pump", "Borehole"])
    demand = DemandRecord(id="d", technologies=["Heat-Pumps", "thermal storage", "ORC"])
    # |{heat pump}| / min(2, 3)
    assert component(sme, demand, "keywords") == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("sme_terms", "demand_terms", "expected"),
    [
        (["heat pump"], ["large heat pump"], 0.8),  # contained, at the head
        (["large heat pump"], ["heat pump"], 0.8),
        (["district heating"], ["district heating network"], 0.8),  # contained, two words
        (["air source heat pump"], ["ground source heat pump"], 0.5),  # shared head
        (["heat"], ["heat pump"], 0.0),  # one word that is not the head
        (["battery storage"], ["thermal energy storage"], 0.0),  # one shared word only
        (["heat pump", "borehole"], ["large heat pump", "borehole"], 0.9),  # (0.8 + 1) / 2
        (["热泵"], ["heat pump"], 1.0),  # a Chinese technology, through the glossary
    ],
)
def test_keywords_match_by_containment_and_shared_heads(sme_terms, demand_terms, expected):
    sme = SmeRecord(id="s", technologies=sme_terms)
    demand = DemandRecord(id="d", technologies=demand_terms)
    assert component(sme, demand, "keywords") == pytest.approx(expected, abs=1e-6)
    model = scoring.text_model_for([sme], [demand])
    pair = scoring.score_pair_python(sme, demand, model)
    assert pair.components["keywords"] == pytest.approx(expected, abs=1e-6)


def test_a_close_technology_is_named_in_the_explanation():
    sme = SmeRecord(id="s", technologies=["heat pump"])
    demand = DemandRecord(id="d", technologies=["large heat pump", "ORC"])
    english = scoring.explain_pair(sme, demand, language="en")["keywords"]
    chinese = scoring.explain_pair(sme, demand, language="zh-hans")["keywords"]
    assert english == (
        "Technologies: close matches: large heat pump (as heat pump); "
        "the project also asks for orc."
    )
    assert "大型热泵（热泵）" in chinese and "有机朗肯循环" in chinese


def test_keywords_unknown_when_either_side_lists_none():
    result = score_one(SmeRecord(id="s"), DemandRecord(id="d", technologies=["ORC"]))
    assert not result.known["keywords"][0, 0]
    assert not result.counted["keywords"][0, 0]


# --- d. maturity --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trl", "min_trl", "expected", "known"),
    [
        (7, 6, 1.0, True),
        (7, 7, 1.0, True),
        (6, 7, 0.75, True),
        (5, 7, 0.5, True),
        (2, 7, 0.0, True),
        (None, 7, 0.5, False),
        (None, None, 1.0, True),
        (3, None, 1.0, True),
    ],
)
def test_maturity(trl, min_trl, expected, known):
    result = score_one(SmeRecord(id="s", trl=trl), DemandRecord(id="d", min_trl=min_trl))
    assert result.components["maturity"][0, 0] == pytest.approx(expected)
    assert bool(result.known["maturity"][0, 0]) is known
    assert result.counted["maturity"][0, 0]  # counted even when unknown, at 0.5


# --- e. certifications --------------------------------------------------------------


def test_certifications_share_held_with_normalised_names():
    sme = SmeRecord(id="s", certifications=["iso-14001:2015", "ISO 9001"])
    demand = DemandRecord(id="d", certifications=["ISO 14001", "CE"])
    assert component(sme, demand, "certifications") == pytest.approx(0.5)


def test_certifications_none_required_is_one():
    assert component(SmeRecord(id="s"), DemandRecord(id="d"), "certifications") == 1.0


# --- f. market ----------------------------------------------------------------------


def test_market():
    china = SmeRecord(id="c", markets=["China"])
    usa = SmeRecord(id="u", markets=["United States"])
    unknown = SmeRecord(id="x")
    result = scoring.score_matrix(
        [china, usa, unknown], [DemandRecord(id="d", market="usa"), DemandRecord(id="e")]
    )
    assert result.components["market"][:, 0].tolist() == [0.0, 1.0, 0.0]
    assert result.known["market"][:, 0].tolist() == [True, True, False]
    assert not result.counted["market"][:, 1].any()  # demand without a market: neutral


# --- g. references ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref_sector", "expected"),
    [(SOLAR, 1.0), (RENEWABLE, 1.0), (WIND, 0.5), (HYDROGEN, 0.0)],
)
def test_references(ref_sector, expected):
    sme = SmeRecord(id="s", references=[Reference("Malmö school roofs", "", ref_sector)])
    assert component(sme, DemandRecord(id="d", sectors=[SOLAR]), "references") == expected


# --- h. mission, i. feedback ----------------------------------------------------------


def test_mission_and_feedback():
    inside = SmeRecord(id="in", missions=["m1"])
    outside = SmeRecord(id="out", missions=["m2"])
    with_mission = DemandRecord(id="d", mission="m1")
    without = DemandRecord(id="e")
    feedback = {("in", "d"): True, ("out", "d"): False}
    result = scoring.score_matrix([inside, outside], [with_mission, without], feedback=feedback)
    assert result.components["mission"][:, 0].tolist() == [1.0, 0.0]
    assert not result.counted["mission"][:, 1].any()
    assert result.components["feedback"][:, 0].tolist() == [1.0, 0.0]
    assert result.counted["feedback"][:, 0].tolist() == [True, True]
    assert not result.counted["feedback"][:, 1].any()


# --- total and confidence -----------------------------------------------------------


def test_total_is_weighted_mean_of_counted_components():
    sme = SmeRecord(
        id="s", sectors=[WIND], trl=5, certifications=["CE"], markets=["usa"], missions=["m"]
    )
    demand = DemandRecord(
        id="d", sectors=[SOLAR], min_trl=7, certifications=["CE", "UL 1741"], market="usa"
    )
    weights = {"sector": 2, "text": 1, "maturity": 1, "certifications": 1, "market": 1}
    result = score_one(sme, demand, weights=weights)
    # counted: sector 0.5, text 0 (no text: counted as no overlap), maturity 0.5,
    # certifications 0.5, market 1; keywords/references unknown, mission/feedback n/a.
    expected = 100 * (2 * 0.5 + 1 * 0 + 1 * 0.5 + 1 * 0.5 + 1 * 1) / (2 + 1 + 1 + 1 + 1)
    assert float(result.scores[0, 0]) == pytest.approx(expected, abs=1e-4)
    all_weights = scoring.resolve_weights(weights)
    applicable = sum(all_weights[c] for c in scoring.COMPONENTS if c not in ("mission", "feedback"))
    known = sum(all_weights[c] for c in ("sector", "maturity", "certifications", "market"))
    assert float(result.confidence[0, 0]) == pytest.approx(known / applicable, abs=1e-6)


def test_missing_data_lowers_confidence_and_never_raises():
    empty = SmeRecord(id="empty")
    full = SmeRecord(
        id="full",
        description="Rooftop solar PV with monitoring",
        technologies=["solar PV"],
        sectors=[SOLAR],
        trl=8,
        certifications=["CE"],
        markets=["china"],
        references=[Reference("Roofs", "", SOLAR)],
    )
    demand = DemandRecord(
        id="d",
        description="Rooftop solar PV",
        sectors=[SOLAR],
        technologies=["solar pv"],
        min_trl=7,
        certifications=["CE"],
        market="china",
    )
    result = scoring.score_matrix([empty, full], [demand, DemandRecord(id="blank")])
    assert np.isfinite(result.scores).all()
    assert result.confidence[1, 0] == pytest.approx(1.0)
    assert result.confidence[0, 0] < 0.5
    assert result.scores[1, 0] > result.scores[0, 0]


def test_unknown_weight_name_is_rejected():
    with pytest.raises(ValueError, match="unknown score component"):
        scoring.resolve_weights({"colour": 1.0})


# --- vectorised == per-pair ---------------------------------------------------------


def random_records(rng: random.Random, n_smes: int, n_demands: int):
    """Random but plausible records, with plenty of missing fields."""
    sectors = [s.code for s in taxonomy.SECTORS]
    words = sorted({k for s in taxonomy.SECTORS for k in s.keywords})
    zh = ["热泵", "污水处理", "海绵城市", "光伏", "储能", "区域供热", "垃圾分类"]
    certs = ["ISO 9001", "ISO 14001", "CE", "UL 1741", "ISO 27001"]

    def maybe(x, p=0.7):
        return x if rng.random() < p else type(x)() if not isinstance(x, int) else None

    smes = [
        SmeRecord(
            id=f"s{i}",
            description=maybe(" ".join(rng.sample(words, 12))),
            description_zh=maybe("".join(rng.sample(zh, 2)), 0.3),
            technologies=maybe(rng.sample(words, rng.randint(1, 4))),
            sectors=maybe(rng.sample(sectors, rng.randint(1, 3))),
            suggested_sectors=maybe(rng.sample(sectors, rng.randint(1, 2)), 0.4),
            trl=rng.choice([None, 3, 5, 6, 7, 8, 9]),
            certifications=maybe(rng.sample(certs, rng.randint(1, 3))),
            markets=maybe(rng.sample(["china", "usa"], rng.randint(1, 2))),
            references=[
                Reference(rng.choice(words), "", rng.choice([*sectors, None]))
                for _ in range(rng.randint(0, 2))
            ],
            missions=maybe(["m1"], 0.3),
        )
        for i in range(n_smes)
    ]
    demands = [
        DemandRecord(
            id=f"d{j}",
            title=maybe(" ".join(rng.sample(words, 4))),
            description=maybe(" ".join(rng.sample(words, 10))),
            description_zh=maybe("".join(rng.sample(zh, 2)), 0.3),
            sectors=maybe(rng.sample(sectors, rng.randint(1, 3)), 0.9),
            technologies=maybe(rng.sample(words, rng.randint(1, 3))),
            min_trl=rng.choice([None, 5, 6, 7, 8]),
            certifications=maybe(rng.sample(certs, rng.randint(1, 2)), 0.4),
            market=rng.choice([None, "china", "usa"]),
            mission=rng.choice([None, "m1", "m2"]),
        )
        for j in range(n_demands)
    ]
    feedback = {
        (rng.choice(smes).id, rng.choice(demands).id): rng.random() < 0.5 for _ in range(20)
    }
    return smes, demands, feedback


def test_vectorised_equals_per_pair_python():
    rng = random.Random(7)
    smes, demands, feedback = random_records(rng, 60, 25)
    model = scoring.text_model_for(smes, demands)
    weights = {"mission": 1.5, "keywords": 0.7}
    result = scoring.score_block(
        smes, scoring.encode_demands(demands, model), model, weights, feedback
    )
    vectors: dict = {}
    pairs = [(i, j) for i in range(len(smes)) for j in range(len(demands))]
    for i, j in rng.sample(pairs, 400):
        pair = scoring.score_pair_python(
            smes[i], demands[j], model, weights, feedback, vectors=vectors
        )
        assert pair.score / 100 == pytest.approx(float(result.scores[i, j]) / 100, abs=1e-6)
        assert pair.confidence == pytest.approx(float(result.confidence[i, j]), abs=1e-6)
        for name in scoring.COMPONENTS:
            got = float(result.components[name][i, j])
            assert pair.components[name] == pytest.approx(got, abs=1e-6), name
            assert pair.known[name] == bool(result.known[name][i, j]), name


def test_scoring_in_blocks_equals_scoring_at_once():
    smes, demands, feedback = random_records(random.Random(3), 30, 10)
    model = scoring.text_model_for(smes, demands)
    features = scoring.encode_demands(demands, model)
    whole = scoring.score_block(smes, features, model, None, feedback)
    parts = [
        scoring.score_block(smes[k : k + 7], features, model, None, feedback)
        for k in (0, 7, 14, 21, 28)
    ]
    np.testing.assert_allclose(np.vstack([p.scores for p in parts]), whole.scores, atol=1e-4)


# --- top-K ----------------------------------------------------------------------------


def test_top_k_matches_a_full_sort():
    rng = np.random.default_rng(0)
    scores = rng.random((40, 15)).astype(np.float32)
    per_demand = scoring.top_k_smes_per_demand(scores, 5)
    per_sme = scoring.top_k_demands_per_sme(scores, 3)
    assert per_demand.shape == (15, 5)
    assert per_sme.shape == (40, 3)
    for j in range(15):
        assert per_demand[j].tolist() == np.argsort(-scores[:, j], kind="stable")[:5].tolist()
    for i in range(40):
        assert per_sme[i].tolist() == np.argsort(-scores[i], kind="stable")[:3].tolist()
    pairs = scoring.top_k_pairs(scores, 2)
    expected = {(int(i), j) for j in range(15) for i in np.argsort(-scores[:, j])[:2]}
    expected |= {(i, int(j)) for i in range(40) for j in np.argsort(-scores[i])[:2]}
    assert {tuple(p) for p in pairs.tolist()} == expected
    assert len(pairs) == len(expected)


def test_top_k_larger_than_the_matrix_and_min_score():
    scores = np.array([[10.0, 50.0], [30.0, 20.0]], dtype=np.float32)
    assert scoring.top_k_demands_per_sme(scores, 5).tolist() == [[1, 0], [0, 1]]
    assert scoring.top_k_pairs(scores, 1, min_score=25).tolist() == [[0, 1], [1, 0]]


# --- explanations -------------------------------------------------------------------


def explained_pair(language: str) -> dict[str, str]:
    sme = SmeRecord(
        id="s",
        name="SolVista AB",
        description="Building-integrated photovoltaic facades for schools and hospitals.",
        technologies=["BIPV", "solar module"],
        sectors=[WIND],
        suggested_sectors=[SOLAR],
        trl=6,
        certifications=["IEC 61215"],
        markets=["china"],
        references=[Reference("Malmö school BIPV facade", "", SOLAR)],
        missions=["nj"],
    )
    demand = DemandRecord(
        id="d",
        title="Nearly zero-energy schools",
        description="Photovoltaic facades for three new schools.",
        sectors=[SOLAR],
        technologies=["BIPV", "building energy management"],
        min_trl=8,
        certifications=["IEC 61215", "UL 1741"],
        market="usa",
        mission="nj",
        mission_name="Nanjing 2025",
    )
    return scoring.explain_pair(sme, demand, language=language, feedback={("s", "d"): True})


def test_explanations_in_english_name_the_matched_items():
    text = explained_pair("en")
    assert "Solar photovoltaics" in text["sector"]
    assert "suggested" in text["sector"]
    assert "photovoltaic" in text["text"]
    assert "bipv" in text["keywords"] and "building energy management" in text["keywords"]
    assert "TRL 6" in text["maturity"] and "TRL 8" in text["maturity"]
    assert "2 levels below" in text["maturity"]
    assert "UL 1741" in text["certifications"] and "IEC 61215" in text["certifications"]
    assert "the USA" in text["market"] and "China" in text["market"]
    assert "Malmö school BIPV facade" in text["references"]
    assert "Nanjing 2025" in text["mission"]
    assert "interesting" in text["feedback"]


def test_explanations_in_chinese_name_the_matched_items():
    text = explained_pair("zh-hans")
    assert text["sector"].startswith("行业匹配：") and "太阳能光伏" in text["sector"]
    assert "尚未确认" in text["sector"]
    assert "TRL 6" in text["maturity"] and "低2级" in text["maturity"]
    assert "缺少UL 1741" in text["certifications"]
    assert "美国" in text["market"] and "中国" in text["market"]
    assert "Malmö school BIPV facade" in text["references"]
    assert "感兴趣" in text["feedback"]
    # Matched technologies are named in the reader's language through the glossary.
    assert "光伏建筑一体化" in text["keywords"] and "建筑能源管理" in text["keywords"]


def test_explain_rejects_unknown_component():
    with pytest.raises(ValueError):
        scoring.explain("colour", 1.0, {}, "en")


# --- labelled evaluation ------------------------------------------------------------


def test_eval_set_is_big_enough_and_consistent():
    smes, demands, labels = load_eval_records()
    assert len(smes) >= 60 and len(demands) >= 30
    ids = {s.id for s in smes}
    assert all(set(lab) <= ids for lab in labels.values())
    assert all(any(g == 2 for g in lab.values()) for lab in labels.values())
    groups = evaluation.parts()
    assert len(groups["chinese"]) >= 10 and len(groups["heldout"]) >= 8
    assert groups["heldout"] & groups["chinese"] and groups["heldout"] & groups["english"]
    chinese = [d for d in demands if d.id in groups["chinese"]]
    assert all(not d.title and not d.description and d.title_zh for d in chinese)


def test_ranking_quality_on_the_labelled_set():
    """The floors of the set's first version (its 51 SMEs and 17 demands) still hold."""
    figures = evaluation.evaluate(original=True)["original"]
    assert figures["demands"] == 17
    assert figures["ndcg_at_10"] >= NDCG10_FLOOR
    assert figures["precision_at_5"] >= P5_FLOOR


def test_ranking_quality_by_part_of_the_set():
    """English demands, Chinese-only demands and the held-out part, each above its floor."""
    figures = evaluation.evaluate()
    for part in PART_FLOORS:
        print(f"EVAL {part}: {figures[part]}")
    out = REPO_ROOT / "var" / "eval" / "matching.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    smes, demands, _ = load_eval_records(with_suggestions=False)
    out.write_text(
        json.dumps(
            {
                "algorithm_version": scoring.ALGORITHM_VERSION,
                "ndcg_at_10": figures["all"]["ndcg_at_10"],
                "precision_at_5": figures["all"]["precision_at_5"],
                "smes": len(smes),
                "demands": len(demands),
                "parts": {p: figures[p] for p in ("english", "chinese", "heldout", "tune")},
            },
            indent=2,
        )
    )
    for part, floors in PART_FLOORS.items():
        for measure, floor in floors.items():
            assert figures[part][measure] >= floor, (part, measure)


# --- sectors that separate little ----------------------------------------------------


def test_text_and_technologies_weigh_more_when_the_demanded_sector_is_everywhere():
    crowd = [SmeRecord(id=f"c{i}", sectors=[SOLAR]) for i in range(30)]
    rare = [SmeRecord(id=f"r{i}", sectors=[HYDROGEN]) for i in range(30)]
    sme = SmeRecord(id="s", sectors=[SOLAR], description="rooftop solar for schools")
    demand = DemandRecord(id="d", sectors=[SOLAR], description="rooftop solar for schools")
    broad = scoring.text_model_for([sme, *crowd], [demand])
    narrow = scoring.text_model_for([sme, *rare], [demand])
    assert scoring.encode_demands([demand], broad).breadth[0] == pytest.approx(1.0)
    assert scoring.encode_demands([demand], narrow).breadth[0] == pytest.approx(1 / 31)
    assert scoring.records.breadth_factor(1.0) == pytest.approx(1 + scoring.records.BREADTH_BOOST)
    assert scoring.records.breadth_factor(0.01) == 1.0
    # A pair whose sector fits but whose text does not falls further where the sector is
    # everywhere, in the vectorised and the per-pair scoring alike.
    other = SmeRecord(id="o", sectors=[SOLAR], description="hydrogen electrolysers")
    for model in (broad, narrow):
        result = scoring.score_block([other], scoring.encode_demands([demand], model), model)
        pair = scoring.score_pair_python(other, demand, model)
        assert pair.score == pytest.approx(float(result.scores[0, 0]), abs=1e-4)
    low_broad = scoring.score_pair_python(other, demand, broad).score
    low_narrow = scoring.score_pair_python(other, demand, narrow).score
    assert low_broad < low_narrow
