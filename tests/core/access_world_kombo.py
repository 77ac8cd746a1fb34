"""The access matrix's objects of KomBo (selection missions): a mission, an upload of one family that is imported
and of one set aside as a possible duplicate of a registered person. Only the directorate's settlement caseworkers
reach them (`core.route_access`, Scope.ANY under MANAGE_SETTLEMENT_CASES)."""

import datetime

from nyinorge.competence.bundles import bundle_encrypt
from nyinorge.competence.mission_samples import duf_numbers, sample_family
from nyinorge.competence.models import MissionRecord
from nyinorge.competence.services.missions import mission_batch_upload, mission_create
from nyinorge.core.models import Person

PASSPHRASE = "matrisens passordfrase"


def registered(**fields) -> Person:
    """A person registered before (stored directly, as older registrations were), in the candidate index."""
    from nyinorge.core.services.duplicates import person_match_keys_refresh

    person = Person.objects.create(**fields)
    person_match_keys_refresh(persons=[person], new=True)
    return person


def kombo_world_build(caseworker, target_class) -> dict[str, list]:
    mission = mission_create(actor=caseworker, name="Matrise-misjon", country="LB", code="MATRISE-1",
                             starts_on=datetime.date(2019, 3, 1), ends_on=datetime.date(2019, 3, 8))
    imported = sample_family(family="Kombomatrise", duf_numbers=duf_numbers(900, 3, year=2019), children=1)
    waiting = sample_family(family="Kombodublett", duf_numbers=duf_numbers(910, 2, year=2019), children=0)
    registered(duf_number="201900000999", given_name="Ahmad", family_name="Kombodublett",
                          birth_date=datetime.date(1984, 3, 2), citizenship="SY")
    payload = {"mission": mission.code, "device": "matrix-device", "records": [imported, waiting]}
    data = bundle_encrypt(payload, passphrase=PASSPHRASE, mission=mission.code, device="matrix-device")
    batch = mission_batch_upload(actor=caseworker, mission=mission, data=data, passphrase=PASSPHRASE)
    duplicate = MissionRecord.objects.get(batch=batch, outcome=MissionRecord.Outcome.POSSIBLE_DUPLICATE)
    return {"mission": [target_class("a mission with an upload and a possible duplicate", {
        "mission_code": mission.code, "batch_id": batch.pk, "mission_record_id": duplicate.pk})]}
