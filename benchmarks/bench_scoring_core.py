"""Benchmark of the scoring core (no Django, no database).

Generates a deterministic synthetic population from the sector taxonomy (by default
10,000 SMEs × 2,000 demand projects), then measures:

* fitting the text model and encoding the demands;
* scoring every pair vectorised, in blocks of SMEs, with top-K selection per block;
* the per-pair pure-Python implementation on a random sample of pairs (per-document
  TF-IDF vectors are computed once beforehand and timed separately, so the per-pair
  figure is the pair arithmetic alone: the conservative side for the speed-up);
* agreement of both implementations on that sample (score/100 and confidence within 1e-6);
* rescoring one SME against all demands (the on-save path).

Prints a table and writes ``var/bench/scoring_core.json``.

    python benchmarks/bench_scoring_core.py [--smes 10000] [--demands 2000] [--block 1000]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # runnable as a plain script from anywhere
    sys.path.insert(0, str(ROOT))

from companies import taxonomy  # noqa: E402
from matchmaking import scoring  # noqa: E402
from matchmaking.scoring import DemandRecord, Reference, SmeRecord  # noqa: E402

CERTIFICATIONS = ["ISO 9001", "ISO 14001", "ISO 27001", "ISO 50001", "CE", "UL 1741", "EN 253"]
MISSIONS = ["mission-nanjing", "mission-us-east", "mission-shenzhen", "mission-boston"]
FILLER = [
    "Our team works with municipalities, utilities and developers",
    "We deliver turnkey projects with local partners and long-term service contracts",
]
CITIES_CN = ["Nanjing Jiangbei New Area", "Suzhou", "Changzhou", "Shenzhen", "Wuxi"]
CITIES_US = ["Boston, MA", "Pittsburgh, PA", "Austin, TX", "Sacramento, CA", "Chicago, IL"]


def _pick_sectors(rng: random.Random, subs: list[taxonomy.Sector], k: int) -> list[str]:
    first = rng.choice(subs)
    picked = [first.code]
    for _ in range(k - 1):
        # A second sector is usually from the same family, as real profiles are.
        family = [s for s in subs if s.parent_code == first.parent_code]
        picked.append(rng.choice(family if rng.random() < 0.6 else subs).code)
    return list(dict.fromkeys(picked))


def _text(rng: random.Random, codes: list[str], n_keywords: int) -> tuple[str, list[str]]:
    sectors = [taxonomy.get(c) for c in codes]
    words = [k for s in sectors for k in s.keywords]
    technologies = rng.sample(words, min(len(words), rng.randint(2, 5)))
    sentences = [sectors[0].description_en, rng.choice(FILLER)]
    sentences.append("We offer " + ", ".join(rng.sample(words, min(len(words), n_keywords))))
    return ". ".join(sentences), technologies


def generate(n_smes: int, n_demands: int, seed: int = 2025):
    """Deterministic synthetic SMEs and demands drawn from the taxonomy."""
    rng = random.Random(seed)
    subs = [s for s in taxonomy.SECTORS if not s.is_top_level]
    smes = []
    for i in range(n_smes):
        codes = _pick_sectors(rng, subs, rng.choice([1, 1, 2, 3]))
        description, technologies = _text(rng, codes, 6)
        roll = rng.random()
        sectors, suggested = (codes, []) if roll < 0.7 else ([], codes) if roll < 0.9 else ([], [])
        smes.append(
            SmeRecord(
                id=i,
                name=f"SME {i}",
                description=description,
                description_zh=(
                    taxonomy.get(codes[0]).name_zh + "解决方案" if rng.random() < 0.1 else ""
                ),
                technologies=technologies,
                sectors=sectors,
                suggested_sectors=suggested,
                trl=rng.choice([None, 4, 5, 6, 7, 8, 9, 9]),
                certifications=rng.sample(CERTIFICATIONS, rng.randint(0, 3)),
                markets=rng.sample(["china", "usa"], rng.randint(0, 2)),
                references=[
                    Reference(f"Reference {i}-{r}", "", rng.choice(codes + [None]))
                    for r in range(rng.randint(0, 3))
                ],
                missions=[m for m in MISSIONS if rng.random() < 0.02],
            )
        )
    demands = []
    for j in range(n_demands):
        codes = _pick_sectors(rng, subs, rng.choice([1, 2, 3]))
        description, technologies = _text(rng, codes, 4)
        market = rng.choice(["china", "usa"])
        city = rng.choice(CITIES_CN if market == "china" else CITIES_US)
        demands.append(
            DemandRecord(
                id=j,
                title=f"{taxonomy.get(codes[0]).name_en} project in {city}",
                description=description,
                title_zh=(taxonomy.get(codes[0]).name_zh + "项目" if market == "china" else ""),
                sectors=codes,
                technologies=technologies,
                min_trl=rng.choice([None, 6, 7, 8]),
                certifications=rng.sample(CERTIFICATIONS, rng.randint(0, 2)),
                market=market,
                mission=rng.choice([None, None, *MISSIONS]),
                city=city,
            )
        )
    feedback = {
        (rng.randrange(n_smes), rng.randrange(n_demands)): rng.random() < 0.6
        for _ in range(n_smes // 5)
    }
    return smes, demands, feedback


def _timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smes", type=int, default=10_000)
    parser.add_argument("--demands", type=int, default=2_000)
    parser.add_argument("--block", type=int, default=1_000)
    parser.add_argument("--sample", type=int, default=2_000, help="pairs for the Python path")
    parser.add_argument("--top-k", type=int, default=20)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "scoring_core.json")
    args = parser.parse_args(argv)

    (smes, demands, feedback), t_generate = _timed(generate, args.smes, args.demands)
    model, t_fit = _timed(scoring.text_model_for, smes, demands)
    features, t_encode_demands = _timed(scoring.encode_demands, demands, model)

    n, m = len(smes), len(demands)
    scores = np.empty((n, m), dtype=np.float32)
    confidence = np.empty((n, m), dtype=np.float32)
    persisted = 0
    t_blocks = t_topk = 0.0
    for start in range(0, n, args.block):
        block = smes[start : start + args.block]
        result, t = _timed(scoring.score_block, block, features, model, None, feedback)
        t_blocks += t
        pairs, t = _timed(scoring.top_k_pairs, result.scores, args.top_k)
        t_topk += t
        persisted += len(pairs)
        scores[start : start + len(block)] = result.scores
        confidence[start : start + len(block)] = result.confidence
    t_vectorised = t_encode_demands + t_blocks + t_topk

    rng = random.Random(1)
    sample = [(rng.randrange(n), rng.randrange(m)) for _ in range(args.sample)]
    vectors: dict = {}
    start = time.perf_counter()
    for i, j in sample:
        vectors.setdefault(("sme", smes[i].id), model.python_vectors(smes[i].text()))
        vectors.setdefault(("demand", demands[j].id), model.python_vectors(demands[j].text()))
    t_py_vectors = time.perf_counter() - start
    start = time.perf_counter()
    python_results = [
        scoring.score_pair_python(smes[i], demands[j], model, None, feedback, vectors=vectors)
        for i, j in sample
    ]
    t_python = time.perf_counter() - start
    max_score_diff = max(
        abs(p.score / 100 - float(scores[i, j]) / 100)
        for p, (i, j) in zip(python_results, sample, strict=True)
    )
    max_conf_diff = max(
        abs(p.confidence - float(confidence[i, j]))
        for p, (i, j) in zip(python_results, sample, strict=True)
    )

    one_sme = []
    for k in range(20):
        _, t = _timed(scoring.score_block, [smes[k * 37 % n]], features, model, None, feedback)
        one_sme.append(t)

    per_pair_vectorised = t_vectorised / (n * m)
    per_pair_python = t_python / len(sample)
    report = {
        "algorithm_version": scoring.ALGORITHM_VERSION,
        "smes": n,
        "demands": m,
        "pairs": n * m,
        "block_size": args.block,
        "generate_s": round(t_generate, 3),
        "fit_text_model_s": round(t_fit, 3),
        "encode_demands_s": round(t_encode_demands, 3),
        "score_blocks_s": round(t_blocks, 3),
        "top_k_s": round(t_topk, 3),
        "vectorised_total_s": round(t_vectorised, 3),
        "vectorised_total_with_fit_s": round(t_vectorised + t_fit, 3),
        "vectorised_us_per_pair": round(per_pair_vectorised * 1e6, 4),
        "python_sample_pairs": len(sample),
        "python_vectors_s": round(t_py_vectors, 3),
        "python_us_per_pair": round(per_pair_python * 1e6, 2),
        "speedup_per_pair": round(per_pair_python / per_pair_vectorised, 1),
        "agreement_max_abs_diff_score_over_100": max_score_diff,
        "agreement_max_abs_diff_confidence": max_conf_diff,
        "agreement_ok": max_score_diff <= 1e-6 and max_conf_diff <= 1e-6,
        "rescore_one_sme_ms_median": round(statistics.median(one_sme) * 1e3, 2),
        "persisted_pairs_top_k": persisted,
        "top_k": args.top_k,
        "python": platform.python_version(),
        "numpy": np.__version__,
    }
    rows = [
        ("population", f"{n:,} SMEs × {m:,} demands = {n * m:,} pairs"),
        ("fit text model", f"{t_fit:.2f} s"),
        ("encode demands", f"{t_encode_demands:.2f} s"),
        (f"score blocks of {args.block}", f"{t_blocks:.2f} s"),
        (f"top-{args.top_k} selection", f"{t_topk:.2f} s ({persisted:,} pairs to persist)"),
        ("vectorised total", f"{t_vectorised:.2f} s ({per_pair_vectorised * 1e6:.3f} µs/pair)"),
        ("per-pair Python", f"{per_pair_python * 1e6:.1f} µs/pair over {len(sample):,} pairs"),
        ("speed-up per pair", f"{report['speedup_per_pair']}×"),
        ("agreement (max |Δ|)", f"score/100 {max_score_diff:.2e}, conf {max_conf_diff:.2e}"),
        ("rescore one SME", f"{report['rescore_one_sme_ms_median']} ms (median of 20)"),
    ]
    width = max(len(r[0]) for r in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    report = main()
    sys.exit(0 if report["agreement_ok"] else 1)
