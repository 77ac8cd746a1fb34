"""What a municipality may read of the grants: the lines of approved runs for its own municipality, and the
approved runs of a year with their totals. Every page of lines is audited naming each person on it."""

import base64
import binascii
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, Organisation, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.grants.models import GrantLine, GrantRun
from nyinorge.grants.selectors.lines import shielded_lines_marked

PAID = [GrantRun.Status.APPROVED, GrantRun.Status.EXPORTED]
MAX_PAGE_SIZE = 1000


def own_municipality(actor: User) -> str:
    """The number of the municipality whose grants the actor may read (municipalities only)."""
    require(user_can(actor, Capability.VIEW_GRANTS))
    organisation = actor.organisation
    if organisation.kind != Organisation.Kind.MUNICIPALITY or organisation.municipality_id is None:
        raise PermissionDenied(_("Only a municipality reads its grant lines here."))
    return organisation.municipality_id


def _cursor_encode(line_id: int) -> str:
    return base64.urlsafe_b64encode(f"line:{line_id}".encode()).decode().rstrip("=")


def _cursor_decode(cursor: str) -> int:
    try:
        kind, _sep, value = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().partition(":")
        if kind != "line":
            raise ValueError(kind)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationError({"cursor": [_("The cursor is not one this API gave out.")]}) from None


@dataclass(frozen=True)
class LinesPage:
    lines: list[GrantLine]
    next_cursor: str | None


def paid_lines_page(*, actor: User, budget_year: int, instalment: int | None = None, cursor: str | None = None,
                    limit: int = 500) -> LinesPage:
    """One page of the approved lines of the actor's municipality, oldest first (lines never change, so a cursor
    on the id stays valid); audited, naming each person on the page."""
    municipality = own_municipality(actor)
    lines = (GrantLine.objects.filter(run__budget_year=budget_year, run__status__in=PAID, municipality_id=municipality)
             .select_related("run", "person", "rate").order_by("id"))
    if instalment is not None:
        lines = lines.filter(run__instalment=instalment)
    if cursor:
        lines = lines.filter(id__gt=_cursor_decode(cursor))
    limit = min(limit, MAX_PAGE_SIZE)
    page = list(lines[:limit + 1])
    more = len(page) > limit
    page = page[:limit]
    page = shielded_lines_marked(user=actor, lines=page)
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="grants.grantline",
                 person_ids=sorted({line.person_id for line in page if line.person_id}),
                 detail=f"grant lines {budget_year}{f'/{instalment}' if instalment else ''} of {municipality}: "
                        f"{len(page)} lines")
    return LinesPage(page, _cursor_encode(page[-1].pk) if more and page else None)


@dataclass(frozen=True)
class RunTotals:
    run: GrantRun
    municipality_total: Decimal
    municipality_lines: int


def paid_runs(*, actor: User, budget_year: int) -> list[RunTotals]:
    """The year's approved runs, each with the national total and the actor's municipality's share."""
    municipality = own_municipality(actor)
    runs = (GrantRun.objects.filter(budget_year=budget_year, status__in=PAID).order_by("instalment")
            .annotate(own_total=Sum("lines__amount", filter=Q(lines__municipality_id=municipality)),
                      own_lines=Count("lines", filter=Q(lines__municipality_id=municipality))))
    return [RunTotals(run, run.own_total or Decimal(0), run.own_lines) for run in runs]
