"""The register's start page: the follow-up lists with their counts, and person search."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nyinorge.core.access import user_can
from nyinorge.core.models import Municipality, Organisation
from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.register.views.followup import as_of_date
from nyinorge.register.selectors.followup import FOLLOW_UP_SELECTORS, FOLLOW_UP_TITLES, followup_municipality


@capability_required(Capability.VIEW_INTRODUCTION_REGISTER)
def index(request: HttpRequest) -> HttpResponse:
    municipality = followup_municipality(actor=request.user, number=request.GET.get("municipality") or None)
    today = as_of_date(request)
    counts = []
    if municipality is not None:
        for which, selector in FOLLOW_UP_SELECTORS.items():
            rows = selector(actor=request.user, municipality=municipality, on=today)
            counts.append((which, FOLLOW_UP_TITLES[which], len(rows), sum(1 for row in rows if row.highlighted)))
    return render(request, "register/index.html", {
        "municipality": municipality, "counts": counts, "on": today,
        "municipalities": Municipality.objects.all() if request.user.organisation.kind == Organisation.Kind.DIRECTORATE else None,
        "may_import_outcomes": bool(user_can(request.user, Capability.RECORD_REGISTER_FACTS)),
    })
