"""The reception centre's page: its residents in settlement cases and where each case stands."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.settlement.selectors.cases import reception_residents
from nyinorge.settlement.views.lists import case_list_response


@capability_required(Capability.FOLLOW_RESIDENTS_SETTLEMENT)
def residents(request: HttpRequest) -> HttpResponse:
    return case_list_response(request, cases=reception_residents(actor=request.user), what="residents",
                              template="settlement/residents.html", context={"today": timezone.localdate()})
