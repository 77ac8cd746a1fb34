"""Demo data for the introduction register: recent persons in Oslo and Bergen, so the demo logins `oslo` and
`bergen` see follow-up lists with people on them (idempotent; written through the register's services)."""

import datetime

from django.db import transaction
from django.utils import timezone

from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import AuditEntry, Municipality, Person, User
from nyinorge.core.services.audit import audit_record
from nyinorge.core.services.people import person_create
from nyinorge.register.models import PermitType
from nyinorge.register.services.legal_basis import residence_permit_register
from nyinorge.register.services.programme import participation_upsert
from nyinorge.register.services.residence import residence_move
from nyinorge.register.services.training import hours_upsert, training_period_upsert

MARKER = "register.demo"
# given, family, born, sex, country, municipality, days since settlement, what the municipality has registered
DEMO = [
    ("Abdi", "Warsame", datetime.date(1991, 2, 3), "male", "SO", "0301", 150, "nothing"),
    ("Hodan", "Warsame", datetime.date(1994, 6, 9), "female", "SO", "0301", 40, "nothing"),
    ("Nour", "Khalil", datetime.date(1987, 9, 21), "female", "SY", "0301", 200, "programme"),
    ("Tesfalem", "Kidane", datetime.date(1996, 1, 30), "male", "ER", "0301", 120, "training"),
    ("Parisa", "Ahmadi", datetime.date(1983, 4, 4), "female", "AF", "0301", 1000, "training_open"),
    ("Samir", "Nasser", datetime.date(1990, 12, 12), "male", "SY", "4601", 110, "nothing"),
    ("Mariam", "Yusuf", datetime.date(1998, 3, 15), "female", "SD", "4601", 60, "programme"),
    ("Yonas", "Haile", datetime.date(1989, 8, 8), "male", "ER", "4601", 980, "training_open"),
]


def register_demo_load(*, today: datetime.date | None = None) -> int:
    """Create the register's demo persons and records once; returns how many persons were created."""
    if AuditEntry.objects.filter(object_type=MARKER).exists():
        return 0
    today = today or timezone.localdate()
    directorate_user = User.objects.get(username="saksbehandler")
    users = {"0301": User.objects.get(username="oslo"), "4601": User.objects.get(username="bergen")}
    with transaction.atomic():
        for serial, (given, family, born, sex, country, number, days, state) in enumerate(DEMO, start=200):
            municipality = Municipality.objects.get(number=number)
            person = person_create(actor=directorate_user, given_name=given, family_name=family, birth_date=born,
                                   sex=sex, citizenship=country,
                                   national_id=synthetic_national_identity_number(born, serial=serial))
            settled = today - datetime.timedelta(days=days)
            residence_permit_register(actor=directorate_user, person=person, permit_type=PermitType.ASYLUM,
                                      permit_date=settled - datetime.timedelta(days=45))
            residence_move(actor=directorate_user, person=person, to_municipality=municipality, moved_on=settled)
            user = users[number]
            start = settled + datetime.timedelta(days=21)
            if state == "programme":
                participation_upsert(actor=user, client=None, client_ref=None, person=person, municipality=municipality,
                                     data={"start": start, "planned_end": start.replace(year=start.year + 2),
                                           "plan_elements": [{"kind": "norwegian_training", "start": start}]})
            if state in ("training", "training_open"):
                training_period_upsert(actor=user, client=None, client_ref=None, person=person,
                                       municipality=municipality, data={"kind": "norwegian", "start": start})
                hours_upsert(actor=user, client=None, client_ref=None, person=person, municipality=municipality,
                             data={"month": start.replace(day=1), "hours_type": "norwegian", "hours": 24})
        # The demo family in Oslo (core demo): settled eight months ago, nothing registered yet.
        for person in Person.objects.filter(family_name="Haddad", given_name__in=["Rami", "Lina"]):
            settled = today - datetime.timedelta(days=240)
            residence_permit_register(actor=directorate_user, person=person, permit_type=PermitType.RESETTLEMENT,
                                      permit_date=settled - datetime.timedelta(days=30))
            residence_move(actor=directorate_user, person=person, to_municipality=Municipality.objects.get(number="0301"),
                           moved_on=settled)
        audit_record(actor=directorate_user, action=AuditEntry.Action.CREATE, object_type=MARKER,
                     detail=f"{len(DEMO)} demo persons")
    return len(DEMO)
