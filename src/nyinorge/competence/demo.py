"""Kompass demo: a resident of "Demo mottak Lier" (whose staff log in as `mottak`) with a fresh one-time code."""

import datetime
from dataclasses import dataclass

from django.db import transaction

from nyinorge.competence.services.access_codes import access_code_issue, code_display
from nyinorge.core.models import Organisation, Person, User
from nyinorge.core.services.people import person_create

DEMO_RESIDENT = {"given_name": "Hamid", "family_name": "Karimi", "birth_date": datetime.date(1996, 3, 21)}


@dataclass(frozen=True)
class CompetenceDemo:
    person: Person
    code: str  # shown once, at `make run`: a new code replaces the unused one each time


def competence_demo_load() -> CompetenceDemo:
    staff = User.objects.get(username="mottak")
    centre = Organisation.objects.get(name="Demo mottak Lier")
    with transaction.atomic():
        person = Person.objects.filter(**DEMO_RESIDENT).first()
        if person is None:
            person = person_create(actor=User.objects.get(username="saksbehandler"), reception_centre=centre, sex="male", citizenship="AF",
                                   languages=["prs", "fa"], duf_number="202099990001", **DEMO_RESIDENT)
        _record, code = access_code_issue(actor=staff, person=person)
    return CompetenceDemo(person, code_display(code))
