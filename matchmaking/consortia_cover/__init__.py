"""Consortium proposals: weighted set cover with a size bound, without Django.

A demand project asks for several sectors; each candidate SME covers some of them with a
match score. ``propose`` picks 2–4 members and gives each requested sector to one member
who covers it, so that, in this order of importance:

1. as many requested sectors as possible are covered (a full cover when one exists);
2. the covering members' scores add up to the most;
3. the members come from more than one country, and know each other (same delegation, an
   earlier meeting, an existing consortium): small bonuses in the objective.

Every member covers at least one sector. The model is solved with CP-SAT twice: first on
the few candidates kept by ``prune`` (per sector the best few by score, plus the best of
each country), whose covers set a threshold; then on every candidate that ``reduce``
cannot rule out against it, which makes the answer exact over all candidates.
``reference.all_covers`` enumerates every subset and assignment on small cases and is the
independent check of the solver. The next-best covers come from solving again with each
earlier member set excluded.

Modules: ``records`` (inputs, preferences, results), ``prune``, ``reduce`` (safe
reductions), ``cpsat`` (the exact model), ``reference`` (brute force), ``generate``
(synthetic populations for the benchmark).
"""

from .cpsat import propose
from .prune import prune
from .records import Candidate, Cover, Preferences, Proposals

__all__ = ["Candidate", "Cover", "Preferences", "Proposals", "propose", "prune"]
