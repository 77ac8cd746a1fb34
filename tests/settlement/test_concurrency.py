"""Two (here: twelve) caseworkers accepting the last places at the same moment must not all succeed."""

import datetime
import threading

import pytest
from django.db import connection, connections

from nyinorge.core.models import Municipality, Organisation
from nyinorge.core.roles import Role
from nyinorge.core.services.people import person_create
from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create
from nyinorge.settlement.models import Case
from nyinorge.settlement.selectors.cases import places_used
from nyinorge.settlement.services.cases import QuotaExceeded, case_accept, case_create, case_make_ready, case_propose
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.requests import settlement_year_create
from nyinorge.settlement.workflow import State

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"),
]
ROUNDS = 5
CASE_SIZES = [1, 2, 3, 1, 2, 1, 3, 1, 1, 2, 1, 1]  # 19 persons proposed per round
DECIDED_PER_ROUND = 7


def _setup_round(round_number: int, caseworker, oslo, year) -> list[Case]:
    cases = []
    for index, size in enumerate(CASE_SIZES):
        members = [
            person_create(actor=caseworker, given_name=f"R{round_number}C{index}", family_name=f"M{member}",
                          birth_date=datetime.date(1990, 1, 1), duf_number=f"2019{round_number:02d}{index:03d}{member:03d}")
            for member in range(size)
        ]
        case = case_create(actor=caseworker, category="reception", members=members, decision_date=datetime.date(2019, 1, 2))
        case = case_make_ready(actor=caseworker, case=case)
        cases.append(case_propose(actor=caseworker, case=case, municipality=oslo, year=year))
    return cases


def test_parallel_acceptances_never_exceed_the_decided_places():
    reference_data_load()
    caseworker = user_create(username="dir", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER])
    oslo_org = Organisation.objects.get(kind="municipality", municipality_id="0301")
    answerers = [user_create(username=f"oslo{i}", organisation=oslo_org, roles=[Role.MUNICIPALITY_CASEWORKER])
                 for i in range(len(CASE_SIZES))]
    oslo = Municipality.objects.get(number="0301")
    year = settlement_year_create(actor=caseworker, year=2019, national_target=100)

    attempts = successes = 0
    for round_number in range(ROUNDS):
        cases = _setup_round(round_number, caseworker, oslo, year)
        # Each round raises the decision by 7 places, so 7 new places are up for grabs at once.
        municipal_decision_register(actor=caseworker, year=year, municipality=oslo,
                                    persons=DECIDED_PER_ROUND * (round_number + 1), decided_on=datetime.date(2019, 1, 2))
        barrier = threading.Barrier(len(cases))
        outcomes: list[str] = []
        lock = threading.Lock()

        def accept(user, case):
            try:
                barrier.wait()
                case_accept(actor=user, case=case)
                result = "accepted"
            except QuotaExceeded:
                result = "refused"
            except Exception as error:  # a deadlock or anything else is a failure of the design
                result = f"error: {error!r}"
            finally:
                connections.close_all()
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=accept, args=(user, case)) for user, case in zip(answerers, cases)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert [o for o in outcomes if o.startswith("error")] == []
        attempts += len(outcomes)
        successes += outcomes.count("accepted")
        used, _minors = places_used(year=year, municipality=oslo)
        assert used <= DECIDED_PER_ROUND * (round_number + 1)
        assert outcomes.count("accepted") == Case.objects.filter(
            state=State.ACCEPTED, members__person__given_name__startswith=f"R{round_number}C").distinct().count()

    used, _minors = places_used(year=year, municipality=oslo)
    decided = DECIDED_PER_ROUND * ROUNDS
    print(f"\nconcurrency: {attempts} parallel acceptances in {ROUNDS} rounds, {successes} accepted, "
          f"places used {used} of {decided} decided")
    assert used <= decided
    # Every round offers 19 persons for 7 places, so the places are (nearly) filled, never overfilled.
    assert used >= decided - 2 * ROUNDS
