"""The yearly request: settlement years, indicator import, computing and overriding the request."""

import csv
from typing import TextIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, Municipality, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.settlement.apportionment import ApportionmentError, apportion
from nyinorge.settlement.criteria import Criteria, Indicators, request_weights
from nyinorge.settlement.models import MunicipalIndicators, RequestLine, RequestVersion, SettlementYear
from nyinorge.settlement.selectors.years import current_request

INDICATOR_COLUMNS = [
    "municipality_number", "population", "employment_share", "introduction_results_share",
    "immigrant_share", "ready", "settled_last_years",
]
TRUE_WORDS, FALSE_WORDS = {"true", "1", "yes", "ja"}, {"false", "0", "no", "nei", ""}


def settlement_year_create(*, actor: User, year: int, national_target: int, answer_deadline_days: int = 7) -> SettlementYear:
    """Open a settlement year with its national target."""
    require(user_can(actor, Capability.MANAGE_SETTLEMENT_YEAR))
    settlement_year = SettlementYear(year=year, national_target=national_target, answer_deadline_days=answer_deadline_days)
    settlement_year.full_clean()
    settlement_year.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="settlement.year", object_id=year)
    return settlement_year


def _parse_indicator_row(row: dict[str, str], known: set[str]) -> tuple[dict, list[str]]:
    problems = []
    number = (row.get("municipality_number") or "").strip()
    if number not in known:
        problems.append(f"unknown municipality number {number!r}")
    values: dict = {"municipality_id": number}
    for column, kind in [("population", int), ("settled_last_years", int), ("employment_share", float),
                         ("introduction_results_share", float), ("immigrant_share", float)]:
        raw = (row.get(column) or "").strip().replace(",", ".")
        try:
            value = kind(raw)
        except ValueError:
            problems.append(f"{column} is not a number: {raw!r}")
            continue
        if value < 0 or (kind is float and value > 1):
            problems.append(f"{column} out of range: {raw}")
        values[column] = value
    ready = (row.get("ready") or "").strip().lower()
    if ready not in TRUE_WORDS | FALSE_WORDS:
        problems.append(f"ready must be true or false, not {ready!r}")
    values["ready"] = ready in TRUE_WORDS
    return values, problems


def indicators_import(*, actor: User, year: SettlementYear, file: TextIO) -> int:
    """Replace the year's indicators from CSV (one row per municipality); all or nothing."""
    require(user_can(actor, Capability.MANAGE_SETTLEMENT_YEAR))
    reader = csv.DictReader(file)
    missing = set(INDICATOR_COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(_("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(sorted(missing))})
    known = set(Municipality.objects.values_list("number", flat=True))
    rows, errors, seen = [], [], set()
    for line, row in enumerate(reader, start=2):
        values, problems = _parse_indicator_row(row, known)
        if values["municipality_id"] in seen:
            problems.append(f"municipality {values['municipality_id']} appears twice")
        seen.add(values["municipality_id"])
        if problems:
            errors.append(_("line %(line)d: %(problems)s") % {"line": line, "problems": "; ".join(problems)})
        else:
            rows.append(MunicipalIndicators(year=year, **values))
    if errors:
        raise ValidationError([_("Nothing was imported. Correct these rows:"), *errors])
    with transaction.atomic():
        MunicipalIndicators.objects.filter(year=year).delete()
        MunicipalIndicators.objects.bulk_create(rows)
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="settlement.indicators",
                     object_id=year.year, detail=f"{len(rows)} rows imported")
    return len(rows)


def _criteria(year: SettlementYear) -> Criteria:
    return Criteria(
        immigrant_share_threshold=float(year.immigrant_share_threshold),
        weight_employment=year.weight_employment,
        weight_introduction_results=year.weight_introduction_results,
        weight_readiness=year.weight_readiness,
        weight_settlement_record=year.weight_settlement_record,
    )


def _new_version(*, actor: User, year: SettlementYear, overrides: dict[str, tuple[int, str]], note: str) -> RequestVersion:
    rows = [
        Indicators(i.municipality_id, i.population, i.employment_share, i.introduction_results_share,
                   i.immigrant_share, i.ready, i.settled_last_years)
        for i in MunicipalIndicators.objects.filter(year=year)
    ]
    if not rows:
        raise ValidationError(_("Import the municipal indicators for %(year)s first.") % {"year": year.year})
    weights, excluded = request_weights(rows, _criteria(year))
    all_weights = {row.municipality: weights.get(row.municipality, 0.0) for row in rows}
    unknown = set(overrides) - set(all_weights)
    if unknown:
        raise ValidationError(_("No indicators for municipality %(numbers)s.") % {"numbers": ", ".join(sorted(unknown))})
    try:
        computed = apportion(year.national_target, all_weights, excluded=set(excluded) - set(overrides))
        requested = apportion(
            year.national_target, all_weights,
            overrides={number: value for number, (value, _reason) in overrides.items()},
            excluded=set(excluded) - set(overrides),
        )
    except ApportionmentError as error:
        raise ValidationError(str(error)) from None
    with transaction.atomic():
        last = RequestVersion.objects.select_for_update().filter(year=year).order_by("-number").first()
        version = RequestVersion.objects.create(year=year, number=(last.number + 1) if last else 1, created_by=actor, note=note)
        RequestLine.objects.bulk_create([
            RequestLine(
                version=version, municipality_id=number, weight=all_weights[number], computed=computed[number],
                requested=requested[number], excluded_reason=excluded.get(number, "") if number not in overrides else "",
                override_reason=overrides[number][1] if number in overrides else "",
            )
            for number in sorted(all_weights)
        ])
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="settlement.requestversion",
                     object_id=version.pk, detail=f"{year.year} v{version.number}: {note}"[:500])
    return version


def _kept_overrides(year: SettlementYear) -> dict[str, tuple[int, str]]:
    last = current_request(year)
    return {
        line.municipality_id: (line.requested, line.override_reason)
        for line in (last.lines.exclude(override_reason="") if last else [])
    }


def request_compute(*, actor: User, year: SettlementYear, note: str = "") -> RequestVersion:
    """Compute a new request version from the indicators, keeping the overrides of the last version."""
    require(user_can(actor, Capability.MANAGE_SETTLEMENT_YEAR))
    kept = _kept_overrides(year)
    return _new_version(actor=actor, year=year, overrides=kept, note=note or _("computed from the indicators"))


def request_override(*, actor: User, year: SettlementYear, overrides: dict[str, int], reason: str) -> RequestVersion:
    """A new version with some municipalities set by hand (reason required); the rest re-spread."""
    require(user_can(actor, Capability.MANAGE_SETTLEMENT_YEAR))
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason for the override.")]})
    kept = _kept_overrides(year)
    kept.update({number: (value, reason.strip()) for number, value in overrides.items()})
    return _new_version(actor=actor, year=year, overrides=kept, note=_("override: %(reason)s") % {"reason": reason.strip()})

