"""The bulk services: the same rules as the single-case services, all or nothing, dated history, one audit entry per batch."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import override

from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import AuditEntry, AuditSubject, Person
from nyinorge.core.roles import Role
from nyinorge.core.services.people import persons_create_bulk
from nyinorge.settlement.models import Case, CaseTransition
from nyinorge.settlement.services.cases import (
    QuotaExceeded, case_accept, case_create, case_decline, case_make_ready, case_propose, case_settle, case_withdraw,
)
from nyinorge.settlement.services.cases_bulk import CaseDraft, Step, cases_create_bulk, cases_transition_bulk
from nyinorge.settlement.workflow import TRANSITIONS, State
from tests.settlement.conftest import DECIDED

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def english():
    with override("en"):
        yield


def _person(n: int, born: datetime.date = D(1990, 1, 1)) -> Person:
    return Person(national_id=synthetic_national_identity_number(born, serial=n), birth_date=born,
                  given_name=f" Given{n} ", family_name="Family", sex="female", citizenship="SY", languages=["ar"])


def test_persons_are_registered_in_bulk_with_one_audit_entry_naming_each(caseworker):
    before = AuditEntry.objects.count()
    created = persons_create_bulk(actor=caseworker, persons=[_person(n) for n in range(5)])
    assert [p.given_name for p in created] == [f"Given{n}" for n in range(5)]
    assert all(p.pk for p in created)
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.object_type) == (AuditEntry.Action.CREATE, "core.person")
    assert set(AuditSubject.objects.filter(entry=entry).values_list("person_id", flat=True)) == {p.pk for p in created}


def test_bad_persons_are_refused_by_their_place_in_the_batch_and_nothing_is_stored(caseworker, make_person):
    existing = make_person(birth_date=D(1990, 1, 1), national_id=synthetic_national_identity_number(D(1990, 1, 1), serial=7))
    count = Person.objects.count()
    bad_number = _person(1)
    bad_number.national_id = bad_number.national_id[:-1] + str((int(bad_number.national_id[-1]) + 1) % 10)
    future = _person(2, born=timezone.localdate() + datetime.timedelta(days=3))
    future.national_id = _person(3).national_id
    batch = [_person(0), bad_number, future, _person(7), _person(0)]
    with pytest.raises(ValidationError) as refused:
        persons_create_bulk(actor=caseworker, persons=batch)
    errors = refused.value.message_dict
    assert "2.national_id" in errors and "3.birth_date" in errors
    assert existing.national_id in " ".join(errors["4.national_id"])
    assert "1.national_id" in errors and "5.national_id" in errors  # the same number twice in the batch
    assert "0.national_id" not in errors
    assert Person.objects.count() == count


def test_persons_in_bulk_need_the_same_right_as_one_by_one(make_user, municipality_org):
    analyst = make_user(Role.ANALYST)
    with pytest.raises(PermissionDenied):
        persons_create_bulk(actor=analyst, persons=[_person(0)])


def _drafts(caseworker, sizes, minor=False, decided=DECIDED):
    drafts = []
    for index, size in enumerate(sizes):
        born = D(2003, 1, 1) if minor else D(1990, 1, 1)
        members = persons_create_bulk(actor=caseworker, persons=[_person(index * 10 + n, born) for n in range(size)])
        drafts.append(CaseDraft(category="reception", members=members, decision_date=decided, unaccompanied_minor=minor))
    return drafts


def test_cases_are_registered_in_bulk_with_members_and_one_audit_entry(caseworker):
    drafts = _drafts(caseworker, [1, 3])
    before = AuditEntry.objects.count()
    cases = cases_create_bulk(actor=caseworker, drafts=drafts)
    assert [(c.state, c.persons_count, c.members.count()) for c in cases] == [(State.REGISTERED, 1, 1), (State.REGISTERED, 3, 3)]
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("id")
    assert AuditSubject.objects.filter(entry=entry).count() == 4


def test_cases_in_bulk_are_checked_as_case_create(caseworker, make_person, new_case):
    busy = new_case()
    young = make_person(birth_date=D(2008, 1, 1))
    adult = make_person()
    busy_person = busy.members.get().person
    cases = Case.objects.count()
    drafts = [
        CaseDraft(category="reception", members=[young], decision_date=DECIDED, unaccompanied_minor=True),  # under 15
        CaseDraft(category="reception", members=[busy_person], decision_date=DECIDED),  # already in an open case
        CaseDraft(category="reception", members=[], decision_date=DECIDED),
        CaseDraft(category="reception", members=[adult], decision_date=timezone.localdate() + datetime.timedelta(days=1)),
        CaseDraft(category="nonsense", members=[make_person()], decision_date=DECIDED),
    ]
    with pytest.raises(ValidationError) as refused:
        cases_create_bulk(actor=caseworker, drafts=drafts)
    errors = refused.value.message_dict
    with pytest.raises(ValidationError) as single:
        case_create(actor=caseworker, category="reception", members=[young], decision_date=DECIDED, unaccompanied_minor=True)
    assert errors["1.members"] == single.value.message_dict["members"]
    assert str(busy.pk) in errors["2.members"][0]
    assert {"3.members", "4.decision_date", "5.category"} <= set(errors)
    assert Case.objects.count() == cases


def test_a_whole_year_in_bulk_with_historical_dates_history_and_audit(caseworker, oslo_user, oslo, oslo_decision, year_2019):
    cases = cases_create_bulk(actor=caseworker, drafts=_drafts(caseworker, [1, 2]))
    entries = AuditEntry.objects.count()
    cases = cases_transition_bulk(actor=caseworker, name="make_ready", steps=[Step(case=c, on=DECIDED) for c in cases])
    cases = cases_transition_bulk(actor=caseworker, name="propose", year=year_2019,
                                  steps=[Step(case=c, on=D(2019, 2, 1), municipality=oslo) for c in cases])
    assert {c.answer_deadline for c in cases} == {D(2019, 2, 1) + datetime.timedelta(days=year_2019.answer_deadline_days)}
    cases = cases_transition_bulk(actor=oslo_user, name="accept", steps=[Step(case=c, on=D(2019, 2, 4)) for c in cases])
    cases = cases_transition_bulk(actor=caseworker, name="settle", steps=[Step(case=c, on=D(2019, 3, 1)) for c in cases])
    for case in cases:
        case.refresh_from_db()
        assert (case.state, case.settlement_date, case.municipality_id) == (State.SETTLED, D(2019, 3, 1), "0301")
        history = list(case.transitions.all())
        assert [(t.name, timezone.localtime(t.at).date()) for t in history] == [
            ("make_ready", DECIDED), ("propose", D(2019, 2, 1)), ("accept", D(2019, 2, 4)), ("settle", D(2019, 3, 1))]
        assert [t.actor_id for t in history] == [caseworker.pk, caseworker.pk, oslo_user.pk, caseworker.pk]
        assert {(m.person.residence_municipality_id, m.person.reception_centre_id) for m in case.members.all()} == {("0301", None)}
    # One per batch, and the register's entry for the residence the settlement registers.
    assert AuditEntry.objects.count() == entries + 5
    assert AuditEntry.objects.filter(object_type="register.residenceperiod").count() == 1
    settle = AuditEntry.objects.latest("id")
    assert AuditSubject.objects.filter(entry=settle).count() == 3 and "settle" in settle.detail


def test_a_decline_needs_a_reason_and_releases_the_case(caseworker, oslo_user, oslo, year_2019, proposed):
    case = proposed()
    with pytest.raises(ValidationError, match="reason"):
        cases_transition_bulk(actor=oslo_user, name="decline", steps=[Step(case=case, on=timezone.localdate())])
    [case] = cases_transition_bulk(actor=oslo_user, name="decline",
                                   steps=[Step(case=case, on=timezone.localdate(), reason=" no school place ")])
    assert case.state == State.DECLINED
    assert case.transitions.get(name="decline").reason == "no school place"


SINGLE = {
    "make_ready": lambda actor, case, oslo, year: case_make_ready(actor=actor, case=case),
    "propose": lambda actor, case, oslo, year: case_propose(actor=actor, case=case, municipality=oslo, year=year),
    "accept": lambda actor, case, oslo, year: case_accept(actor=actor, case=case),
    "decline": lambda actor, case, oslo, year: case_decline(actor=actor, case=case, reason="no housing"),
    "settle": lambda actor, case, oslo, year: case_settle(actor=actor, case=case, settlement_date=DECIDED),
    "withdraw": lambda actor, case, oslo, year: case_withdraw(actor=actor, case=case, reason="moved abroad"),
}


@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_illegal_transitions_are_refused_exactly_as_one_by_one_and_the_batch_is_untouched(
        caseworker, oslo_user, new_case, name, year_2019, oslo, oslo_decision):
    transition = TRANSITIONS[name]
    actor = oslo_user if "directorate" not in transition.taken_by else caseworker
    legal_state = sorted(transition.sources)[0]
    for state in sorted(set(State) - transition.sources):
        legal, illegal = new_case(), new_case()
        Case.objects.filter(pk=legal.pk).update(state=legal_state, municipality=oslo, year=year_2019)
        Case.objects.filter(pk=illegal.pk).update(state=state, municipality=oslo, year=year_2019)
        illegal.refresh_from_db()
        with pytest.raises(PermissionDenied) as single:
            SINGLE[name](actor, illegal, oslo, year_2019)
        with pytest.raises(PermissionDenied) as bulk:
            cases_transition_bulk(actor=actor, name=name, year=year_2019, steps=[
                Step(case=legal, on=DECIDED, municipality=oslo, reason="why"),
                Step(case=illegal, on=DECIDED, municipality=oslo, reason="why")])
        assert type(bulk.value) is type(single.value) and str(bulk.value) == str(single.value)
        assert Case.objects.get(pk=legal.pk).state == legal_state
        assert not CaseTransition.objects.filter(case__in=[legal, illegal]).exists()


def test_only_the_municipality_proposed_to_may_answer_and_only_the_directorate_propose(
        caseworker, oslo_user, make_user, municipality_org, proposed, year_2019, oslo):
    case = proposed()
    bergen_user = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("4601"))
    with pytest.raises(PermissionDenied, match="not proposed to your municipality"):
        cases_transition_bulk(actor=bergen_user, name="accept", steps=[Step(case=case, on=DECIDED)])
    with pytest.raises(PermissionDenied, match="organisation cannot"):
        cases_transition_bulk(actor=caseworker, name="accept", steps=[Step(case=case, on=DECIDED)])
    with pytest.raises(PermissionDenied, match="Unknown action"):
        cases_transition_bulk(actor=caseworker, name="teleport", steps=[Step(case=case, on=DECIDED)])
    assert Case.objects.get(pk=case.pk).state == State.PROPOSED


def test_the_quota_holds_for_the_whole_batch_minors_on_their_own(caseworker, oslo_user, proposed, oslo_decision):
    # oslo_decision: 6 persons, of them 2 unaccompanied minors, so 4 places for others.
    three, two = proposed(size=3), proposed(size=2)
    today = timezone.localdate()
    with pytest.raises(QuotaExceeded, match="5 persons would exceed the decided places: 4 left"):
        cases_transition_bulk(actor=oslo_user, name="accept", steps=[Step(case=three, on=today), Step(case=two, on=today)])
    assert set(Case.objects.filter(pk__in=[three.pk, two.pk]).values_list("state", flat=True)) == {State.PROPOSED}
    minors = [proposed(minor=True) for _ in range(2)]
    accepted = cases_transition_bulk(actor=oslo_user, name="accept",
                                     steps=[Step(case=c, on=today) for c in [three, *minors]])
    assert {c.state for c in accepted} == {State.ACCEPTED}
    with pytest.raises(QuotaExceeded, match="2 persons would exceed the decided places: 1 left"):
        cases_transition_bulk(actor=oslo_user, name="accept", steps=[Step(case=two, on=today)])


def test_dates_are_checked_no_future_not_before_the_decision_nor_before_the_last_step(
        caseworker, oslo_user, proposed, oslo_decision):
    case = proposed()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        cases_transition_bulk(actor=oslo_user, name="accept", steps=[Step(case=case, on=tomorrow)])
    with pytest.raises(ValidationError, match="before the decision date"):
        cases_transition_bulk(actor=oslo_user, name="accept", steps=[Step(case=case, on=DECIDED - datetime.timedelta(days=1))])
    # proposed() proposed it today, so an acceptance dated earlier would rewrite history.
    with pytest.raises(ValidationError, match="last step"):
        cases_transition_bulk(actor=oslo_user, name="accept", steps=[Step(case=case, on=DECIDED)])
    [case] = cases_transition_bulk(actor=oslo_user, name="accept", steps=[Step(case=case, on=timezone.localdate())])
    with pytest.raises(ValidationError, match="settlement date is before the decision date"):
        cases_transition_bulk(actor=caseworker, name="settle", steps=[Step(case=case, on=DECIDED - datetime.timedelta(days=1))])
    with pytest.raises(ValidationError, match="settlement date cannot be in the future"):
        cases_transition_bulk(actor=caseworker, name="settle", steps=[Step(case=case, on=tomorrow)])
    assert Case.objects.get(pk=case.pk).state == State.ACCEPTED
