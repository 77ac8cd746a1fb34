"""Merging duplicate persons and undoing it: everything moves, nothing is lost, refusals say why."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from nyinorge.competence.models import CompetenceRegistration
from nyinorge.core.access import people_hidden_from, people_visible_to, person_resolve_identifier, person_survivor
from nyinorge.core.models import AuditEntry, AuditSubject, FamilyRelation, Municipality, Person, PersonMerge
from nyinorge.core.roles import Role
from nyinorge.core.services.merges import (
    FOLLOWED_RELATIONS, merge_refusal, merge_refusals, merge_visible, person_merge, person_relations, person_unmerge,
)
from nyinorge.core.services.people import family_relation_add
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.grants.models import GrantLine, GrantRun
from nyinorge.register.models import LegalBasis, RecordVersion, ResidencePeriod
from nyinorge.register.services.legal_basis import residence_permit_register
from nyinorge.register.services.programme import participation_upsert
from nyinorge.register.services.residence import residence_move
from nyinorge.register.services.training import hours_upsert
from nyinorge.settlement.models import Case
from nyinorge.settlement.services.cases import case_create
from nyinorge.settlement.workflow import State

pytestmark = pytest.mark.django_db
MOVED_IN = datetime.date(2019, 1, 10)


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (the source language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def oslo():
    return Municipality.objects.get(number="0301")


@pytest.fixture
def resident(make_person, caseworker, oslo):
    def make(**kwargs):
        person = make_person(municipality="0301", **kwargs)
        residence_move(actor=caseworker, person=person, to_municipality=oslo, moved_on=MOVED_IN)
        person.refresh_from_db()
        return person

    return make


def _snapshot(*persons: Person, audit_upto: dict[str, int] | None = None) -> dict:
    """Every row of every model that points at the persons (and the persons), apart from the changed-at times.

    Audit rows up to `audit_upto` only: a merge and its undo add their own."""
    ids = [p.pk for p in persons]
    snapshot = {"persons": sorted(_strip(row) for row in Person.objects.filter(pk__in=ids).values())}
    relations = [(model, key.name) for model, key in person_relations()]
    relations += [(_model(label), name) for label, name in FOLLOWED_RELATIONS]
    for model, name in relations:
        rows = model._default_manager.filter(**{f"{name}__in": ids}).order_by("pk")
        if audit_upto is not None and (model._meta.label_lower, name) in FOLLOWED_RELATIONS:
            rows = rows.filter(pk__lte=audit_upto[model._meta.label_lower])
        rows = rows.values()
        snapshot[f"{model._meta.label_lower}.{name}"] = [_strip(row) for row in rows]
    return snapshot


def _model(label):
    from django.apps import apps

    return apps.get_model(label)


def _strip(row: dict) -> tuple:
    return tuple(sorted((key, repr(value)) for key, value in row.items() if key != "updated_at"))


@pytest.fixture
def rich_pair(resident, make_person, caseworker, make_user, municipality_org, oslo):
    """Two records of one person, each with family, register facts and records, grants, a case and more."""
    oslo_user = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"))
    survivor = resident(given_name="Mohammed", family_name="Ali")
    merged = resident(given_name="Muhammad", family_name="Ali")
    spouse, child, sibling = (make_person(municipality="0301", given_name=name, family_name="Ali")
                              for name in ("Amina", "Yusuf", "Omar"))
    family_relation_add(actor=caseworker, person=survivor, relative=spouse, kind="spouse")
    family_relation_add(actor=caseworker, person=spouse, relative=merged, kind="spouse")  # the same marriage twice
    family_relation_add(actor=caseworker, person=merged, relative=child, kind="parent")
    family_relation_add(actor=caseworker, person=sibling, relative=merged, kind="sibling")
    for person in (survivor, merged):
        residence_permit_register(actor=caseworker, person=person, permit_type="asylum",
                                  permit_date=datetime.date(2018, 12, 1))
    participation_upsert(actor=oslo_user, client=None, client_ref=None, person=merged, municipality=oslo,
                         data={"start": datetime.date(2019, 2, 1), "planned_end": datetime.date(2021, 1, 31)})
    hours_upsert(actor=oslo_user, client=None, client_ref=None, person=merged, municipality=oslo,
                 data={"month": datetime.date(2019, 3, 1), "hours_type": "norwegian", "hours": 40})
    hours_upsert(actor=oslo_user, client=None, client_ref=None, person=survivor, municipality=oslo,
                 data={"month": datetime.date(2019, 4, 1), "hours_type": "norwegian", "hours": 30})
    run = GrantRun.objects.create(budget_year=2019, instalment=1, created_by=caseworker)
    for person in (survivor, merged):
        GrantLine.objects.create(run=run, municipality=oslo, scheme="integration", chapter=291, post=60, person=person,
                                 rate_group="adult", year_after_settlement=1, amount=45000, reason="test")
    case_create(actor=caseworker, category="reception", members=[merged, child],
                decision_date=datetime.date(2019, 1, 20))
    CompetenceRegistration.objects.create(person=merged)
    return survivor, merged


def test_merge_moves_every_row_and_unmerge_restores_everything(rich_pair, officer):
    survivor, merged = rich_pair
    upto = {model._meta.label_lower: model.objects.order_by("-pk").values_list("pk", flat=True)[0]
            for model in (AuditEntry, AuditSubject)}
    before = _snapshot(survivor, merged, audit_upto=upto)
    assert sum(len(rows) for key, rows in before.items() if key != "persons") > 20

    merge = person_merge(actor=officer, survivor=survivor, merged=merged, reason="Same person, two transliterations.")

    merged.refresh_from_db()
    assert merged.merged_into == survivor and merged.merged_at is not None
    for model, key in person_relations():
        assert not model._default_manager.filter(**{key.name: merged}).exists(), f"{model} still points at the tombstone"
    # The duplicated marriage and the same open residence are one row each now, the other stored in full.
    assert FamilyRelation.objects.filter(kind="spouse").filter(person=survivor).count() + FamilyRelation.objects.filter(
        kind="spouse", relative=survivor).count() == 1
    assert sorted(entry["model"] for entry in merge.record["deleted"]) == ["core.familyrelation",
                                                                          "register.residenceperiod"]
    # Both had a current legal basis: the survivor's stays current, the merged person's becomes history.
    assert LegalBasis.objects.filter(person=survivor, superseded_at__isnull=True).count() == 1
    assert RecordVersion.objects.filter(person=survivor).count() >= 3
    assert GrantLine.objects.filter(person=survivor).count() == 2
    assert Case.objects.filter(members__person=survivor).count() == 1
    assert CompetenceRegistration.objects.filter(person=survivor).exists()
    assert merge.record["followed"], "the merged person's audit entries are followed, not rewritten"

    person_unmerge(actor=officer, merge=merge, reason="Two people after all: twins.")

    after = _snapshot(survivor, merged, audit_upto=upto)
    for key in before:
        assert after[key] == before[key], key
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == officer


def test_merge_and_unmerge_are_audited(rich_pair, officer):
    survivor, merged = rich_pair
    merge = person_merge(actor=officer, survivor=survivor, merged=merged, reason="Same person.")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MERGE)
    assert (entry.person_id, entry.object_id, entry.user) == (survivor.pk, str(merge.pk), officer)
    assert list(entry.subjects.values_list("person_id", flat=True)) == [merged.pk]
    person_unmerge(actor=officer, merge=merge, reason="Not the same.")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UNMERGE)
    assert (entry.person_id, entry.object_id) == (merged.pk, str(merge.pk))


def test_rows_added_to_the_survivor_after_the_merge_stay_with_it(resident, officer, make_user, municipality_org, oslo):
    survivor, merged = resident(), resident()
    oslo_user = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"))
    old, _created = hours_upsert(actor=oslo_user, client=None, client_ref=None, person=merged, municipality=oslo,
                                 data={"month": datetime.date(2019, 3, 1), "hours_type": "norwegian", "hours": 40})
    merge = person_merge(actor=officer, survivor=survivor, merged=merged, reason="Same person.")
    later, _created = hours_upsert(actor=oslo_user, client=None, client_ref=None, person=survivor, municipality=oslo,
                                   data={"month": datetime.date(2019, 5, 1), "hours_type": "norwegian", "hours": 20})
    person_unmerge(actor=officer, merge=merge, reason="Not the same.")
    old.refresh_from_db()
    later.refresh_from_db()
    assert old.person_id == merged.pk
    assert later.person_id == survivor.pk


def test_the_tombstone_resolves_to_the_survivor_and_is_left_out_of_lists(resident, officer):
    survivor, merged = resident(), resident()
    person_merge(actor=officer, survivor=survivor, merged=merged, reason="Same person.")
    merged.refresh_from_db()
    assert person_survivor(merged) == survivor
    assert person_resolve_identifier(officer, merged.national_id) == survivor
    assert not people_visible_to(officer).filter(pk=merged.pk).exists()
    # It keeps its identifier: nobody can register that number again.
    assert Person.objects.get(national_id=merged.national_id) == merged


def test_refusals(resident, officer, caseworker):
    a, b = resident(), resident()
    assert merge_refusals(actor=officer, survivor=a, merged=a)
    FamilyRelation.objects.create(person=a, relative=b, kind="sibling")
    assert "family" in merge_refusal(actor=officer, survivor=a, merged=b)
    with pytest.raises(PermissionDenied):
        person_merge(actor=caseworker, survivor=a, merged=b, reason="x")
    with pytest.raises(ValidationError) as error:
        person_merge(actor=officer, survivor=a, merged=b, reason=" ")
    assert "reason" in error.value.message_dict


def test_two_open_cases_are_refused_with_their_numbers(resident, officer, caseworker):
    a, b = resident(), resident()
    cases = [case_create(actor=caseworker, category="reception", members=[p], decision_date=datetime.date(2019, 1, 20))
             for p in (a, b)]
    reason = merge_refusal(actor=officer, survivor=a, merged=b)
    assert reason and all(str(case.pk) in reason for case in cases)
    with pytest.raises(ValidationError):
        person_merge(actor=officer, survivor=a, merged=b, reason="Same person.")
    assert not PersonMerge.objects.exists()
    Case.objects.filter(pk=cases[1].pk).update(state=State.WITHDRAWN)
    assert merge_refusal(actor=officer, survivor=a, merged=b) is None


def test_one_per_person_rows_on_both_sides_are_refused_by_kind(resident, officer):
    a, b = resident(), resident()
    CompetenceRegistration.objects.create(person=a)
    CompetenceRegistration.objects.create(person=b)
    with translation.override("en"):
        assert "competence registration" in merge_refusal(actor=officer, survivor=a, merged=b)


def test_two_different_open_residences_are_refused(make_person, caseworker, officer, oslo):
    a = make_person(municipality="0301")
    b = make_person(municipality="4601")
    residence_move(actor=caseworker, person=a, to_municipality=oslo, moved_on=MOVED_IN)
    residence_move(actor=caseworker, person=b, to_municipality=Municipality.objects.get(number="4601"),
                   moved_on=MOVED_IN)
    with translation.override("en"):
        assert "open residence period" in merge_refusal(actor=officer, survivor=a, merged=b)
    # The same open residence twice is one residence: the merged person's copy goes, and comes back on unmerge.
    c = make_person(municipality="0301")
    residence_move(actor=caseworker, person=c, to_municipality=oslo, moved_on=MOVED_IN)
    merge = person_merge(actor=officer, survivor=a, merged=c, reason="Same person.")
    assert ResidencePeriod.objects.filter(person=a).count() == 1
    person_unmerge(actor=officer, merge=merge, reason="Not the same.")
    assert ResidencePeriod.objects.filter(person=c, valid_to__isnull=True).count() == 1


def test_a_merge_of_a_tombstone_and_an_unmerge_under_a_later_merge_are_refused(resident, officer):
    a, b, c = resident(), resident(), resident()
    first = person_merge(actor=officer, survivor=b, merged=a, reason="Same person.")
    a.refresh_from_db()
    assert "already merged" in merge_refusal(actor=officer, survivor=c, merged=a)
    second = person_merge(actor=officer, survivor=c, merged=b, reason="Same person again.")
    a.refresh_from_db()
    assert person_survivor(a) == c
    with pytest.raises(ValidationError) as error:
        person_unmerge(actor=officer, merge=first, reason="Wrong.")
    assert str(second.pk) in " ".join(error.value.messages)
    person_unmerge(actor=officer, merge=second, reason="Wrong.")
    person_unmerge(actor=officer, merge=first, reason="Wrong.")
    with pytest.raises(ValidationError):
        person_unmerge(actor=officer, merge=first, reason="Again.")


def test_shielded_persons_are_merged_only_by_staff_who_may_see_them(resident, officer, caseworker, make_user):
    a, b = resident(), resident()
    case_create(actor=caseworker, category="reception", members=[a], decision_date=datetime.date(2019, 1, 20),
                shielded_identity=True)
    assert "may not see" in merge_refusal(actor=officer, survivor=a, merged=b)
    assert "may not see" in merge_refusal(actor=officer, survivor=b, merged=a)
    designated = user_create(username="designated-dq", organisation=directorate(), password=None,
                             roles=[Role.DATA_QUALITY_OFFICER, Role.SHIELDED_IDENTITY_OFFICER])
    assert merge_refusal(actor=designated, survivor=a, merged=b) is None
    merge = person_merge(actor=designated, survivor=b, merged=a, reason="Same person.")
    # The survivor took over the shielded case: now it is hidden from the officer too, and so is the merge.
    assert not people_visible_to(officer).filter(pk=b.pk).exists()
    assert not merge_visible(actor=officer, merge=merge)
    # The merged record is the shielded person's old identity now: hidden wherever hidden people are (the audit log).
    assert Person.objects.filter(people_hidden_from(officer), pk=a.pk).exists()
    with pytest.raises(ValidationError):
        person_unmerge(actor=officer, merge=merge, reason="Not the same.")
    person_unmerge(actor=designated, merge=merge, reason="Not the same.")
    assert people_visible_to(officer).filter(pk=b.pk).exists()


def test_a_database_rule_no_check_foresaw_refuses_the_merge_instead_of_failing(resident, officer, monkeypatch):
    from nyinorge.core.services import merges

    a, b = resident(), resident()
    FamilyRelation.objects.create(person=b, relative=resident(), kind="parent")
    # As if a model's unique rule were not known to the checks: the database's refusal becomes a clear message.
    monkeypatch.setattr(merges, "_family_duplicates", lambda survivor, merged: [])
    FamilyRelation.objects.create(person=a, relative=FamilyRelation.objects.get(person=b).relative, kind="parent")
    with pytest.raises(ValidationError) as error:
        person_merge(actor=officer, survivor=a, merged=b, reason="Same person.")
    assert "family relations" in " ".join(error.value.messages)
    b.refresh_from_db()
    assert b.merged_into is None and FamilyRelation.objects.filter(person=b).count() == 1
