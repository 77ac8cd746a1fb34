"""Demo users, reception centres and a few people, so a fresh `make run` has something to show.

Every person has a synthetic identity number (birth month + 80) or a DUF number; no real data.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import Municipality, Organisation, Person, User
from nyinorge.core.roles import Role
from nyinorge.core.services.organisations import municipality_organisation_numbers_fill, reception_centre_create
from nyinorge.core.services.people import family_relation_add, person_create
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create

DEMO_PASSWORD = "demo-nyinorge-2020"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    organisation: str


def _reception_centres() -> dict[str, Organisation]:
    wanted = [
        ("Demo mottak Lier", "Demo mottaksdrift AS", "3049", "ordinary"),
        ("Demo integreringsmottak Stord", "Demo kommune og frivillighet", "4614", "integration"),
    ]
    centres = {}
    for name, operator, host, centre_type in wanted:
        organisation = Organisation.objects.filter(kind=Organisation.Kind.RECEPTION_CENTRE, name=name).first()
        if organisation is None:
            organisation = reception_centre_create(
                name=name, operator=operator, host_municipality=Municipality.objects.get(number=host),
                centre_type=centre_type, capacity=150,
            ).organisation
        centres[name] = organisation
    return centres


def _users(centres: dict[str, Organisation]) -> list[DemoLogin]:
    oslo = Organisation.objects.get(kind=Organisation.Kind.MUNICIPALITY, municipality_id="0301")
    bergen = Organisation.objects.get(kind=Organisation.Kind.MUNICIPALITY, municipality_id="4601")
    wanted = [
        ("saksbehandler", "Siri", "Saksbehandler", directorate(), Role.DIRECTORATE_CASEWORKER, False),
        ("admin", "Ada", "Administrator", directorate(), Role.DIRECTORATE_ADMINISTRATOR, False),
        ("analytiker", "Anders", "Analytiker", directorate(), Role.ANALYST, False),
        ("oslo", "Ole", "Oslo", oslo, Role.MUNICIPALITY_CASEWORKER, False),
        ("bergen", "Berit", "Bergen", bergen, Role.MUNICIPALITY_CASEWORKER, False),
        ("mottak", "Mona", "Mottak", centres["Demo mottak Lier"], Role.RECEPTION_STAFF, False),
        ("datakvalitet", "Dag", "Datakvalitet", directorate(), Role.DATA_QUALITY_OFFICER, False),
    ]
    logins = []
    for username, first, last, organisation, role, is_staff in wanted:
        if not User.objects.filter(username=username).exists():
            user_create(
                username=username, organisation=organisation, roles=[role], password=DEMO_PASSWORD,
                first_name=first, last_name=last, is_staff=is_staff, email=f"{username}@demo.nyinorge.invalid",
            )
        logins.append(DemoLogin(username, role, organisation.name))
    return logins


DEMO_PEOPLE = [
    # key, given, family, birth date, sex, citizenship, languages, municipality, centre, identifier kind
    ("rami", "Rami", "Haddad", datetime.date(1984, 3, 12), "male", "SY", ["ar"], "0301", None, "fnr"),
    ("lina", "Lina", "Haddad", datetime.date(1988, 7, 2), "female", "SY", ["ar", "en"], "0301", None, "fnr"),
    ("omar", "Omar", "Haddad", datetime.date(2012, 1, 23), "male", "SY", ["ar"], "0301", None, "fnr"),
    ("yara", "Yara", "Haddad", datetime.date(2016, 10, 5), "female", "SY", ["ar"], "0301", None, "fnr"),
    ("senait", "Senait", "Tesfay", datetime.date(1995, 5, 17), "female", "ER", ["ti"], "4601", None, "fnr"),
    ("dawit", "Dawit", "Tesfay", datetime.date(2019, 2, 28), "male", "ER", ["ti"], "4601", None, "dnr"),
    ("ahmad", "Ahmad", "Rahimi", datetime.date(2004, 9, 9), "male", "AF", ["prs", "fa"], None, "Demo mottak Lier", "duf"),
    ("farida", "Farida", "Noori", datetime.date(1979, 12, 1), "female", "AF", ["ps"], None, "Demo mottak Lier", "duf"),
    ("jean", "Jean", "Mukendi", datetime.date(1990, 4, 30), "male", "CD", ["fr", "ln"], None, "Demo integreringsmottak Stord", "dnr"),
    ("amani", "Amani", "Mukendi", datetime.date(1992, 8, 14), "female", "CD", ["fr", "sw"], None, "Demo integreringsmottak Stord", "dnr"),
    ("mehmet", "Mehmet", "Yilmaz", datetime.date(1975, 6, 21), "male", "TR", ["tr", "ku"], "0301", None, "fnr"),
    ("hiwot", "Hiwot", "Gebremedhin", datetime.date(2006, 11, 11), "female", "XX", ["ti", "am"], "4601", None, "duf"),
]
DEMO_RELATIONS = [
    ("rami", "lina", "spouse"), ("rami", "omar", "parent"), ("rami", "yara", "parent"), ("lina", "omar", "parent"),
    ("lina", "yara", "parent"), ("omar", "yara", "sibling"), ("senait", "dawit", "parent"),
    ("jean", "amani", "spouse"),
]


def _people(actor: User, centres: dict[str, Organisation]) -> int:
    if Person.objects.filter(given_name="Rami", family_name="Haddad").exists():
        return 0
    people: dict[str, Person] = {}
    for serial, (key, given, family, born, sex, country, languages, municipality, centre, kind) in enumerate(DEMO_PEOPLE):
        identifiers = {}
        if kind == "duf":
            identifiers["duf_number"] = f"{2019 + serial % 2}{serial:08d}"
        else:
            identifiers["national_id"] = synthetic_national_identity_number(born, serial=serial, d_number=kind == "dnr")
        people[key] = person_create(
            actor=actor, given_name=given, family_name=family, birth_date=born, sex=sex, citizenship=country,
            languages=languages, residence_municipality=Municipality.objects.get(number=municipality) if municipality else None,
            reception_centre=centres[centre] if centre else None, **identifiers,
        )
    for person, relative, kind in DEMO_RELATIONS:
        family_relation_add(actor=actor, person=people[person], relative=people[relative], kind=kind)
    return len(people)


# Registered twice before the registration-time warning existed (issue 18), for the review queue in `make run`:
# a young man at the Lier centre with a DUF number, again from a selection mission with his name transliterated
# differently and another DUF number; a woman at the same centre with her given and family names swapped. (Try
# registering "Ramy Hadad", born 12.03.1984, Syrian, to see the warning on the register page.)
DEMO_DUPLICATES = [
    ("ahmad", "Ahmed", "Rahimy", datetime.date(2004, 9, 9), "male", "AF", ["prs"], None, None, "202100000091"),
    ("farida", "Noori", "Fareeda", datetime.date(1979, 12, 1), "female", "AF", ["ps"], None, "Demo mottak Lier", "202100000092"),
]


def _duplicate_people(actor: User, centres: dict[str, Organisation]) -> int:
    if Person.objects.filter(duf_number=DEMO_DUPLICATES[0][-1]).exists():
        return 0
    from nyinorge.core.selectors.duplicates import active_model, likely_duplicates, person_record
    from nyinorge.core.services.duplicates import duplicate_pair_open

    model = active_model()
    for _key, given, family, born, sex, country, languages, municipality, centre, duf in DEMO_DUPLICATES:
        person = person_create(actor=actor, given_name=given, family_name=family, birth_date=born, sex=sex,
                               citizenship=country, languages=languages,
                               reception_centre=centres[centre] if centre else None, duf_number=duf)
        # What the nightly batch would have found, so the queue has pairs before it first runs.
        for candidate in likely_duplicates(record=person_record(person), people=Person.objects.all(), model=model):
            duplicate_pair_open(person=person, other=candidate.person, score=candidate.score, found_by="batch",
                                model_version=model.version)
    return len(DEMO_DUPLICATES)


def demo_load() -> tuple[list[DemoLogin], int]:
    """Create the demo reception centres, users and people (idempotent)."""
    with transaction.atomic():
        municipality_organisation_numbers_fill()
        centres = _reception_centres()
        logins = _users(centres)
        created = _people(User.objects.get(username="saksbehandler"), centres)
        created += _duplicate_people(User.objects.get(username="saksbehandler"), centres)
    return logins, created
