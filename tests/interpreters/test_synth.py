"""The synthetic register (`nyinorge synth`) and the bulk service it loads through."""

import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from nyinorge.core.models import AuditEntry
from nyinorge.interpreters.models import Evidence, Interpreter, InterpreterLanguage, Listing
from nyinorge.interpreters.services.bulk import InterpreterRecord, interpreters_create_bulk
from nyinorge.interpreters.services.categories import categories_recompute
from nyinorge.synthetic.interpreters import (
    REPORT_SHARE_AUTHORISATION_OR_EDUCATION, register_records, register_synth,
)

pytestmark = pytest.mark.django_db


def test_a_tenth_of_the_register_has_the_reports_shares_and_loads_once(capsys, make_interpreter):
    make_interpreter(given_name="Demo", family_name="Søker")  # an applicant from the demo data does not stop the load
    call_command("synth", year=2019, seed=1, scale=0.05, verbosity=0)
    assert "interpreter register: 104 interpreters" in capsys.readouterr().out
    interpreters = Interpreter.objects.count() - 1
    qualified = Evidence.objects.filter(kind__in=["authorisation", "education"]).values("interpreter").distinct().count()
    assert abs(qualified / interpreters - REPORT_SHARE_AUTHORISATION_OR_EDUCATION) < 0.1
    assert InterpreterLanguage.objects.values("language").distinct().count() == 69
    assert Listing.objects.values("interpreter").distinct().count() == Interpreter.objects.filter(status="active").count()
    entries = AuditEntry.objects.count()
    assert register_synth(seed=1, scale=0.05) is None
    assert (Interpreter.objects.count(), AuditEntry.objects.count()) == (interpreters + 1, entries)


def test_the_full_register_is_2081_interpreters_in_69_languages_with_56_percent_qualified():
    records = register_records(seed=1)
    assert len(records) == 2081
    assert len({e.language for r in records for e in r.evidence if e.language}) == 69
    qualified = sum(any(e.kind in ("authorisation", "education") for e in r.evidence) for r in records)
    assert abs(qualified / len(records) - 0.56) < 0.02
    names = [r.interpreter.given_name + r.interpreter.family_name for r in records]
    # Latin script, as in the population register (Vietnamese and Polish letters included).
    assert [n for n in names if not all(c in " '-" or unicodedata.name(c, "").startswith("LATIN") for c in n)] == []
    assert register_records(seed=1)[100].interpreter.full_name == records[100].interpreter.full_name  # deterministic


def test_bulk_gives_the_same_categories_as_one_by_one(officer):
    created = interpreters_create_bulk(actor=officer, records=register_records(seed=3, count=40), source="synthetic")
    before = {(row.interpreter_id, row.language, row.variant): row.category for row in InterpreterLanguage.objects.all()}
    for interpreter in created:
        categories_recompute(interpreter=interpreter, actor=officer, reason="check")
    after = {(row.interpreter_id, row.language, row.variant): row.category for row in InterpreterLanguage.objects.all()}
    assert before == after and set(before.values()) >= {"B", "D", "E"}
    assert AuditEntry.objects.filter(detail__startswith="40 interpreters loaded").count() == 1


def test_bulk_is_all_or_nothing_with_numbered_errors(officer):
    good, bad = register_records(seed=2, count=2)
    bad.interpreter.email = "not an email"
    bad.evidence.append(Evidence(kind="education", language="ar", obtained_on=datetime.date(2018, 1, 1)))
    with pytest.raises(ValidationError) as error:
        interpreters_create_bulk(actor=officer, records=[good, bad], source="synthetic")
    assert {"1.email", "1.credits", "1.institution"} <= set(error.value.message_dict)
    assert not Interpreter.objects.exists()
    with pytest.raises(ValidationError) as error:
        interpreters_create_bulk(actor=officer, records=[InterpreterRecord(
            interpreter=Interpreter(given_name="A", family_name="B"),
            evidence=[Evidence(kind="education", language="ar", obtained_on=datetime.date(2018, 1, 1))])],
            source="synthetic")
    assert "0.credits" in error.value.message_dict
