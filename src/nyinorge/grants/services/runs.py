"""Grant runs: start (queued as a task), compute, approve (a second person), discard.

A run for (budget year, instalment k of N) owes, per person, scheme and municipality, the year's entitlement
times k/N (one-off grants in full from the first instalment they are known in), less what approved runs of the
year already paid for the same key. The part for instalment k is a regular line; anything else (a correction,
a person known only now, a move corrected) is a difference line. Lines are never changed: a correction after
payment only ever adds lines to a later instalment.
"""

import datetime
import logging
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.roles import Capability
from nyinorge.core.rows import rows_append
from nyinorge.core.services.audit import audit_record
from nyinorge.grants.models import SCHEME_POSTS, GrantLine, GrantRate, GrantRun
from nyinorge.grants.rules import Entitlement, basic_grant_band, entitlements_for
from nyinorge.grants.selectors.facts import grant_people
from nyinorge.grants.selectors.special import special_entitlements

logger = logging.getLogger(__name__)
PAID = [GrantRun.Status.APPROVED, GrantRun.Status.EXPORTED]
# Plain strings: an enum member's .value costs more than a dict lookup, once per line.
REGULAR, DIFFERENCE = GrantLine.Kind.REGULAR.value, GrantLine.Kind.DIFFERENCE.value


def instalments_per_year() -> int:
    return len(settings.GRANT_INSTALMENT_DATES)


def _round(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def grant_run_start(*, actor: User, budget_year: int, instalment: int) -> GrantRun:
    """Queue a run for the instalment (a background task); refused while an earlier instalment is unapproved."""
    require(user_can(actor, Capability.MANAGE_GRANTS))
    count = instalments_per_year()
    if not 1 <= instalment <= count:
        raise ValidationError({"instalment": [_("The instalment must be between 1 and %(count)d.") % {"count": count}]})
    if not GrantRate.objects.filter(budget_year=budget_year).exists():
        raise ValidationError({"budget_year": [_("No grant rates are loaded for %(year)d.") % {"year": budget_year}]})
    with transaction.atomic():
        # One year's runs one at a time: each compares with what the approved ones paid.
        live = list(GrantRun.objects.select_for_update().filter(budget_year=budget_year).exclude(
            status__in=[GrantRun.Status.FAILED, GrantRun.Status.DISCARDED]))
        if any(r.instalment < instalment and not r.is_paid for r in live):
            raise ValidationError({"instalment": [_("An earlier instalment of %(year)d is not approved yet.")
                                                  % {"year": budget_year}]})
        if any(r.instalment > instalment for r in live):
            raise ValidationError({"instalment": [_("A later instalment of %(year)d has a run already: a correction "
                                                    "goes into the next instalment.") % {"year": budget_year}]})
        if GrantRun.objects.filter(budget_year=budget_year, instalment=instalment).exclude(
                status__in=[GrantRun.Status.FAILED, GrantRun.Status.DISCARDED]).exists():
            raise ValidationError({"instalment": [_("Instalment %(instalment)d of %(year)d has a run already; "
                                                    "discard it first.") % {"instalment": instalment,
                                                                           "year": budget_year}]})
        run = GrantRun.objects.create(budget_year=budget_year, instalment=instalment, created_by=actor)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="grants.grantrun", object_id=run.pk,
                     detail=f"grant run {budget_year}/{instalment} queued")
        from nyinorge.grants.tasks import grant_run_compute_task

        transaction.on_commit(lambda: grant_run_compute_task.enqueue(run_id=run.pk))
    return run


def _rates(budget_year: int) -> dict[tuple[int, str, str, int], GrantRate]:
    return {(r.budget_year, r.scheme, r.rate_group, r.year_after_settlement): r
            for r in GrantRate.objects.filter(budget_year__in=[budget_year - 1, budget_year])}


def _rate_for(rates, entitlement: Entitlement) -> GrantRate | None:
    key = (entitlement.rate_year, entitlement.scheme, entitlement.rate_group)
    return rates.get((*key, entitlement.year_after_settlement)) or rates.get((*key, 0))


def _paid_so_far(budget_year: int) -> dict[tuple, Decimal]:
    """What approved runs of the year paid per (person, scheme, rate group, year after settlement, municipality)."""
    rows = (GrantLine.objects.filter(run__budget_year=budget_year, run__status__in=PAID)
            .values("person_id", "scheme", "rate_group", "year_after_settlement", "municipality_id")
            .annotate(total=Sum("amount")))
    return {(r["person_id"], r["scheme"], r["rate_group"], r["year_after_settlement"], r["municipality_id"]): r["total"]
            for r in rows}


def _progress(run: GrantRun, percent: int, step: str) -> None:
    GrantRun.objects.filter(pk=run.pk).update(progress=percent, step=step, heartbeat_at=timezone.now())


class LineRow(NamedTuple):
    """A grant line as the run writes it: a plain row, since a run writes some 100,000 of them at once (a model
    instance each cost more than the rules did). The names are GrantLine's attribute names."""

    run_id: int
    municipality_id: str
    scheme: str
    chapter: int
    post: int
    person_id: int | None
    rate_id: int | None
    rate_group: str
    year_after_settlement: int
    kind: str
    amount: Decimal
    reason: str


def grant_run_compute(*, run_id: int) -> GrantRun:
    """Compute a queued run's lines (the task's body): the entitlements of every person, against what was paid."""
    run = GrantRun.objects.get(pk=run_id)
    # Claimed by one worker only: a task delivered twice finds the run no longer queued.
    if not GrantRun.objects.filter(pk=run.pk, status=GrantRun.Status.QUEUED).update(
            status=GrantRun.Status.RUNNING, heartbeat_at=timezone.now()):
        run.refresh_from_db()
        return run
    try:
        # Outside the transaction, so the page polling the run sees its progress as it goes (the reads are no more
        # a snapshot inside one: PostgreSQL's READ COMMITTED reads each query afresh either way).
        lines = _compute_lines(run)
        with transaction.atomic():
            if not GrantRun.objects.select_for_update().filter(pk=run.pk, status=GrantRun.Status.RUNNING).exists():
                run.refresh_from_db()
                return run  # discarded as stale meanwhile: its lines are not written
            rows_append(GrantLine, LineRow._fields, lines)
            total = sum((line.amount for line in lines), Decimal(0))
            persons = len({line.person_id for line in lines if line.person_id})
            GrantRun.objects.filter(pk=run.pk, status=GrantRun.Status.RUNNING).update(
                status=GrantRun.Status.COMPUTED, progress=100, step="", computed_at=timezone.now(),
                lines_count=len(lines), total=total, persons=persons)
            audit_record(actor=None, username="system:grant-run", action=AuditEntry.Action.CREATE,
                         object_type="grants.grantrun", object_id=run.pk,
                         person_ids=sorted({line.person_id for line in lines if line.person_id}),
                         detail=f"grant run {run} computed: {len(lines)} lines, {persons} persons, {total} NOK")
    except Exception as error:
        logger.exception("grant run %s failed", run)
        GrantRun.objects.filter(pk=run.pk).update(status=GrantRun.Status.FAILED, error=str(error)[:2000])
        raise
    run.refresh_from_db()
    return run


def _compute_lines(run: GrantRun) -> list[LineRow]:
    count = instalments_per_year()
    share_now, share_before = Decimal(run.instalment) / count, Decimal(run.instalment - 1) / count
    rates = _rates(run.budget_year)
    paid = _paid_so_far(run.budget_year)
    owed: dict[tuple, tuple[Decimal, Decimal, GrantRate | None, Entitlement]] = {}
    missing_rates: set[tuple] = set()
    _progress(run, 5, "reading the registers")
    people = list(grant_people(budget_year=run.budget_year))
    for index, person in enumerate(people):
        if index % 5000 == 0:
            _progress(run, 10 + int(70 * index / max(len(people), 1)), f"{index} of {len(people)} persons")
        for entitlement in entitlements_for(person, run.budget_year):
            rate = _rate_for(rates, entitlement)
            if rate is None:
                missing_rates.add((entitlement.rate_year, entitlement.scheme, entitlement.rate_group,
                                   entitlement.year_after_settlement))
                continue
            key = (person.person_id, entitlement.scheme, entitlement.rate_group, entitlement.year_after_settlement,
                   entitlement.municipality)
            if entitlement.one_off or rate.unit == GrantRate.Unit.ONE_OFF:
                now, before = rate.amount, rate.amount  # all of it at once, from the first instalment
            else:
                now, before = _round(rate.amount * share_now), _round(rate.amount * share_before)
            owed[key] = (now, before, rate, entitlement)
    _progress(run, 80, "special grants")
    for person_id, entitlement in special_entitlements(budget_year=run.budget_year):
        key = (person_id, entitlement.scheme, entitlement.rate_group, entitlement.year_after_settlement,
               entitlement.municipality)
        if entitlement.one_off:
            now, before = entitlement.amount, entitlement.amount
        else:
            now, before = _round(entitlement.amount * share_now), _round(entitlement.amount * share_before)
        owed[key] = (now, before, None, entitlement)  # a decided amount, not a rate: no rate row
    _basic_grants(run, rates, owed, share_now, share_before, missing_rates)
    if missing_rates:
        raise ValidationError(_("No rate for: %(keys)s") % {"keys": ", ".join(map(str, sorted(missing_rates)[:10]))})
    _progress(run, 85, "comparing with what was paid")
    lines = []
    for key, (now, before, rate, entitlement) in owed.items():
        person_id, scheme, rate_group, year, municipality = key
        chapter, post = SCHEME_POSTS[scheme]
        already = paid.get(key, Decimal(0))
        one_off = entitlement.one_off or (rate is not None and rate.unit == GrantRate.Unit.ONE_OFF)
        if one_off:
            regular, difference = (now, Decimal(0)) if already == 0 else (Decimal(0), now - already)
        else:
            regular, difference = now - before, before - already
        common = (run.pk, municipality, scheme, chapter, post, person_id, rate.pk if rate is not None else None,
                  rate_group, year)
        rate_text = (f"rate {rate.budget_year} {rate.amount} NOK{' (assumed)' if rate.assumed else ''}"
                     if rate is not None else "decided amount")
        if regular:
            share = "once" if one_off else f"instalment {run.instalment} of {count}"
            lines.append(LineRow(*common, REGULAR, regular,
                                 f"{entitlement.reason}; {rate_text}; {share}"[:500]))
        if difference:
            lines.append(LineRow(*common, DIFFERENCE, difference,
                                 (f"{entitlement.reason}; {rate_text}; earlier instalments paid {already} "
                                  f"of {before} NOK")[:500]))
    # Keys paid before that nobody is owed now (a move corrected, a permit withdrawn): paid back.
    for key, already in paid.items():
        if key in owed or not already:
            continue
        person_id, scheme, rate_group, year, municipality = key
        chapter, post = SCHEME_POSTS[scheme]
        lines.append(LineRow(run.pk, municipality, scheme, chapter, post, person_id, None, rate_group, year,
                             DIFFERENCE, -already,
                             f"no longer owed after a correction of the register; earlier paid {already} NOK"))
    return lines


def _basic_grants(run: GrantRun, rates, owed: dict, share_now: Decimal, share_before: Decimal,
                  missing_rates: set) -> None:
    """The basic grant for Norwegian training: per municipality, by how many persons it gets the per-person grant for."""
    persons: dict[str, set[int]] = defaultdict(set)
    for (person_id, scheme, *_rest, municipality) in owed:
        if scheme == "norwegian_training":
            persons[municipality].add(person_id)
    for municipality, people in persons.items():
        group = basic_grant_band(len(people))
        entitlement = Entitlement("norwegian_basic", group, 0, run.budget_year, municipality,
                                  f"basic grant: {len(people)} persons with the Norwegian training grant in {run.budget_year}")
        rate = _rate_for(rates, entitlement)
        if rate is None:
            missing_rates.add((run.budget_year, "norwegian_basic", group, 0))
            continue
        if rate.amount:
            owed[(None, "norwegian_basic", group, 0, municipality)] = (
                _round(rate.amount * share_now), _round(rate.amount * share_before), rate, entitlement)


def grant_run_approve(*, actor: User, run: GrantRun) -> GrantRun:
    """Approve a computed run for payment: by a second person, never the one who started it (four eyes)."""
    require(user_can(actor, Capability.APPROVE_GRANTS))
    with transaction.atomic():
        run = GrantRun.objects.select_for_update().get(pk=run.pk)
        if run.status != GrantRun.Status.COMPUTED:
            raise ValidationError(_("Only a computed run can be approved (this one is %(status)s).")
                                  % {"status": run.get_status_display()})
        if run.created_by_id == actor.pk:
            raise PermissionDenied(_("A run is approved by a second person, not by the one who started it."))
        others = GrantRun.objects.select_for_update().filter(budget_year=run.budget_year).exclude(pk=run.pk)
        if others.filter(instalment__lt=run.instalment).exclude(
                status__in=[*PAID, GrantRun.Status.FAILED, GrantRun.Status.DISCARDED]).exists():
            raise ValidationError(_("An earlier instalment of %(year)d is not approved yet.") % {"year": run.budget_year})
        if others.filter(status__in=PAID, approved_at__gt=run.computed_at).exists():
            raise ValidationError(_("Another run of %(year)d was approved after this one was computed: discard this "
                                    "one and compute it again.") % {"year": run.budget_year})
        run.status, run.approved_by, run.approved_at = GrantRun.Status.APPROVED, actor, timezone.now()
        run.save(update_fields=["status", "approved_by", "approved_at"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="grants.grantrun", object_id=run.pk,
                     detail=f"grant run {run} approved: {run.lines_count} lines, {run.total} NOK")
    return run


def grant_run_discard(*, actor: User, run: GrantRun, reason: str) -> GrantRun:
    """Discard a computed or failed run (never an approved one) so the instalment can be run again."""
    require(user_can(actor, Capability.MANAGE_GRANTS))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the run is discarded.")]})
    with transaction.atomic():
        run = GrantRun.objects.select_for_update().get(pk=run.pk)
        if run.is_paid:
            raise ValidationError(_("An approved run is never discarded; a correction goes into the next instalment."))
        last_sign = run.heartbeat_at or run.created_at
        stale = timezone.now() - last_sign > datetime.timedelta(seconds=settings.SETTLEMENT_SUGGESTION_STALE_SECONDS)
        if run.status in (GrantRun.Status.QUEUED, GrantRun.Status.RUNNING) and not stale:
            # A worker that died leaves it so: after the stale time without a sign of life it may be discarded.
            raise ValidationError(_("The run is being computed; discard it when it is done."))
        run.lines.all().delete()
        run.status = GrantRun.Status.DISCARDED
        run.save(update_fields=["status"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="grants.grantrun", object_id=run.pk,
                     detail=f"grant run {run} discarded: {reason.strip()[:300]}")
    return run


def instalment_dates(budget_year: int) -> list[datetime.date]:
    """The payment dates of the year's instalments (setting GRANT_INSTALMENT_DATES, "MM-DD")."""
    return [datetime.date.fromisoformat(f"{budget_year}-{day}") for day in settings.GRANT_INSTALMENT_DATES]
