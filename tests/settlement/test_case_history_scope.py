"""Issue 13, finding 9: a municipality sees only its own steps of a case's history, the directorate all of them.

A case declined by Bergen and then proposed to Oslo must not show Oslo Bergen's decline or its reason.
"""

import pytest
from django.urls import reverse

from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.settlement.services.cases import case_accept, case_decline, case_make_ready, case_propose

pytestmark = pytest.mark.django_db

REASON = "Vi har ingen bolig til en familie med fem barn i Åsane"


@pytest.fixture
def bergen_user(make_user, municipality_org):
    return make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("4601"))


@pytest.fixture
def declined_by_bergen_proposed_to_oslo(caseworker, bergen_user, year_2019, oslo, new_case):
    case = case_make_ready(actor=caseworker, case=new_case(size=2))
    case = case_propose(actor=caseworker, case=case, municipality=Municipality.objects.get(number="4601"), year=year_2019)
    case = case_decline(actor=bergen_user, case=case, reason=REASON)
    case = case_make_ready(actor=caseworker, case=case)
    return case_propose(actor=caseworker, case=case, municipality=oslo, year=year_2019)


def _history(client, case) -> tuple[list[str], str]:
    response = client.get(reverse("settlement:case", args=[case.pk]))
    assert response.status_code == 200
    return [t.name for t in response.context["transitions"]], response.content.decode()


def test_the_second_municipality_does_not_see_the_first_ones_decline(login, oslo_user, declined_by_bergen_proposed_to_oslo):
    names, content = _history(login(oslo_user), declined_by_bergen_proposed_to_oslo)
    assert names == ["propose"]
    assert REASON not in content and "Bergen" not in content


def test_after_accepting_it_sees_its_own_answer_too(login, oslo_user, oslo_decision, declined_by_bergen_proposed_to_oslo):
    case = case_accept(actor=oslo_user, case=declined_by_bergen_proposed_to_oslo)
    names, content = _history(login(oslo_user), case)
    assert names == ["propose", "accept"]
    assert REASON not in content


def test_the_directorate_sees_the_whole_history(login, caseworker, declined_by_bergen_proposed_to_oslo):
    names, content = _history(login(caseworker), declined_by_bergen_proposed_to_oslo)
    assert names == ["make_ready", "propose", "decline", "make_ready", "propose"]
    assert REASON in content
