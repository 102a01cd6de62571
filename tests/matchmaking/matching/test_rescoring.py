"""Rescoring services: full runs in chunks, single rescores, unchanged data, decisions."""

import random
import re

import numpy as np
import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from companies import services as company_services
from companies.models import CompanyProfile
from matchmaking import scoring
from matchmaking.matching import context as scoring_context
from matchmaking.matching import rescoring
from matchmaking.matching import services as matching_services
from matchmaking.matching.records import (
    _suggestion_key,
    demand_records,
    feedback_for,
    sme_records,
)
from matchmaking.matching.rescoring import unchanged
from matchmaking.matching.selectors import application_scores, explanations, reasons_build
from matchmaking.models import BuyerDecision, MatchScore, ScoringRun, SmeFeedback
from missions import services as mission_services
from missions.models import DemandProject, MissionApplication
from tests.factories import (
    ApplicationFactory,
    CompanyProfileFactory,
    DemandProjectFactory,
    MissionFactory,
    sector,
)

pytestmark = pytest.mark.usefixtures("fresh_scoring_context")


def full_run(capture, chunks=None) -> ScoringRun:
    with capture(execute=True):
        run = rescoring.scoring_run_start_full(chunks=chunks)
    run.refresh_from_db()
    return run


def rows() -> dict[tuple[int, int], tuple[float, dict]]:
    return {
        (m.sme_id, m.demand_id): (m.score, m.components)
        for m in MatchScore.objects.order_by("sme_id", "demand_id")
    }


def stamps() -> dict[tuple[int, int], object]:
    return {(m.sme_id, m.demand_id): m.computed_at for m in MatchScore.objects.all()}


@pytest.mark.django_db
def test_full_rescore_scores_every_pair_with_reasons_and_counts(
    sme_org, other_sme_org, heat_demand, solar_demand, django_capture_on_commit_callbacks
):
    run = full_run(django_capture_on_commit_callbacks, chunks=2)

    assert (run.scope, run.status, run.algorithm_version) == (
        "full", "done", scoring.ALGORITHM_VERSION,
    )
    assert (run.chunks_total, run.chunks_done, run.pairs_scored) == (4, 4, 4)
    assert (run.rows_created, run.rows_updated, run.rows_deleted, run.rows_unchanged) == (
        4, 0, 0, 0,
    )
    assert run.started_at <= run.finished_at
    stored = rows()
    assert set(stored) == {
        (sme_org.pk, heat_demand.pk),
        (sme_org.pk, solar_demand.pk),
        (other_sme_org.pk, heat_demand.pk),
        (other_sme_org.pk, solar_demand.pk),
    }
    # The stored numbers are those of the scoring module on the same records.
    result = scoring.score_matrix(sme_records(), demand_records())
    for (s, d), (score, components) in stored.items():
        i, j = result.sme_ids.index(s), result.demand_ids.index(d)
        assert score == pytest.approx(float(result.scores[i, j]), abs=0.006)
        assert components["sector"] == pytest.approx(
            float(result.components["sector"][i, j]), abs=1e-4
        )
    best_heat = MatchScore.objects.filter(demand=heat_demand).order_by("-score").first()
    assert best_heat.sme_id == sme_org.pk
    # A full rescore leaves the reasons to the first page that shows the row.
    assert best_heat.reasons == {}
    # Building them reads only; the view stores what the page built.
    assert reasons_build([best_heat]) == [best_heat]
    assert MatchScore.objects.get(pk=best_heat.pk).reasons == {}
    assert matching_services.match_reasons_save(matches=[best_heat]) == 1
    assert MatchScore.objects.get(pk=best_heat.pk).reasons == best_heat.reasons
    assert best_heat.reasons["keywords"]["common"] == ["district heating", "heat pump"]
    english = {e.name: e.sentence for e in explanations(best_heat, "en")}
    chinese = {e.name: e.sentence for e in explanations(best_heat, "zh-hans")}
    assert english["keywords"] == "Technologies: both name district heating and heat pump."
    assert chinese["keywords"] == "技术关键词：双方都涉及区域供热、热泵。"
    assert "meeting the project's minimum of TRL 6" in english["maturity"]
    assert "达到项目要求的最低TRL 6" in chinese["maturity"]


@pytest.mark.django_db
def test_second_run_on_unchanged_data_writes_nothing(
    sme_org, other_sme_org, heat_demand, solar_demand, django_capture_on_commit_callbacks
):
    full_run(django_capture_on_commit_callbacks)
    before = stamps()

    second = full_run(django_capture_on_commit_callbacks, chunks=2)

    assert (second.rows_created, second.rows_updated, second.rows_deleted) == (0, 0, 0)
    assert second.rows_unchanged == 4
    assert stamps() == before
    assert set(MatchScore.objects.values_list("run_id", flat=True)) == {second.pk - 1}


def _population(n_smes: int, n_demands: int, seed: int = 7):
    rng = random.Random(seed)
    codes = [
        "district-heating.heat-networks",
        "renewable-energy.solar-pv",
        "water-treatment.wastewater",
        "energy-efficiency.heat-pumps",
        "clean-mobility.ev-charging",
    ]
    words = ["heat pumps", "photovoltaics", "membranes", "chargers", "sensors", "storage"]
    for n in range(n_smes):
        CompanyProfileFactory(
            description_en=f"Company {n} works on {rng.choice(words)} and {rng.choice(words)}.",
            technologies=rng.sample(words, 2),
            trl=rng.choice([None, 5, 7, 9]),
            sectors=rng.sample(codes, rng.randint(1, 2)),
        )
    for n in range(n_demands):
        demand = DemandProjectFactory(
            description_en=f"Project {n} needs {rng.choice(words)}.",
            technologies=rng.sample(words, 1),
            min_trl=rng.choice([None, 6]),
        )
        demand.sectors.set([sector(rng.choice(codes))])


@pytest.mark.django_db
def test_chunked_run_stores_exactly_the_rows_of_one_chunk_and_the_top_k_union(
    settings, django_capture_on_commit_callbacks
):
    settings.MATCHING_TOP_K = 3
    _population(14, 6)

    inline = full_run(django_capture_on_commit_callbacks, chunks=1)
    one_chunk = rows()
    MatchScore.objects.all().delete()
    chunked = full_run(django_capture_on_commit_callbacks, chunks=5)

    assert inline.chunks_total == 2 and chunked.chunks_total == 10
    assert rows() == one_chunk
    # ... and they are the union of each demand's and each SME's top 3 of the full matrix.
    result = scoring.score_matrix(sme_records(), demand_records())
    expected = {
        (result.sme_ids[i], result.demand_ids[j])
        for i, j in scoring.top_k_pairs(result.scores, 3).tolist()
    }
    assert set(one_chunk) == expected
    assert len(expected) < 14 * 6


@pytest.mark.django_db
def test_sme_rescore_changes_only_that_smes_rows(
    sme_org, other_sme_org, heat_demand, solar_demand, django_capture_on_commit_callbacks
):
    full_run(django_capture_on_commit_callbacks)
    before = stamps()
    profile = sme_org.profile

    with django_capture_on_commit_callbacks(execute=True):
        company_services.profile_update(
            profile=profile, data={"technologies": ["photovoltaics", "heat pumps"]}
        )

    run = ScoringRun.objects.filter(scope=ScoringRun.Scope.SME).get()
    assert (run.sme_id, run.status, run.rows_updated, run.rows_created) == (
        sme_org.pk, "done", 2, 0,
    )
    after = stamps()
    assert after[(other_sme_org.pk, heat_demand.pk)] == before[(other_sme_org.pk, heat_demand.pk)]
    assert after[(other_sme_org.pk, solar_demand.pk)] == before[(other_sme_org.pk, solar_demand.pk)]
    assert after[(sme_org.pk, solar_demand.pk)] > before[(sme_org.pk, solar_demand.pk)]
    solar = MatchScore.objects.get(sme=sme_org, demand=solar_demand)
    assert solar.components["keywords"] == 1.0

    with django_capture_on_commit_callbacks(execute=True):
        company_services.profile_unpublish(profile=profile)
    assert set(MatchScore.objects.values_list("sme_id", flat=True)) == {other_sme_org.pk}


@pytest.mark.django_db
def test_closing_a_demand_removes_its_rows_and_a_new_one_is_scored(
    staff_user, sme_org, other_sme_org, heat_demand, solar_demand, buyer_org,
    django_capture_on_commit_callbacks,
):
    full_run(django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        mission_services.demand_project_update(
            demand_project=heat_demand, actor=staff_user, status=DemandProject.Status.CLOSED
        )
    assert set(MatchScore.objects.values_list("demand_id", flat=True)) == {solar_demand.pk}

    with django_capture_on_commit_callbacks(execute=True):
        new = mission_services.demand_project_create(
            actor=staff_user,
            buyer=buyer_org,
            title="Water reuse plant",
            description_en="Membrane water reuse for an industrial park.",
            city="Suzhou",
            market="china",
            sectors=[sector("water-treatment.water-reuse")],
        )
    run = ScoringRun.objects.filter(scope=ScoringRun.Scope.DEMAND, demand=new).get()
    assert (run.status, run.rows_created) == ("done", 2)
    assert set(MatchScore.objects.filter(demand=new).values_list("sme_id", flat=True)) == {
        sme_org.pk, other_sme_org.pk,
    }


@pytest.mark.django_db
def test_sme_feedback_feeds_the_feedback_component(
    sme_owner, sme_org, heat_demand, django_capture_on_commit_callbacks
):
    full_run(django_capture_on_commit_callbacks)
    before = MatchScore.objects.get(sme=sme_org, demand=heat_demand)

    with django_capture_on_commit_callbacks(execute=True):
        matching_services.sme_feedback_give(
            sme=sme_org, demand=heat_demand, verdict="not_relevant", actor=sme_owner
        )
    after = MatchScore.objects.get(sme=sme_org, demand=heat_demand)
    assert SmeFeedback.objects.get().verdict == "not_relevant"
    assert after.components["feedback"] == 0.0
    assert after.reasons["feedback"] == {"flag": False}
    assert after.score < before.score

    with django_capture_on_commit_callbacks(execute=True):
        matching_services.sme_feedback_give(
            sme=sme_org, demand=heat_demand, verdict="interested", actor=sme_owner
        )
    liked = MatchScore.objects.get(sme=sme_org, demand=heat_demand)
    assert liked.components["feedback"] == 1.0
    assert liked.score > before.score
    assert "marked this project as interesting" in {
        e.name: e.sentence for e in explanations(liked, "en")
    }["feedback"]


@pytest.mark.django_db
def test_buyer_decisions(buyer, sme_org, heat_demand):
    with pytest.raises(ValidationError):
        matching_services.buyer_decide(demand=heat_demand, sme=sme_org, status="declined", actor=buyer)
    matching_services.buyer_decide(demand=heat_demand, sme=sme_org, status="shortlisted", actor=buyer)
    matching_services.buyer_decide(
        demand=heat_demand, sme=sme_org, status="declined", actor=buyer, reason=" Too small "
    )
    assert list(BuyerDecision.objects.values_list("status", "reason", "decided_by")) == [
        ("declined", "Too small", buyer.pk)
    ]
    matching_services.buyer_decision_clear(demand=heat_demand, sme=sme_org)
    assert BuyerDecision.objects.count() == 0


@pytest.mark.django_db
def test_application_scores_for_the_staff_review(
    sme_org, other_sme_org, heat_demand, django_capture_on_commit_callbacks
):
    mission = MissionFactory()
    DemandProject.objects.filter(pk=heat_demand.pk).update(mission=mission)
    ours = ApplicationFactory(mission=mission, organisation=sme_org)
    theirs = ApplicationFactory(
        mission=mission, organisation=other_sme_org, status=MissionApplication.Status.ACCEPTED
    )
    full_run(django_capture_on_commit_callbacks)
    best = {m.sme_id: m.score for m in MatchScore.objects.filter(demand=heat_demand)}

    assert application_scores(mission, [ours, theirs]) == {
        ours.pk: round(best[sme_org.pk]),
        theirs.pk: round(best[other_sme_org.pk]),
    }
    # The delegation feeds the mission component.
    assert MatchScore.objects.get(sme=other_sme_org, demand=heat_demand).components["mission"] == 1.0


@pytest.mark.django_db
def test_records_hold_suggested_sectors_apart_from_confirmed_ones(sme_org):
    CompanyProfile.objects.filter(pk=sme_org.profile.pk).update(
        description_en="We design rooftop photovoltaic plants and solar inverters for schools.",
        technologies=["photovoltaics", "solar inverters"],
    )
    (record,) = sme_records()
    assert record.sectors == ("district-heating",)
    assert "renewable-energy.solar-pv" in record.suggested_sectors
    assert "district-heating" not in record.suggested_sectors


def test_batch_contexts_equal_pair_contexts_on_the_evaluation_set():
    from tests.matchmaking.scoring.test_components import load_eval_records

    smes, demands, _labels = load_eval_records()
    model = scoring.text_model_for(smes, demands)
    demand_features = scoring.encode_demands(demands, model)
    sme_features = scoring.encode_smes(smes, demand_features, model)
    feedback = {(smes[0].id, demands[0].id): True}
    builder = scoring.ContextBuilder(
        smes, sme_features, demands, demand_features, model, feedback
    )
    rng = np.random.default_rng(3)
    for i, j in zip(rng.integers(0, len(smes), 200), rng.integers(0, len(demands), 200), strict=True):
        assert builder.context(i, j) == scoring.pair_contexts(
            smes[i], demands[j], text_model=model, feedback=feedback
        )
    assert builder.context(0, 0)["feedback"] == {"flag": True}


def test_top_k_by_group_breaks_ties_by_smaller_sme_id():
    demands = np.array([1, 1, 1, 2])
    smes = np.array([5, 3, 9, 4])
    scores = np.array([80.0, 80.0, 90.0, 10.0], dtype=np.float32)
    best = scoring.top_k_by_group(demands, smes, scores, 2)
    assert list(zip(demands[best].tolist(), smes[best].tolist(), strict=True)) == [
        (1, 9), (1, 3), (2, 4),
    ]


def _running_full_run(**fields) -> ScoringRun:
    return ScoringRun.objects.create(
        scope=ScoringRun.Scope.FULL, status=ScoringRun.Status.RUNNING,
        algorithm_version=scoring.ALGORITHM_VERSION, **fields,
    )


def _staged_run(
    chunks: int, run: ScoringRun | None = None
) -> tuple[ScoringRun, list[tuple[int, int]]]:
    """A full run taken through planning, scoring and merging, step by step."""
    run = run or _running_full_run()
    ranges = rescoring.full_rescore_plan(run=run, chunks=chunks)
    results = [
        rescoring.full_rescore_score_chunk(run=run, first_id=low, last_id=high)
        for low, high in ranges
    ]
    rescoring.full_rescore_merge(run=run, results=results, ranges=ranges)
    return run, ranges


@pytest.mark.django_db
def test_score_chunks_use_the_records_the_plan_loaded():
    _population(6, 3)
    run = _running_full_run()
    ranges = rescoring.full_rescore_plan(run=run, chunks=2)
    # A profile changed after the plan: the run scores the version its model was fitted on.
    CompanyProfile.objects.update(trl=1)

    with CaptureQueriesContext(connection) as queries:
        rescoring.full_rescore_score_chunk(run=run, first_id=ranges[0][0], last_id=ranges[0][1])
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "companies_companyprofile" not in tables
    assert "matchmaking_smefeedback" in tables


@pytest.mark.services
@pytest.mark.django_db
def test_merge_stages_the_pairs_only_a_demands_top_k_keeps_and_persist_is_idempotent(settings):
    settings.MATCHING_TOP_K = 2
    _population(12, 5)
    run, ranges = _staged_run(chunks=3)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT own, count(*) FROM matchmaking_scorestage WHERE run_id = %s GROUP BY own",
            [run.pk],
        )
        staged = dict(cursor.fetchall())
    # Each SME keeps its own best 2 of 5 demands; the demands' best 2 add the rest.
    result = scoring.score_matrix(sme_records(), demand_records())
    expected = {
        (result.sme_ids[i], result.demand_ids[j])
        for i, j in scoring.top_k_pairs(result.scores, 2).tolist()
    }
    assert staged[True] == 12 * 2
    assert staged[True] + staged.get(False, 0) == len(expected)

    for low, high in ranges * 2:  # every chunk delivered twice
        rescoring.full_rescore_persist_chunk(run=run, first_id=low, last_id=high)
    assert set(MatchScore.objects.values_list("sme_id", "demand_id")) == expected
    run.refresh_from_db()
    assert run.rows_created == len(expected)


@pytest.mark.services
@pytest.mark.django_db
def test_persist_refuses_when_the_staged_rows_are_gone(django_capture_on_commit_callbacks):
    _population(6, 3)
    full_run(django_capture_on_commit_callbacks)
    before = rows()
    run, ranges = _staged_run(chunks=2)
    # The staging table is unlogged: a database crash empties it.
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE matchmaking_scorestage")

    with pytest.raises(RuntimeError, match="staging table holds 0"):
        rescoring.full_rescore_persist_chunk(run=run, first_id=ranges[0][0], last_id=ranges[0][1])
    assert rows() == before


@pytest.mark.services
@pytest.mark.django_db
def test_finishing_a_run_empties_the_staging_table(django_capture_on_commit_callbacks):
    _population(4, 2)
    run = full_run(django_capture_on_commit_callbacks, chunks=2)

    assert run.status == "done"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM matchmaking_scorestage")
        assert cursor.fetchone()[0] == 0
    assert MatchScore.objects.count() == 8


@pytest.mark.django_db
def test_a_run_that_reuses_an_old_runs_id_does_not_meet_its_cache_entries(
    django_capture_on_commit_callbacks,
):
    _population(6, 3)
    first = full_run(django_capture_on_commit_callbacks, chunks=2)
    # A recreated or restored database hands the id out again; the cache lives on.
    reused = first.pk
    first.delete()
    run, ranges = _staged_run(chunks=2, run=_running_full_run(pk=reused))
    for low, high in ranges:
        rescoring.full_rescore_persist_chunk(run=run, first_id=low, last_id=high)

    run.refresh_from_db()
    assert (run.rows_created, run.rows_updated, run.rows_deleted, run.rows_unchanged) == (
        0, 0, 0, 18,
    )
    assert (run.chunks_done, run.pairs_scored) == (4, 18)


@pytest.mark.django_db
def test_full_rescore_removes_rows_of_smes_and_demands_that_left(
    sme_org, other_sme_org, heat_demand, solar_demand, django_capture_on_commit_callbacks
):
    full_run(django_capture_on_commit_callbacks, chunks=2)
    # Changed behind the services' back, so only the full rescore can notice.
    CompanyProfile.objects.filter(organisation=other_sme_org).update(
        status=CompanyProfile.Status.DRAFT
    )

    run = full_run(django_capture_on_commit_callbacks, chunks=2)

    assert (run.status, run.rows_deleted, run.rows_unchanged) == ("done", 2, 2)
    assert set(MatchScore.objects.values_list("sme_id", flat=True)) == {sme_org.pk}

    DemandProject.objects.update(status=DemandProject.Status.CLOSED)
    run = full_run(django_capture_on_commit_callbacks, chunks=2)

    assert (run.status, run.rows_deleted, run.pairs_scored) == ("done", 2, 0)
    assert MatchScore.objects.count() == 0
    # With no open demand project, saving a profile rescores nothing and fails nothing.
    single = rescoring.sme_rescore(organisation_id=sme_org.pk)
    assert (single.status, single.pairs_scored, single.rows_created) == ("done", 0, 0)

    CompanyProfile.objects.update(status=CompanyProfile.Status.DRAFT)
    run = full_run(django_capture_on_commit_callbacks, chunks=2)

    assert (run.status, run.chunks_total, run.chunks_done, run.rows_deleted) == ("done", 2, 2, 0)


@pytest.mark.django_db
def test_a_full_run_on_unchanged_inputs_neither_scores_nor_writes_and_a_changed_profile_is_seen(
    django_capture_on_commit_callbacks,
):
    _population(8, 4)
    first = full_run(django_capture_on_commit_callbacks, chunks=2)
    before, written = rows(), stamps()

    second = full_run(django_capture_on_commit_callbacks, chunks=2)

    assert (second.status, second.chunks_total, second.pairs_scored) == ("done", 0, 0)
    assert (second.rows_created, second.rows_updated, second.rows_deleted) == (0, 0, 0)
    assert second.rows_unchanged == len(before) == first.rows_created
    assert rows() == before and stamps() == written
    # The first run's context (its model and thresholds) serves single rescores again.
    assert cache.get(scoring_context.CURRENT_KEY) == rescoring.run_token(first)

    # One profile changes behind the services' back: only a full run can notice.
    changed = MatchScore.objects.order_by("sme_id").first().sme_id
    CompanyProfile.objects.filter(organisation_id=changed).update(
        technologies=["membranes", "storage", "sensors"], trl=2
    )
    third = full_run(django_capture_on_commit_callbacks, chunks=2)

    assert (third.status, third.pairs_scored) == ("done", 8 * 4)
    after = rows()
    assert {k: v for k, v in after.items() if k[0] == changed} != {
        k: v for k, v in before.items() if k[0] == changed
    }
    assert third.rows_created + third.rows_updated + third.rows_deleted > 0
    # The run scored afresh: its rows are those of a run from an empty table.
    MatchScore.objects.all().delete()
    full_run(django_capture_on_commit_callbacks, chunks=1)
    assert rows() == after

    fourth = full_run(django_capture_on_commit_callbacks, chunks=3)
    assert (fourth.pairs_scored, fourth.rows_unchanged) == (0, len(after))


def _change_profile(org_id, **_):
    CompanyProfile.objects.filter(organisation_id=org_id).update(description_en="Tidal turbines.")


def _change_demand(org_id, **_):
    demand = DemandProject.objects.order_by("pk").first()
    DemandProject.objects.filter(pk=demand.pk).update(min_trl=9)


def _close_demand(org_id, **_):
    demand = DemandProject.objects.order_by("pk").first()
    DemandProject.objects.filter(pk=demand.pk).update(status=DemandProject.Status.CLOSED)


def _give_feedback(org_id, **_):
    SmeFeedback.objects.create(
        sme_id=org_id, demand=DemandProject.objects.order_by("pk").first(), verdict="interested"
    )


def _change_weights(org_id, settings, **_):
    settings.MATCHING_WEIGHTS = {"sector": 9.0}


def _change_top_k(org_id, settings, **_):
    settings.MATCHING_TOP_K = 2


def _rescore_one_sme(org_id, **_):
    # A single rescore writes rows from the current context: the table is no longer
    # exactly what the last full run left.
    CompanyProfile.objects.filter(organisation_id=org_id).update(trl=1)
    rescoring.sme_rescore(organisation_id=org_id)
    CompanyProfile.objects.filter(organisation_id=org_id).update(trl=9)


def _delete_a_row(org_id, **_):
    MatchScore.objects.filter(sme_id=org_id).order_by("demand_id").first().delete()


def _lose_the_context(org_id, **_):
    cache.delete(f"matching:context:{cache.get(scoring_context.CURRENT_KEY)}")
    scoring_context._memo.clear()


@pytest.mark.parametrize(
    "change",
    [
        _change_profile, _change_demand, _close_demand, _give_feedback, _change_weights,
        _change_top_k, _rescore_one_sme, _delete_a_row, _lose_the_context,
    ],
)
@pytest.mark.django_db
def test_any_change_of_inputs_or_rows_makes_the_next_full_run_score_again(
    change, settings, django_capture_on_commit_callbacks
):
    settings.MATCHING_TOP_K = 3
    _population(6, 4)
    CompanyProfile.objects.update(trl=9)
    full_run(django_capture_on_commit_callbacks, chunks=2)
    org_id = MatchScore.objects.order_by("sme_id").first().sme_id

    change(org_id, settings=settings)
    run = full_run(django_capture_on_commit_callbacks, chunks=2)
    stored = rows()
    MatchScore.objects.all().delete()
    reference = full_run(django_capture_on_commit_callbacks, chunks=1)

    assert run.status == "done" and run.pairs_scored > 0
    assert reference.pairs_scored == run.pairs_scored
    # Whatever changed, the run left the rows a run from scratch writes.
    assert stored == rows()


@pytest.mark.django_db
def test_the_inputs_digest_covers_the_scoring_version_and_the_cached_suggestions(
    monkeypatch,
):
    _population(3, 2)
    sme_records()  # the suggestions are computed and cached
    digest = unchanged.inputs_digest()

    assert digest is not None and unchanged.inputs_digest() == digest
    monkeypatch.setattr(scoring, "ALGORITHM_VERSION", "another")
    unchanged.scoring_version.cache_clear()
    try:
        assert unchanged.inputs_digest() != digest
    finally:
        monkeypatch.undo()
        unchanged.scoring_version.cache_clear()
    assert unchanged.inputs_digest() == digest
    # A suggestion gone from the cache could come back otherwise: the digest is unknown.
    profile = CompanyProfile.objects.order_by("pk").first()
    cache.delete(_suggestion_key(profile.pk, profile.updated_at))
    assert unchanged.inputs_digest() is None


@pytest.mark.django_db
def test_the_inputs_digest_hashes_every_table_the_records_are_read_from(sme_org, heat_demand):
    SmeFeedback.objects.create(sme=sme_org, demand=heat_demand, verdict="interested")
    with CaptureQueriesContext(connection) as queries:
        sme_records()
        demand_records()
        feedback_for()
    read = {
        table
        for query in queries.captured_queries
        for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])
    }
    hashed = {model._meta.db_table for model in unchanged.input_models()}

    assert "companies_referenceproject" in read and "matchmaking_smefeedback" in read
    assert read <= hashed


def test_a_new_worker_process_loads_the_chinese_dictionary_before_its_first_rescore(
    monkeypatch,
):
    from celery.signals import worker_process_init

    from companies import bilingual
    from matchmaking.matching import tasks  # noqa: F401 (connects the worker's handler)
    from matchmaking.matching.rescoring import runs

    monkeypatch.setattr(runs, "_warming", None)
    monkeypatch.setattr(runs, "_warm", runs.threading.Event())
    bilingual.dictionary.cache_clear()
    worker_process_init.send(sender=None)
    rescoring.wait_for_warm_up()
    assert runs._warm.is_set()
    assert bilingual.dictionary.cache_info().currsize == 1
