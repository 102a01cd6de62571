"""The delegation catalogue: a PDF per mission with a cover, the mission and agenda summary,
and one page per selected SME (logo, sectors, descriptions in English and Chinese,
references, contact). WeasyPrint is imported only here, when a catalogue is drawn.

A catalogue is kept on disk under a name derived from everything it shows (the delegation,
each profile's last change, the agenda, the language), so a change to the delegation makes
the next download draw a new one.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.translation import get_language

from companies.models import CompanyProfile
from missions.models import MeetingDay, Mission, MissionApplication

from ..meetings.models import Meeting

# Per SME page: enough to read, little enough that every SME fits on one page.
DESCRIPTION_CHARS = 900
REFERENCES_SHOWN = 3


def delegation_profiles(mission: Mission) -> list[CompanyProfile]:
    """Profiles of the mission's selected SMEs, by name."""
    accepted = MissionApplication.objects.filter(
        mission=mission, status=MissionApplication.Status.ACCEPTED
    ).values("organisation_id")
    return list(
        CompanyProfile.objects.filter(organisation__in=accepted)
        .select_related("organisation")
        .prefetch_related("sectors", "references", "clusters")
        .order_by("organisation__name", "pk")
    )


def catalogue_fingerprint(mission: Mission, profiles: list[CompanyProfile]) -> str:
    parts = [str(mission.pk), mission.updated_at.isoformat(), get_language() or ""]
    parts += [f"{p.organisation_id}:{p.updated_at.isoformat()}" for p in profiles]
    parts += [str(d) for d in MeetingDay.objects.filter(mission=mission).values_list("date")]
    parts.append(str(Meeting.objects.filter(mission=mission, status="published").count()))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _context(mission: Mission, profiles: list[CompanyProfile]) -> dict:
    days = list(
        MeetingDay.objects.filter(mission=mission)
        .annotate(session_count=Count("sessions"))
        .order_by("date")
    )
    pages = []
    for profile in profiles:
        logo = None
        if profile.logo:
            path = Path(profile.logo.path)
            logo = path.as_uri() if path.exists() else None
        pages.append(
            {
                "profile": profile,
                "organisation": profile.organisation,
                "logo": logo,
                "sectors": [s.name for s in profile.sectors.all()],
                "description_en": _short(profile.description_en),
                "description_zh": _short(profile.description_zh),
                "references": list(profile.references.all())[:REFERENCES_SHOWN],
                "clusters": [c.name for c in profile.clusters.all()],
            }
        )
    return {
        "mission": mission,
        "days": days,
        "published_meetings": Meeting.objects.filter(mission=mission, status="published").count(),
        "pages": pages,
        "font_family": '"Noto Sans CJK SC", "Noto Sans SC", "Noto Sans", sans-serif',
    }


def _short(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= DESCRIPTION_CHARS else text[: DESCRIPTION_CHARS - 1] + "…"


def catalogue_pdf(mission: Mission) -> bytes:
    """The mission's catalogue in the active language, drawn again only when what it shows
    has changed (side effect: a file under MEDIA_ROOT/catalogues)."""
    profiles = delegation_profiles(mission)
    folder = Path(settings.MEDIA_ROOT) / "catalogues"
    path = folder / f"mission-{mission.pk}-{catalogue_fingerprint(mission, profiles)}.pdf"
    if path.exists():
        return path.read_bytes()
    html = render_to_string("matchmaking/outcomes/catalogue.html", _context(mission, profiles))
    from weasyprint import HTML

    content = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"mission-{mission.pk}-*.pdf"):
        old.unlink(missing_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(content)
    temporary.replace(path)
    return content
