"""A municipality's grant lines as a CSV or Excel file, through core/exports (one audit entry naming the persons)."""

from collections.abc import Sequence

from django.http import HttpResponse
from django.utils.translation import gettext as _

from nyinorge.core.exports import export_response
from nyinorge.core.models import Municipality, User
from nyinorge.grants.models import GrantLine
from nyinorge.grants.selectors.lines import persons_of


def _columns() -> list[tuple[str, str]]:
    return [
        ("instalment", _("Instalment")), ("name", _("Name")), ("birth_year", _("Birth year")),
        ("scheme", _("Scheme")), ("chapter", _("Chapter")), ("post", _("Post")),
        ("year_after_settlement", _("Year after settlement")), ("rate_group", _("Rate group")),
        ("kind", _("Kind")), ("amount", _("Amount (NOK)")), ("assumed_rate", _("Assumed rate")),
        ("reason", _("Reason")),
    ]


def _name(line: GrantLine) -> str:
    if line.person is None:
        return _("The municipality (basic grant)")
    if getattr(line, "shielded", False):
        return _("Shielded identity")
    return f"{line.person.family_name}, {line.person.given_name}"


def _row(line: GrantLine) -> dict:
    shown = line.person is not None and not getattr(line, "shielded", False)
    return {
        "instalment": line.run.instalment, "name": _name(line),
        "birth_year": line.person.birth_date.year if shown else None,
        "scheme": line.get_scheme_display(), "chapter": line.chapter, "post": line.post,
        "year_after_settlement": line.year_after_settlement or None, "rate_group": line.rate_group,
        "kind": line.get_kind_display(), "amount": line.amount,
        "assumed_rate": bool(line.rate and line.rate.assumed), "reason": str(line.reason),
    }


def grant_lines_export(*, actor: User, lines: Sequence[GrantLine], municipality: Municipality, budget_year: int,
                       file_format: str) -> HttpResponse:
    return export_response(actor=actor, rows=[_row(line) for line in lines], columns=_columns(),
                           filename_stem=f"tilskudd-{municipality.number}-{budget_year}", file_format=file_format,
                           object_type="grants.grantline", persons=persons_of(lines))
