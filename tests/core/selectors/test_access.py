import pytest
from django.db.models import Q

from nyinorge.core import access
from nyinorge.core.access import people_visible_to, user_can
from django.core.exceptions import ValidationError

from nyinorge.core.models import RoleAssignment
from nyinorge.core.roles import Capability, PersonScope, Role
from nyinorge.core.services.users import user_create

pytestmark = pytest.mark.django_db


def test_permission_checks_give_reasons(make_user):
    refused = user_can(make_user(Role.ANALYST), Capability.VIEW_PEOPLE)
    assert not refused
    assert str(Role.ANALYST.label) in refused.reason
    granted = user_can(make_user(Role.DIRECTORATE_CASEWORKER), Capability.EDIT_PEOPLE)
    assert granted and str(Role.DIRECTORATE_CASEWORKER.label) in granted.reason


def test_a_role_outside_its_organisation_kind_grants_nothing(make_user, make_person):
    make_person("0301")
    misplaced = make_user(Role.ANALYST)  # a directorate user ...
    RoleAssignment.objects.create(user=misplaced, role=Role.MUNICIPALITY_CASEWORKER)  # ... given a municipal role
    misplaced = type(misplaced).objects.get(pk=misplaced.pk)
    assert not user_can(misplaced, Capability.VIEW_PEOPLE)
    assert people_visible_to(misplaced).count() == 0


def test_roles_that_do_not_fit_the_organisation_are_refused(municipality_org):
    with pytest.raises(ValidationError):
        user_create(username="x", organisation=municipality_org("0301"), roles=[Role.DIRECTORATE_CASEWORKER])


def test_scopes_per_role(make_user, make_person, municipality_org, reception_centre):
    centre, other_centre = reception_centre("A"), reception_centre("B")
    in_oslo, in_bergen, at_centre, at_other = make_person("0301"), make_person("4601"), make_person(centre=centre), make_person(centre=other_centre)
    everyone = {in_oslo, in_bergen, at_centre, at_other}
    assert set(people_visible_to(make_user(Role.DIRECTORATE_CASEWORKER))) == everyone
    assert set(people_visible_to(make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301")))) == {in_oslo}
    assert set(people_visible_to(make_user(Role.RECEPTION_STAFF, centre))) == {at_centre}
    assert set(people_visible_to(make_user(Role.ANALYST))) == set()
    assert set(people_visible_to(make_user(Role.DIRECTORATE_ADMINISTRATOR))) == set()


def test_other_modules_can_widen_a_scope(make_user, make_person, municipality_org):
    in_bergen = make_person("4601", given_name="Proposed")

    def proposed_to_my_municipality(user, scope):
        return Q(given_name="Proposed") if scope == PersonScope.OWN_MUNICIPALITY else None

    access.register_person_scope_extension(proposed_to_my_municipality)
    try:
        oslo = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"))
        assert list(people_visible_to(oslo)) == [in_bergen]
    finally:
        access._person_scope_extensions.remove(proposed_to_my_municipality)
