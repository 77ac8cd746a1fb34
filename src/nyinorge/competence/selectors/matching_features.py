"""The matching's competence features of persons, read from their Kompass/KomBo registrations.

Only a registration the person has consented to share (`consent_share`) is read; without one — no registration,
no consent, or a section not filled — the feature is unknown (None), and the settlement values treat an unknown
feature as the average (no term), never as "none". Ranks are those of the matching's simulator: ISCED_RANK
(0 no schooling … 9 doctoral) and LANGUAGE_LEVEL_RANK (0 a few words, 1 A1 … 6 C2, 7 mother tongue).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from nyinorge.competence.codes import ISCED_RANK, LANGUAGE_LEVEL_RANK
from nyinorge.competence.models import CompetenceRegistration

NORWEGIAN = ("nb", "nn", "no", "nor", "nob", "nno")
ENGLISH = ("en", "eng")


@dataclass(frozen=True)
class CompetenceFeatures:
    isced: int | None = None
    schooling_years: int | None = None
    work_years: float | None = None  # all work experience, in years
    norwegian_level: int | None = None
    english_level: int | None = None
    occupation_group: int | None = None  # STYRK-08 major group (first digit) of the longest experience
    occupation: str = ""  # its four-digit code


def competence_features(*, person_ids: Iterable[int]) -> dict[int, CompetenceFeatures]:
    """Person id → features, for the persons with a shared registration (others are absent: unknown)."""
    registrations = (CompetenceRegistration.objects.filter(person_id__in=list(person_ids), consent_share=True)
                     .prefetch_related("language_skills", "work_experiences"))
    features = {}
    for registration in registrations:
        skills = {skill.language: LANGUAGE_LEVEL_RANK.get(skill.level) for skill in registration.language_skills.all()}
        work = list(registration.work_experiences.all())
        longest = max(work, key=lambda experience: experience.years, default=None)
        done = set(registration.sections_done)
        features[registration.person_id] = CompetenceFeatures(
            isced=ISCED_RANK.get(registration.highest_level) if registration.highest_level else None,
            schooling_years=registration.schooling_years,
            # No rows but the work section done: no work experience; section not done: unknown.
            work_years=float(sum(experience.years for experience in work)) if work or "work" in done else None,
            norwegian_level=next((skills[code] for code in NORWEGIAN if code in skills),
                                 0 if "languages" in done else None),
            english_level=next((skills[code] for code in ENGLISH if code in skills),
                               0 if "languages" in done else None),
            occupation_group=int(longest.occupation[0]) if longest and longest.occupation[:1].isdigit() else None,
            occupation=longest.occupation if longest else "",
        )
    return features
