import datetime
import io

import openpyxl
import pytest
from django.utils import translation

from nyinorge.core.models import AuditEntry, Municipality
from nyinorge.core.roles import Role
from nyinorge.core.services.users import role_grant
from nyinorge.settlement.exports import (
    accepted_table,
    cases_export,
    overdue_table,
    proposals_table,
    ready_queue_table,
    reception_residents_table,
    settled_table,
)
from nyinorge.settlement.models import Case
from nyinorge.settlement.selectors.cases import (
    accepted_for,
    overdue_proposals,
    proposals_for,
    ready_queue,
    reception_residents,
    settled_in,
)
from nyinorge.settlement.services.cases import case_accept, case_create, case_make_ready, case_propose, case_settle

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2019, 3, 1)
DECIDED = datetime.date(2019, 1, 15)  # 45 days before TODAY: 1.5 months


@pytest.fixture
def family(make_person):
    return [make_person(given_name="Rami", family_name="Haddad", birth_date=datetime.date(1984, 3, 12)),
            make_person(given_name="Omar", family_name="Haddad", birth_date=datetime.date(2012, 1, 23))]


@pytest.fixture
def ready(caseworker, family, make_person, reception_centre):
    centre = reception_centre("Mottak Ås")
    family_case = case_make_ready(actor=caseworker, case=case_create(
        actor=caseworker, category="reception", members=family, decision_date=DECIDED, reception_centre=centre),
        reason="Intervjuet er holdt på papir.")
    shielded = case_make_ready(actor=caseworker, case=case_create(
        actor=caseworker, category="resettlement", decision_date=DECIDED, shielded_identity=True, special_needs=True,
        members=[make_person(given_name="Skjult", family_name="Person")]))
    return family_case, shielded


def export_rows(table) -> list[dict]:
    return [{label: row[key] for key, label in table.columns} for row in table.rows]


def test_the_ready_queue_names_people_but_shields_shielded_identities(caseworker, ready):
    with translation.override("en"):
        table = ready_queue_table(actor=caseworker, cases=ready_queue(actor=caseworker), today=TODAY)
    family_case, shielded = ready
    assert [label for _key, label in table.columns] == [
        "Case number", "Category", "State", "Persons", "Ages", "Flags", "Decision date", "Waiting months",
        "Reception centre", "Names"]
    assert export_rows(table) == [
        {"Case number": family_case.pk, "Category": "From reception centre", "State": "Ready for settlement",
         "Persons": 2, "Ages": "34, 7", "Flags": "family with children", "Decision date": DECIDED,
         "Waiting months": 1.5, "Reception centre": "Mottak Ås", "Names": "Rami Haddad; Omar Haddad"},
        {"Case number": shielded.pk, "Category": "Resettlement refugee", "State": "Ready for settlement",
         "Persons": 1, "Ages": "28", "Flags": "special needs, shielded identity", "Decision date": DECIDED,
         "Waiting months": 1.5, "Reception centre": "", "Names": "Shielded identity"},
    ]
    assert table.object_type == "settlement.case.ready_queue"
    assert sorted(p.pk for p in table.persons) == sorted(m.person_id for c in ready for m in c.members.all())


def test_the_designated_officer_sees_shielded_names(caseworker, make_user, ready):
    officer = make_user(Role.DIRECTORATE_CASEWORKER)
    role_grant(actor=None, user=officer, role=Role.SHIELDED_IDENTITY_OFFICER, from_command_line=True)
    table = ready_queue_table(actor=officer, cases=ready_queue(actor=officer), today=TODAY)
    assert table.rows[1]["names"] == "Skjult Person"


def test_headers_follow_the_language(caseworker, ready):
    with translation.override("nb"):
        table = ready_queue_table(actor=caseworker, cases=ready_queue(actor=caseworker), today=TODAY)
    assert table.columns[0] == ("case", "Saksnummer")
    assert table.rows[0]["state"] == "Bosettingsklar"


def test_a_municipality_exports_its_proposals_need_to_know_only(caseworker, ready, oslo, oslo_user, year_2019):
    family_case, shielded = ready
    for case in ready:
        case_propose(actor=caseworker, case=case, municipality=oslo, year=year_2019)
    with translation.override("en"):
        table = proposals_table(actor=oslo_user, cases=proposals_for(actor=oslo_user), today=TODAY)
    assert [key for key, _label in table.columns] == ["case", "category", "persons", "ages", "flags", "answer_deadline"]
    family_case.refresh_from_db()
    assert table.rows[0] == {"case": family_case.pk, "category": "From reception centre", "persons": 2, "ages": "34, 7",
                             "flags": "family with children", "answer_deadline": family_case.answer_deadline}
    assert table.rows[1]["flags"] == "special needs"  # that an identity is shielded is itself not need-to-know
    everything = " ".join(str(value) for row in table.rows for value in row.values())
    assert "Haddad" not in everything and "Skjult" not in everything and "Mottak" not in everything
    assert len(table.persons) == 3  # ages and sex are still personal data: the export is audited for them


def test_an_unscoped_queryset_still_yields_only_the_actors_cases(caseworker, ready, oslo, oslo_user, make_user,
                                                                  municipality_org, year_2019):
    family_case, shielded = ready
    case_propose(actor=caseworker, case=family_case, municipality=oslo, year=year_2019)
    case_propose(actor=caseworker, case=shielded, municipality=Municipality.objects.get(number="4601"), year=year_2019)
    table = proposals_table(actor=oslo_user, cases=Case.objects.all(), today=TODAY)
    assert [row["case"] for row in table.rows] == [family_case.pk]
    assert {p.pk for p in table.persons} == {m.person_id for m in family_case.members.all()}
    stranger = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("5001"))
    assert proposals_table(actor=stranger, cases=Case.objects.all(), today=TODAY).rows == []


def test_accepted_settled_and_overdue_lists(caseworker, ready, oslo, oslo_user, oslo_decision, year_2019):
    family_case, shielded = ready
    case_accept(actor=oslo_user, case=case_propose(actor=caseworker, case=family_case, municipality=oslo, year=year_2019))
    case_propose(actor=caseworker, case=shielded, municipality=oslo, year=year_2019)
    late = Case.objects.get(pk=shielded.pk).answer_deadline + datetime.timedelta(days=2)

    accepted = accepted_table(actor=oslo_user, cases=accepted_for(actor=oslo_user), today=TODAY)
    assert [row["case"] for row in accepted.rows] == [family_case.pk]
    assert accepted.rows[0]["names"] == "Rami Haddad; Omar Haddad"

    overdue = overdue_table(actor=caseworker, cases=overdue_proposals(actor=caseworker, today=late), today=late)
    assert [(row["case"], row["municipality"], row["names"]) for row in overdue.rows] == [
        (shielded.pk, "Oslo", str(translation.gettext("Shielded identity")))]

    case_settle(actor=oslo_user, case=family_case, settlement_date=datetime.date(2019, 2, 14))
    settled = settled_table(actor=oslo_user, cases=settled_in(actor=oslo_user), today=TODAY)
    assert settled.rows[0]["settlement_date"] == datetime.date(2019, 2, 14)
    assert settled.rows[0]["waiting_months"] == 1.0  # decision to settlement, not to today


def test_reception_staff_export_their_residents(caseworker, ready, make_user):
    family_case, _shielded = ready
    staff = make_user(Role.RECEPTION_STAFF, family_case.reception_centre)
    table = reception_residents_table(actor=staff, cases=reception_residents(actor=staff), today=TODAY)
    assert [row["case"] for row in table.rows] == [family_case.pk]
    assert "municipality" in dict(table.columns) and "reception_centre" not in dict(table.columns)


def test_the_download_is_audited_with_every_person(caseworker, ready):
    table = ready_queue_table(actor=caseworker, cases=ready_queue(actor=caseworker), today=TODAY)
    response = cases_export(actor=caseworker, table=table, file_format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3 and sheet["J2"].value == "Rami Haddad; Omar Haddad"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.object_type == "settlement.case.ready_queue" and entry.user == caseworker
    assert entry.subjects.count() == 3
    with pytest.raises(ValueError):
        cases_export(actor=caseworker, table=table, file_format="ods")
