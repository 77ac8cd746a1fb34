"""Synthetic KomBo records, as the offline kit writes them: for the tests, the benchmark and a demo bundle.

DUF numbers are drawn from a counter the caller gives, so that no two samples collide; they are test data only.
"""

import datetime
import uuid


def sample_member(*, relation: str, given: str, family: str, born: str, duf: str, sex: str = "unknown",
                  competence: dict | None = None, citizenship: str = "SY") -> dict:
    return {"client_id": str(uuid.uuid4()), "relation": relation, "given_name": given, "family_name": family,
            "birth_date": born, "birth_year": None, "sex": sex, "citizenship": citizenship, "duf_number": duf,
            "progres_id": "", "competence": competence}


def sample_competence(*, occupation: str = "7411", years_of_work: str = "6", schooling_years: int = 12,
                      level: str = "3") -> dict:
    return {
        "languages": [{"language": "ar", "level": "native"}, {"language": "en", "level": "A2"}],
        "highest_level": level, "schooling_years": schooling_years, "schooling_country": "SY",
        "qualifications": [{"kind": "vocational", "title": "Electrician", "field": "07", "level": "3",
                            "country": "SY", "year_completed": 2008, "completed": True, "has_document": False}],
        "work": [{"occupation": occupation, "years": years_of_work, "sector": "private", "country": "SY",
                  "description": "Electrician"}],
        "driving_licence": "B", "consent_share": True,
    }


def sample_family(*, family: str, duf_numbers: list[str], held_on: datetime.date | None = None,
                  children: int = 1) -> dict:
    """A couple (both with competence) and their children; one DUF number per person."""
    held_on = held_on or datetime.date.today() - datetime.timedelta(days=3)
    members = [
        sample_member(relation="principal", given="Ahmad", family=family, born="1984-03-02", duf=duf_numbers[0],
                      sex="male", competence=sample_competence()),
        sample_member(relation="spouse", given="Huda", family=family, born="1987-11-20", duf=duf_numbers[1],
                      sex="female", competence=sample_competence(occupation="2221", level="6", schooling_years=16)),
    ]
    for n in range(children):
        members.append(sample_member(relation="child", given=f"Sami{n}", family=family, born=f"201{n % 10}-05-01",
                                     duf=duf_numbers[2 + n]))
    return {"client_id": str(uuid.uuid4()), "held_on": held_on.isoformat(), "updated": held_on.isoformat(),
            "members": members,
            "interview": {"must_live_together": True, "accessible_dwelling": False, "rooms_needed": 2,
                          "health_needs": "", "wishes": "Near the sea", "family_situation": "",
                          "interpreter_language": "ar",
                          "network_ties": [{"municipality": "0301", "relation": "sibling", "note": "Brother"}]}}


def duf_numbers(start: int, count: int, year: int = 2020) -> list[str]:
    return [f"{year}{serial:08d}" for serial in range(start, start + count)]
