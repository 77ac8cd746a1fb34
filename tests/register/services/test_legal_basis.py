import datetime

import pytest

from nyinorge.core.models import AuditEntry
from nyinorge.register.errors import RegisterScopeError, RegisterValidationError
from nyinorge.register.models import LegalBasis, PermitType
from nyinorge.register.services.legal_basis import legal_basis_derive, residence_permit_register
from nyinorge.register.services.residence import residence_move

pytestmark = pytest.mark.django_db
D = datetime.date


def test_permit_derives_and_settlement_rederives_with_history(caseworker, make_person, oslo):
    person = make_person(birth_date=D(1990, 1, 1))
    residence_permit_register(actor=caseworker, person=person, permit_type=PermitType.ASYLUM, permit_date=D(2018, 11, 1))
    first = LegalBasis.objects.get(person=person)
    assert first.category == "refugee" and first.valid_from == D(2018, 11, 1) and first.training_start_deadline is None
    residence_move(actor=caseworker, person=person, to_municipality=oslo, moved_on=D(2019, 1, 31))
    bases = list(LegalBasis.objects.filter(person=person).order_by("id"))
    assert len(bases) == 2
    old, new = bases
    assert old.superseded_at is not None and old.valid_to == D(2019, 1, 30)
    assert new.is_current and new.valid_from == D(2019, 1, 31) and new.training_start_deadline == D(2019, 4, 30)
    assert new.derived_from["settled_on"] == "2019-01-31"
    assert legal_basis_derive(actor=caseworker, person=person) == new  # unchanged facts: no new row
    assert LegalBasis.objects.filter(person=person).count() == 2


def test_corrected_permit_type_supersedes_the_category(caseworker, make_person):
    person = make_person(birth_date=D(1990, 1, 1))
    permit = residence_permit_register(actor=caseworker, person=person, permit_type=PermitType.LABOUR,
                                       permit_date=D(2019, 2, 1))
    assert LegalBasis.objects.get(person=person).category == "labour"
    residence_permit_register(actor=caseworker, person=person, permit_type=PermitType.FAMILY_OF_REFUGEE,
                              permit_date=D(2019, 2, 1), permit=permit)
    current = LegalBasis.objects.get(person=person, superseded_at__isnull=True)
    assert current.category == "refugee" and current.programme_right
    old = LegalBasis.objects.get(person=person, superseded_at__isnull=False)
    assert old.category == "labour" and old.valid_to is None  # replaced, not followed in time
    assert AuditEntry.objects.filter(person=person, object_type="register.legalbasis").count() == 2


def test_new_permit_after_asylum_seeker_period(caseworker, make_person):
    person = make_person(birth_date=D(1995, 1, 1))
    residence_permit_register(actor=caseworker, person=person, permit_type=PermitType.ASYLUM_SEEKER,
                              permit_date=D(2018, 10, 1))
    assert LegalBasis.objects.get(person=person).reception_obligation
    residence_permit_register(actor=caseworker, person=person, permit_type=PermitType.ASYLUM, permit_date=D(2019, 4, 1))
    history = list(LegalBasis.objects.filter(person=person).order_by("valid_from"))
    assert [b.category for b in history] == ["asylum_seeker", "refugee"]
    assert history[0].valid_to == D(2019, 3, 31)


def test_only_the_directorate_registers_permits_and_bad_input_is_refused(oslo_user, caseworker, make_person):
    person = make_person()
    with pytest.raises(RegisterScopeError):
        residence_permit_register(actor=oslo_user, person=person, permit_type=PermitType.ASYLUM, permit_date=D(2019, 1, 1))
    with pytest.raises(RegisterValidationError) as error:
        residence_permit_register(actor=caseworker, person=person, permit_type="tourist", permit_date=D(2019, 1, 1))
    assert "permit_type" in error.value.field_errors
    with pytest.raises(RegisterValidationError):
        residence_permit_register(actor=caseworker, person=person, permit_type=PermitType.ASYLUM, permit_date=D(1900, 1, 1))
