"""Categories computed from evidence through the services: every combination, expiry, revocation, per language,
history and audit; the public listing follows."""

import datetime
import itertools

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from nyinorge.core.models import AuditEntry
from nyinorge.core.roles import Role
from nyinorge.interpreters.models import CategoryHistory, Evidence, InterpreterLanguage, Listing
from nyinorge.interpreters.services.categories import (
    categories_recompute, categories_recompute_due, interpreters_due_for_recompute,
)
from nyinorge.interpreters.services.evidence import evidence_add, evidence_revoke, evidence_set_status
from nyinorge.interpreters.services.register import interpreter_set_status
from tests.interpreters.test_rule_table import expected_current

pytestmark = pytest.mark.django_db


def _category(interpreter, language="ar", variant=""):
    return InterpreterLanguage.objects.get(interpreter=interpreter, language=language, variant=variant).category


@pytest.mark.parametrize(("authorisation", "credits", "test", "course"),
                         list(itertools.product([False, True], [0, 30, 180], [False, True], [False, True])))
def test_every_combination_of_evidence_through_the_services(make_interpreter, officer, authorisation, credits, test,
                                                             course):
    interpreter = make_interpreter()
    added = []
    if authorisation:
        added.append(dict(kind="authorisation", language="ar"))
    if credits:
        added.append(dict(kind="education", language="ar", credits=credits, institution="OsloMet"))
    if test:
        added.append(dict(kind="bilingual_test", language="ar"))
    if course:
        added.append(dict(kind="ethics_course"))
    for item in added:
        evidence_add(actor=officer, interpreter=interpreter, obtained_on=datetime.date(2018, 1, 1), status="approved",
                     source="screen", recompute=False, **item)
    # A language with no evidence at all has no category either.
    rows = categories_recompute(interpreter=interpreter, actor=officer, reason="test")
    expected = expected_current(authorisation, credits, test, course)
    by_language = {row.language: row for row in rows}
    if authorisation or credits or test:
        assert by_language["ar"].category == expected
        assert by_language["ar"].category_rank == ({"": 0, "E": 1, "D": 2, "C": 3, "B": 4, "A": 5}[expected])
        assert by_language["ar"].rule_version == "2020-12"
    else:
        assert "ar" not in by_language  # the ethics course alone names no language


def test_pending_and_rejected_evidence_do_not_count_until_approved(make_interpreter, officer):
    interpreter = make_interpreter()
    evidence = evidence_add(actor=officer, interpreter=interpreter, kind="authorisation", language="ar",
                            obtained_on=datetime.date(2018, 1, 1), source="application")
    assert _category(interpreter) == ""
    evidence_set_status(actor=officer, evidence=evidence, status="rejected", reason="Ikke lesbar kopi")
    assert _category(interpreter) == ""
    evidence_set_status(actor=officer, evidence=evidence, status="approved")
    assert _category(interpreter) == "C"
    evidence.refresh_from_db()
    assert (evidence.reviewed_by, evidence.review_reason) == (officer, "")


def test_a_rejection_needs_a_reason(make_interpreter, officer):
    interpreter = make_interpreter()
    evidence = evidence_add(actor=officer, interpreter=interpreter, kind="authorisation", language="ar",
                            obtained_on=datetime.date(2018, 1, 1), source="application")
    with pytest.raises(ValidationError) as error:
        evidence_set_status(actor=officer, evidence=evidence, status="rejected", reason="  ")
    assert "reason" in error.value.message_dict


def test_revocation_drops_the_category_keeps_the_history_and_is_audited(make_interpreter, approve, officer):
    interpreter = make_interpreter()
    authorisation = approve(interpreter, "authorisation", "ar")
    approve(interpreter, "education", "ar", credits=30)
    assert _category(interpreter) == "B"
    interpreter_set_status(actor=officer, interpreter=interpreter, status="active")
    today = timezone.localdate()
    evidence_revoke(actor=officer, evidence=authorisation, revoked_on=today, reason="Bevilling tilbakekalt")
    assert _category(interpreter) == "D"
    history = list(CategoryHistory.objects.filter(interpreter_language__interpreter=interpreter)
                   .values_list("category", "valid_to"))
    assert history == [("C", today), ("B", today), ("D", None)]
    assert Listing.objects.get(interpreter=interpreter).category == "D"
    entry = AuditEntry.objects.filter(object_type="interpreters.interpreter", object_id=str(interpreter.pk)).first()
    assert "ar: B → D" in entry.detail and entry.user == officer
    with pytest.raises(ValidationError):
        evidence_revoke(actor=officer, evidence=authorisation, revoked_on=today, reason="igjen")


def test_a_revocation_needs_a_reason(make_interpreter, approve, officer):
    evidence = approve(make_interpreter(), "authorisation", "ar")
    with pytest.raises(ValidationError):
        evidence_revoke(actor=officer, evidence=evidence, revoked_on=timezone.localdate(), reason="")


def test_expiry_takes_effect_the_day_after_by_the_daily_recompute(make_interpreter, approve, officer):
    today = timezone.localdate()
    interpreter = make_interpreter()
    approve(interpreter, "bilingual_test", "so")
    approve(interpreter, "ethics_course", valid_until=today + datetime.timedelta(days=10))
    approve(interpreter, "authorisation", "ar")
    interpreter_set_status(actor=officer, interpreter=interpreter, status="active")
    assert (_category(interpreter, "so"), _category(interpreter, "ar")) == ("E", "C")
    assert interpreters_due_for_recompute(on=today + datetime.timedelta(days=10)) == []
    later = today + datetime.timedelta(days=11)
    with time_machine.travel(datetime.datetime.combine(later, datetime.time(3)), tick=False):
        assert interpreters_due_for_recompute(on=later) == [interpreter]
        assert categories_recompute_due(on=later) == 1
        assert categories_recompute_due(on=later) == 0  # done once
    assert (_category(interpreter, "so"), _category(interpreter, "ar")) == ("", "C")
    assert list(Listing.objects.filter(interpreter=interpreter).values_list("language", flat=True)) == ["ar"]
    closed = CategoryHistory.objects.get(interpreter_language__language="so", category="E")
    assert closed.valid_to == later
    assert AuditEntry.objects.filter(username="system", detail__contains="so: E → –").exists()


def test_categories_are_per_language(make_interpreter, approve):
    interpreter = make_interpreter()
    approve(interpreter, "authorisation", "ar")
    approve(interpreter, "education", "ti", credits=180)
    approve(interpreter, "bilingual_test", "so")
    assert {row.language: row.category for row in interpreter.languages.all()} == {"ar": "C", "ti": "B", "so": ""}
    approve(interpreter, "ethics_course")  # counts for every language: Somali now qualifies
    assert _category(interpreter, "so") == "E"


def test_variant_evidence_counts_for_that_variant_only(make_interpreter, approve):
    interpreter = make_interpreter()
    approve(interpreter, "authorisation", "ar", variant="levantine")
    approve(interpreter, "education", "ar", credits=30)
    # Education for Arabic as such counts for Levantine too; the Levantine authorisation not for Arabic as such.
    assert (_category(interpreter, "ar", "levantine"), _category(interpreter, "ar", "")) == ("B", "D")


def test_a_new_rule_table_recomputes_with_its_version_in_the_history(make_interpreter, approve, officer):
    interpreter = make_interpreter()
    approve(interpreter, "authorisation", "ar")
    with override_settings(INTERPRETER_CATEGORY_RULES="2019"):
        categories_recompute(interpreter=interpreter, actor=officer, reason="new rules")
    row = InterpreterLanguage.objects.get(interpreter=interpreter)
    assert (row.category, row.rule_version) == ("2", "2019")
    assert list(row.history.values_list("category", "rule_version")) == [("C", "2020-12"), ("2", "2019")]


def test_recompute_without_change_writes_no_history_or_audit(make_interpreter, approve, officer):
    interpreter = make_interpreter()
    approve(interpreter, "authorisation", "ar")
    entries, periods = AuditEntry.objects.count(), CategoryHistory.objects.count()
    categories_recompute(interpreter=interpreter, actor=officer, reason="again")
    assert (AuditEntry.objects.count(), CategoryHistory.objects.count()) == (entries, periods)


def test_evidence_input_is_checked_with_field_messages(make_interpreter, officer):
    interpreter = make_interpreter()
    cases = [
        (dict(kind="education", language="ar", institution="OsloMet"), "credits"),
        (dict(kind="education", language="ar", credits=30), "institution"),
        (dict(kind="authorisation", language=""), "language"),
        (dict(kind="authorisation", language="xx"), "language"),
        (dict(kind="authorisation", language="ar", variant="klingon"), "language"),
        (dict(kind="ethics_course", language="ar"), "language"),
        (dict(kind="authorisation", language="ar", credits=30), "credits"),
        (dict(kind="telepathy", language="ar"), "kind"),
        (dict(kind="authorisation", language="ar", obtained_on=timezone.localdate() + datetime.timedelta(days=1)),
         "obtained_on"),
        (dict(kind="authorisation", language="ar", valid_until=datetime.date(2000, 1, 1)), "valid_until"),
    ]
    for arguments, field in cases:
        arguments.setdefault("obtained_on", datetime.date(2018, 1, 1))
        with pytest.raises(ValidationError) as error:
            evidence_add(actor=officer, interpreter=interpreter, source="screen", **arguments)
        assert field in error.value.message_dict, (arguments, error.value.message_dict)
    assert not Evidence.objects.filter(interpreter=interpreter).exists()


def test_who_may_add_and_review_evidence(make_interpreter, make_user, municipality_org, officer):
    own_login = make_user(Role.ANALYST)
    interpreter = make_interpreter(user=own_login)
    municipal = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"))
    kwargs = dict(kind="authorisation", language="ar", obtained_on=datetime.date(2018, 1, 1), source="application")
    with pytest.raises(PermissionDenied):
        evidence_add(actor=municipal, interpreter=interpreter, **kwargs)
    with pytest.raises(PermissionDenied):
        evidence_add(actor=own_login, interpreter=interpreter, status="approved", **kwargs)
    pending = evidence_add(actor=own_login, interpreter=interpreter, **kwargs)
    assert pending.status == "pending"
    with pytest.raises(PermissionDenied):
        evidence_set_status(actor=own_login, evidence=pending, status="approved")
    with pytest.raises(PermissionDenied):
        evidence_set_status(actor=municipal, evidence=pending, status="approved")
    assert _category(interpreter) == ""


def test_the_daily_command(make_interpreter, approve, officer, capsys):
    from django.core.management import CommandError, call_command

    interpreter = make_interpreter()
    approve(interpreter, "authorisation", "ar", valid_until=timezone.localdate())
    interpreter_set_status(actor=officer, interpreter=interpreter, status="active")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(tomorrow, datetime.time(2)), tick=False):
        call_command("interpreter_categories")
    assert "1 interpreters recomputed" in capsys.readouterr().out
    assert not Listing.objects.filter(interpreter=interpreter).exists()
    with pytest.raises(CommandError):
        call_command("interpreter_categories", date="31.12.2026")
