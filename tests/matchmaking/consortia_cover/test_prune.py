from matchmaking.consortia_cover import Candidate, prune


def test_prune_keeps_the_best_per_sector_and_the_best_of_each_country():
    candidates = [
        Candidate(1, "AT", {"heat": 90}),
        Candidate(2, "AT", {"heat": 80}),
        Candidate(3, "AT", {"heat": 70}),
        Candidate(4, "SE", {"heat": 10}),
        Candidate(5, "SE", {"heat": 5}),
        Candidate(6, "DK", {"water": 50, "heat": 1}),
        Candidate(7, "DK", {"soil": 99}),  # covers nothing requested
    ]
    kept = prune(["heat", "water"], candidates, per_sector=2)
    assert [c.id for c in kept] == [1, 2, 4, 6]
