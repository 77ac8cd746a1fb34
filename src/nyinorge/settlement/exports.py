"""The settlement lists as export tables: which columns each list has, and what a row says.

Views pass the queryset their page shows (from `selectors/cases.py`); the rows are cut down to the
cases the actor may see once more here, so a wrong queryset cannot leak another municipality's cases.
A municipality's open proposals are exported as need-to-know only: no names, as on the page.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyinorge.core.exports import export_response
from nyinorge.core.models import Person, User
from nyinorge.settlement.models import Case
from nyinorge.settlement.models.cases import age_on
from nyinorge.settlement.selectors.cases import cases_visible_to, may_see_names, need_to_know, person_label

COLUMN_LABELS = {
    "case": gettext_lazy("Case number"),
    "category": gettext_lazy("Category"),
    "state": gettext_lazy("State"),
    "persons": gettext_lazy("Persons"),
    "ages": gettext_lazy("Ages"),
    "flags": gettext_lazy("Flags"),
    "decision_date": gettext_lazy("Decision date"),
    "waiting_months": gettext_lazy("Waiting months"),
    "reception_centre": gettext_lazy("Reception centre"),
    "municipality": gettext_lazy("Municipality"),
    "answer_deadline": gettext_lazy("Answer deadline"),
    "settlement_date": gettext_lazy("Settlement date"),
    "names": gettext_lazy("Names"),
}


@dataclass(frozen=True)
class ExportTable:
    rows: list[dict]
    columns: list[tuple[str, str]]
    persons: list[Person]
    object_type: str
    filename_stem: str


def _flags(*, unaccompanied_minor: bool, special_needs: bool, family_with_children: bool, shielded: bool = False) -> str:
    flags = [(unaccompanied_minor, _("unaccompanied minor")), (special_needs, _("special needs")),
             (family_with_children, _("family with children")), (shielded, _("shielded identity"))]
    return ", ".join(label for on, label in flags if on)


def _case_row(actor: User, case: Case, today: datetime.date) -> dict:
    members = list(case.members.all())
    ages = [age_on(member.person.birth_date, today) for member in members]
    names = ([person_label(actor, case, member.person) for member in members] if may_see_names(actor, case)
             else [_("Shielded identity")])
    return {
        "case": case.pk,
        "category": case.get_category_display(),
        "state": case.get_state_display(),
        "persons": case.persons_count,
        "ages": ", ".join(str(age) for age in ages),
        "flags": _flags(unaccompanied_minor=case.unaccompanied_minor, special_needs=case.special_needs,
                        family_with_children=not case.unaccompanied_minor and any(age < 18 for age in ages),
                        shielded=case.shielded_identity),
        "decision_date": case.decision_date,
        "waiting_months": round(case.waiting_months(today), 1),
        "reception_centre": case.reception_centre.name if case.reception_centre else "",
        "municipality": case.municipality.name if case.municipality else "",
        "answer_deadline": case.answer_deadline,
        "settlement_date": case.settlement_date,
        "names": "; ".join(names),
    }


def _need_to_know_row(actor: User, case: Case, today: datetime.date) -> dict:
    """Only what the municipality's answer needs (see `need_to_know`): no names, no identity numbers."""
    view = need_to_know(case, today, with_competence=False)  # the export has no competence column
    return {
        "case": view.case_id,
        "category": case.get_category_display(),
        "persons": view.persons,
        "ages": ", ".join(str(member.age) for member in view.members),
        "flags": _flags(unaccompanied_minor=view.unaccompanied_minor, special_needs=view.special_needs,
                        family_with_children=view.family_with_children),
        "answer_deadline": view.answer_deadline,
    }


def _table(
    *, actor: User, cases: QuerySet[Case], keys: list[str], what: str, stem: str,
    row: Callable[[User, Case, datetime.date], dict] = _case_row, today: datetime.date | None = None,
) -> ExportTable:
    today = today or timezone.localdate()
    visible = list(cases.filter(pk__in=cases_visible_to(actor).values("pk")))
    return ExportTable(
        rows=[row(actor, case, today) for case in visible],
        columns=[(key, str(COLUMN_LABELS[key])) for key in keys],
        persons=[member.person for case in visible for member in case.members.all()],
        object_type=f"settlement.case.{what}",
        filename_stem=stem,
    )


def ready_queue_table(*, actor: User, cases: QuerySet[Case], today: datetime.date | None = None) -> ExportTable:
    """The directorate's queue (from `ready_queue`)."""
    return _table(actor=actor, cases=cases, today=today, what="ready_queue", stem=_("ready-for-settlement"), keys=[
        "case", "category", "state", "persons", "ages", "flags", "decision_date", "waiting_months",
        "reception_centre", "names"])


def overdue_table(*, actor: User, cases: QuerySet[Case], today: datetime.date | None = None) -> ExportTable:
    """Proposals past their answer deadline (from `overdue_proposals`)."""
    return _table(actor=actor, cases=cases, today=today, what="overdue", stem=_("overdue-proposals"), keys=[
        "case", "category", "persons", "flags", "municipality", "answer_deadline", "decision_date",
        "waiting_months", "names"])


def proposals_table(*, actor: User, cases: QuerySet[Case], today: datetime.date | None = None) -> ExportTable:
    """A municipality's proposals awaiting its answer (from `proposals_for`), need-to-know only."""
    return _table(actor=actor, cases=cases, today=today, what="proposals", stem=_("proposals"), row=_need_to_know_row,
                  keys=["case", "category", "persons", "ages", "flags", "answer_deadline"])


def accepted_table(*, actor: User, cases: QuerySet[Case], today: datetime.date | None = None) -> ExportTable:
    """Cases a municipality has accepted, not yet settled (from `accepted_for`)."""
    return _table(actor=actor, cases=cases, today=today, what="accepted", stem=_("accepted"), keys=[
        "case", "category", "persons", "ages", "flags", "decision_date", "waiting_months", "reception_centre",
        "names"])


def settled_table(*, actor: User, cases: QuerySet[Case], today: datetime.date | None = None) -> ExportTable:
    """Cases settled in a municipality (from `settled_in`)."""
    return _table(actor=actor, cases=cases, today=today, what="settled", stem=_("settled"), keys=[
        "case", "category", "persons", "ages", "flags", "decision_date", "settlement_date", "waiting_months",
        "names"])


def reception_residents_table(*, actor: User, cases: QuerySet[Case], today: datetime.date | None = None) -> ExportTable:
    """A reception centre's residents in cases (from `reception_residents`)."""
    return _table(actor=actor, cases=cases, today=today, what="reception_residents", stem=_("residents"), keys=[
        "case", "category", "state", "persons", "ages", "flags", "decision_date", "waiting_months",
        "municipality", "names"])


def cases_export(*, actor: User, table: ExportTable, file_format: str) -> HttpResponse:
    """The table as a CSV or XLSX download, audited (ValueError for an unknown format)."""
    return export_response(actor=actor, rows=table.rows, columns=table.columns, filename_stem=table.filename_stem,
                           file_format=file_format, object_type=table.object_type, persons=table.persons)
