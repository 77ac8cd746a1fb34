"""`nyinorge import-settlements`: all or nothing, every bad row named with its line, re-import a no-op."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import AuditEntry, Person
from nyinorge.settlement.models import Case
from nyinorge.settlement.workflow import State
from nyinorge.statistics.kpis import kpis_compute

pytestmark = pytest.mark.django_db
HEADER = "person_id,case_id,birth_date,category,unaccompanied_minor,decision_date,settlement_date,municipality_number\n"
PARENT = synthetic_national_identity_number(datetime.date(1985, 3, 4))
CHILD = synthetic_national_identity_number(datetime.date(2012, 7, 1))
GOOD = HEADER + (
    f"{PARENT},F1,1985-03-04,resettlement,false,2019-01-10,2019-03-01,0301\n"
    f"{CHILD},F1,2012-07-01,resettlement,false,2019-01-10,2019-03-01,0301\n"
    "201912345678,M1,2005-02-02,reception,true,2019-02-01,2019-06-01,4601\n"
    "201812345678,W1,1990-01-01,reception,false,2019-05-01,,\n"
)


def write(tmp_path, text: str):
    path = tmp_path / "extract.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_then_reimport_changes_nothing(tmp_path, capsys):
    path = write(tmp_path, GOOD)
    call_command("import-settlements", path)
    assert "3 cases and 4 persons imported" in capsys.readouterr().out
    family = Case.objects.get(external_id="F1")
    assert (family.state, family.municipality_id, family.persons_count) == (State.SETTLED, "0301", 2)
    assert Case.objects.get(external_id="M1").settled_by == Case.SettledBy.CHILD_WELFARE  # 13 on the decision date
    assert Case.objects.get(external_id="W1").state == State.READY
    assert AuditEntry.objects.filter(object_type="settlement.import").count() == 1
    kpis = kpis_compute(year=2019)
    assert (kpis["settled_total"], kpis["families_with_children_settled"], kpis["unaccompanied_minors_settled"]) == (3, 1, 1)
    counts = (Case.objects.count(), Person.objects.count(), AuditEntry.objects.count())
    call_command("import-settlements", path)
    assert "0 cases and 0 persons imported; 3 cases were already here" in capsys.readouterr().out
    assert (Case.objects.count(), Person.objects.count(), AuditEntry.objects.count()) == counts


def test_bad_rows_are_named_with_their_line_and_nothing_is_stored(tmp_path):
    bad = GOOD + (
        "201712345678,X1,1990-01-01,holiday,maybe,2019-13-01,2019-02-01,0301\n"     # line 6
        "201712345679,X2,1990-01-01,reception,false,2019-05-01,2019-04-01,9999\n"   # line 7
        "201712345670,X3,1990-01-01,reception,false,2019-05-01,2019-06-01,\n"       # line 8
        "12345,X4,1990-01-01,reception,false,2019-05-01,,\n"                        # line 9
        f"{PARENT},X5,1985-03-04,reception,false,2019-05-01,,\n"                    # line 10
        "201712345671,F1,1990-01-01,reception,false,2019-01-10,2019-03-01,0301\n"   # line 11
    )
    before = (Case.objects.count(), Person.objects.count())
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import-settlements", write(tmp_path, bad))
    message = str(raised.value)
    assert message.startswith("Nothing was imported.")
    assert "line 6: category must be one of" in message and "unaccompanied_minor must be true or false" in message
    assert "decision_date is not a date YYYY-MM-DD: 2019-13-01" in message
    assert "line 7: unknown municipality number '9999'; settlement_date is before decision_date" in message
    assert "line 8: a settled person needs a municipality_number" in message
    assert "line 9: person_id:" in message
    assert "line 10: the person is also on line 2" in message
    assert "line 11: case F1: dates, category, flag and municipality must be the same as on line 2" in message
    assert "line 2:" not in message and "line 5:" not in message
    assert (Case.objects.count(), Person.objects.count()) == before


def test_missing_columns_and_missing_file(tmp_path):
    with translation.override("en"), pytest.raises(CommandError, match="lacks the columns: municipality_number"):
        call_command("import-settlements", write(tmp_path, "person_id,case_id,birth_date,category,unaccompanied_minor,"
                                                           "decision_date,settlement_date\n"))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import-settlements", str(tmp_path / "nope.csv"))


def test_a_possible_duplicate_needs_its_line_confirmed(tmp_path, make_person, monkeypatch):
    """The flow around the model's answer (the extract has no names, so the model alone rarely warns: it is
    given one here); the lookup itself is tested in tests/core/selectors/test_duplicates.py."""
    from nyinorge.core.dedup.scoring import PairScore, Reason
    from nyinorge.core.models import DuplicatePair
    from nyinorge.core.selectors.duplicates import Candidate
    from nyinorge.settlement.services import imports

    existing = make_person(given_name="Amina", family_name="Warsame", birth_date=datetime.date(1990, 1, 1))
    asked = []

    def likely(*, actor, record):
        asked.append(record)
        return [Candidate(existing, PairScore(9.0, 0.998, (Reason("birth_date", "exact_partial", 4.0),)))]

    monkeypatch.setattr(imports, "duplicates_for_new", likely)
    path = write(tmp_path, HEADER + "201812345678,W1,1990-01-01,reception,false,2019-05-01,,\n")
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import-settlements", path)
    message = str(raised.value)
    assert "line 2: the person may already be registered as Amina Warsame" in message and existing.national_id in message
    assert "recorded as 1 January or 1 July" in message
    assert asked[0].duf_number == "201812345678" and asked[0].birth_date == datetime.date(1990, 1, 1)
    assert not Case.objects.exists() and Person.objects.count() == 1
    call_command("import-settlements", path, "--different", "2")
    assert Case.objects.count() == 1
    pair = DuplicatePair.objects.get()
    new = Person.objects.get(duf_number="201812345678")
    assert pair.status == "different" and {pair.person_a_id, pair.person_b_id} == {existing.pk, new.pk}
