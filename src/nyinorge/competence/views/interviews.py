"""The settlement interview page (IMDinett mottak) for reception staff and the directorate, per case.

One page, one route: GET shows it; POST saves a draft (`save`), completes it (`complete`), adds a network-tie
row (`add_tie`, no JS needed; with htmx only the ties are swapped) or finds interpreters for the chosen language
(`find_interpreters`; with htmx the list follows the language as it is chosen, from `interview_interpreters`).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nyinorge.competence.forms_interview import InterviewForm, TieFormSet
from nyinorge.competence.models import SettlementInterview
from nyinorge.competence.selectors.interviews import (
    interpreters_for_interview,
    interview_case_for,
    interview_read,
    member_registrations,
)
from nyinorge.competence.services.interviews import EDITABLE_STATES, InterviewInput, TieInput, interview_save
from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.core.views.forms import copy_errors
from nyinorge.interpreters.models import Interpreter

TIES_PREFIX = "tie"


def _tie_initial(interview: SettlementInterview | None) -> list[dict]:
    if interview is None:
        return []
    return [{"municipality": tie.municipality_id, "relation": tie.relation, "note": tie.note}
            for tie in interview.network_ties.all()]


def _with_extra_row(data) -> dict:
    """The posted data with one more (empty) tie row: how "Add a row" works without JS."""
    data = data.copy()
    total = int(data.get(f"{TIES_PREFIX}-TOTAL_FORMS") or 0)
    data[f"{TIES_PREFIX}-TOTAL_FORMS"] = str(min(total + 1, 20))
    return data


def _input(form: InterviewForm, ties: TieFormSet) -> InterviewInput:
    data = form.cleaned_data
    interpreter = None
    if data.get("interpreter") and data.get("interpreter_language"):
        interpreter = Interpreter.objects.filter(pk=data["interpreter"]).first()
    return InterviewInput(
        held_on=data.get("held_on"), interpreter=interpreter, interpreter_language=data.get("interpreter_language") or "",
        family_situation=data.get("family_situation", ""), must_live_together=data.get("must_live_together", False),
        health_needs=data.get("health_needs", ""), accessible_dwelling=data.get("accessible_dwelling", False),
        rooms_needed=data.get("rooms_needed"), wishes=data.get("wishes", ""),
        competence_reviewed=data.get("competence_reviewed", False),
        ties=[TieInput(municipality=row["municipality"], relation=row["relation"], note=row.get("note", ""))
              for row in ties.cleaned_data if row.get("municipality") and row.get("relation")],
    )


@capability_required(Capability.HOLD_SETTLEMENT_INTERVIEWS)
def interview(request: HttpRequest, case_id: int) -> HttpResponse:
    case = interview_case_for(actor=request.user, case_id=case_id)
    current = interview_read(actor=request.user, case=case)
    status = 200
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if request.method == "POST":
        data = _with_extra_row(request.POST) if action == "add_tie" else request.POST
        form, ties = InterviewForm(data), TieFormSet(data, prefix=TIES_PREFIX)
        if action in ("save", "complete"):
            if form.is_valid() and ties.is_valid():
                try:
                    interview_save(actor=request.user, case=case, data=_input(form, ties),
                                   complete=action == "complete", version=form.cleaned_data.get("version"))
                except ValidationError as error:
                    copy_errors(form, error)
                else:
                    messages.success(request, _("The interview is completed, and the case is updated.")
                                     if action == "complete" else _("The interview is saved as a draft."))
                    return redirect("competence:interview", case_id=case.pk)
            status = 400
        else:
            form.is_valid()  # shown again with what was typed; nothing is saved
            form.errors.clear()
    else:
        form = InterviewForm(initial=InterviewForm.initial_from(current))
        ties = TieFormSet(initial=_tie_initial(current), prefix=TIES_PREFIX)
    if request.headers.get("HX-Request") and action == "add_tie":
        return render(request, "competence/interview/_ties.html", {"ties": ties})
    language = form["interpreter_language"].value() or ""
    chosen = form["interpreter"].value()
    return render(request, "competence/interview/form.html", {
        "case": case, "interview": current, "form": form, "ties": ties,
        "registrations": member_registrations(actor=request.user, case=case),
        "interpreters": interpreters_for_interview(language=language, name=form["interpreter_name"].value() or ""),
        "chosen_interpreter": str(chosen or ""),
        "editable": case.state in EDITABLE_STATES,
        "completed": current is not None and current.status == SettlementInterview.Status.COMPLETED,
    }, status=status)


@capability_required(Capability.HOLD_SETTLEMENT_INTERVIEWS)
def interview_interpreters(request: HttpRequest) -> HttpResponse:
    """The interpreters listed for a language (htmx): choices for the interview form, public data only."""
    language = request.GET.get("interpreter_language", "")[:8]
    name = request.GET.get("interpreter_name", "")[:100]
    return render(request, "competence/interview/_interpreters.html", {
        "interpreters": interpreters_for_interview(language=language, name=name),
        "language": language, "chosen_interpreter": request.GET.get("interpreter", "")[:20],
    })
