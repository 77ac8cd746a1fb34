"""Computing each language's category from the evidence by the active rule table, keeping the history.

Called by every service that changes evidence or status, and daily (`nyinorge interpreter_categories`) so that
evidence that expires on a date takes effect without anyone touching the record.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from nyinorge.core.access import require
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.services.audit import audit_record
from nyinorge.interpreters.access import may_act_for
from nyinorge.interpreters.categories import (
    LANGUAGE_FREE_KINDS, EvidenceKind, Qualifications, RuleTable, rule_table_current,
)
from nyinorge.interpreters.models import CategoryHistory, Evidence, Interpreter, InterpreterLanguage
from nyinorge.interpreters.services.listings import listings_refresh


def qualifications_from(evidence: Iterable[Evidence], *, language: str, variant: str, on: datetime.date) -> Qualifications:
    """What counts for one language (and variant) on a date: evidence for the language as such counts for every
    variant, evidence for a variant only for that variant; the ethics course counts for every language."""
    authorisation = bilingual_test = ethics_course = False
    credits = 0
    for item in evidence:
        if not item.counts_on(on):
            continue
        if item.kind in LANGUAGE_FREE_KINDS:
            ethics_course = ethics_course or item.kind == EvidenceKind.ETHICS_COURSE
            continue
        if item.language != language or item.variant not in ("", variant):
            continue
        match item.kind:
            case EvidenceKind.AUTHORISATION:
                authorisation = True
            case EvidenceKind.EDUCATION:
                credits = max(credits, item.credits or 0)
            case EvidenceKind.BILINGUAL_TEST:
                bilingual_test = True
    return Qualifications(authorisation=authorisation, education_credits=credits, bilingual_test=bilingual_test,
                          ethics_course=ethics_course)


def _language_rows(interpreter: Interpreter, evidence: list[Evidence]) -> list[InterpreterLanguage]:
    """The interpreter's languages, adding one for each language named by evidence that is not rejected."""
    rows = {(row.language, row.variant): row for row in InterpreterLanguage.objects.filter(interpreter=interpreter)}
    for item in evidence:
        if item.kind in LANGUAGE_FREE_KINDS or item.status == Evidence.Status.REJECTED:
            continue
        key = (item.language, item.variant)
        if key not in rows:
            rows[key] = InterpreterLanguage.objects.create(interpreter=interpreter, language=item.language,
                                                           variant=item.variant)
    return sorted(rows.values(), key=lambda row: (row.language, row.variant))


def _apply(row: InterpreterLanguage, table: RuleTable, qualifications: Qualifications, *, on: datetime.date,
           reason: str, now: datetime.datetime) -> str | None:
    """Set the row's category; on a change close the open history period and open a new one. The change, or None."""
    category = table.category_for(qualifications)
    code, rank = (category.code, category.rank) if category else ("", 0)
    before = row.category
    changed = code != row.category or (code and table.version != row.rule_version)
    row.category, row.category_rank, row.rule_version, row.computed_at = code, rank, table.version, now
    if not changed:
        return None
    CategoryHistory.objects.filter(interpreter_language=row, valid_to__isnull=True).update(valid_to=on)
    CategoryHistory.objects.create(interpreter_language=row, category=code, valid_from=on, rule_version=table.version,
                                   reason=reason[:300])
    return f"{row.language}{'/' + row.variant if row.variant else ''}: {before or '–'} → {code or '–'}"


def categories_recompute(
    *, interpreter: Interpreter, actor: User | None, on: datetime.date | None = None, reason: str
) -> list[InterpreterLanguage]:
    """Recompute every language's category from the evidence counting on `on` (default today); history and audit."""
    require(may_act_for(actor, interpreter))
    on = on or timezone.localdate()
    now = timezone.now()
    table = rule_table_current()
    with transaction.atomic():
        # The lock serialises recomputes of one interpreter, so two reviews at once cannot interleave histories.
        interpreter = Interpreter.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=interpreter.pk)
        evidence = list(Evidence.objects.filter(interpreter=interpreter))
        rows = _language_rows(interpreter, evidence)
        changes = []
        for row in rows:
            qualifications = qualifications_from(evidence, language=row.language, variant=row.variant, on=on)
            change = _apply(row, table, qualifications, on=on, reason=reason, now=now)
            if change:
                changes.append(change)
        InterpreterLanguage.objects.bulk_update(rows, ["category", "category_rank", "rule_version", "computed_at"])
        listings_refresh(interpreter=interpreter)
        if changes:
            audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="interpreters.interpreter",
                         object_id=interpreter.pk, username="system" if actor is None else "",
                         detail=f"categories ({table.version}, {reason}): {'; '.join(changes)}")
    return rows


def interpreters_due_for_recompute(*, on: datetime.date) -> list[Interpreter]:
    """Interpreters whose counting evidence expired, or whose revocation took effect, since their last computation."""
    last = InterpreterLanguage.objects.values("interpreter").annotate(last=Min("computed_at"))
    last_by_interpreter = {row["interpreter"]: row["last"] for row in last}
    candidates = Evidence.objects.filter(
        Q(valid_until__lt=on) | Q(revoked_on__lte=on), status=Evidence.Status.APPROVED,
    ).values_list("interpreter", "valid_until", "revoked_on")
    due = set()
    for interpreter_id, valid_until, revoked_on in candidates:
        computed = last_by_interpreter.get(interpreter_id)
        if computed is None:
            due.add(interpreter_id)
            continue
        computed_on = timezone.localdate(computed)
        # Expiry takes effect the day after valid_until; a revocation on its date.
        effective = [d for d in (valid_until and valid_until + datetime.timedelta(days=1), revoked_on) if d and d <= on]
        if any(day > computed_on for day in effective):
            due.add(interpreter_id)
    return list(Interpreter.objects.filter(pk__in=due).order_by("pk"))


def categories_recompute_due(*, on: datetime.date | None = None) -> int:
    """The daily run: recompute everyone whose evidence expired or was revoked since; returns how many."""
    on = on or timezone.localdate()
    interpreters = interpreters_due_for_recompute(on=on)
    for interpreter in interpreters:
        categories_recompute(interpreter=interpreter, actor=None, on=on, reason="evidence expired or revoked")
    return len(interpreters)
