"""The market-entry readiness score: plain arithmetic over a checklist, no Django.

Six items weigh the same: the certifications a market's briefs ask for (the share of them
the SME holds; full when the briefs ask for none), a local partner or representative, IP
protection filed in the market, material in the local language, references in comparable
cities and export experience. The score is that share of the six, 0–100, rounded half up.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

CERTIFICATIONS = "certifications"
ANSWERED = (
    "local_partner",
    "ip_filed",
    "local_language",
    "comparable_references",
    "export_experience",
)
ITEMS = (CERTIFICATIONS, *ANSWERED)


@dataclass(frozen=True)
class Readiness:
    score: int
    # Items not (fully) met, in checklist order; certifications are named in ``uncertified``.
    missing: tuple[str, ...]
    uncertified: tuple[str, ...]


def normalised(name: str) -> str:
    """Certification names compare without case and extra spaces ("ISO  9001" = "iso 9001")."""
    return " ".join(name.split()).casefold()


def readiness_score(
    *, held: Iterable[str], needed: Iterable[str], answers: Mapping[str, bool]
) -> Readiness:
    """Score the checklist: ``held`` and ``needed`` certification names, ``answers`` the
    five yes/no items by name (absent means no)."""
    have = {normalised(name) for name in held if name.strip()}
    wanted: dict[str, str] = {}
    for name in needed:
        if name.strip():
            wanted.setdefault(normalised(name), name.strip())
    uncertified = tuple(label for key, label in wanted.items() if key not in have)
    # Points in sixths of the total, counted exactly: certifications give held / needed.
    certification_share = (len(wanted) - len(uncertified), len(wanted)) if wanted else (1, 1)
    yes = sum(1 for item in ANSWERED if answers.get(item))
    numerator = certification_share[0] + yes * certification_share[1]
    denominator = len(ITEMS) * certification_share[1]
    score = (200 * numerator + denominator) // (2 * denominator)
    missing = ((CERTIFICATIONS,) if uncertified else ()) + tuple(
        item for item in ANSWERED if not answers.get(item)
    )
    return Readiness(score=score, missing=missing, uncertified=uncertified)
